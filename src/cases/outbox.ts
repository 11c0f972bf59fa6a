import { z } from "zod";
import type { Queryable } from "../db/database.js";
import { caseStatusSchema } from "./case.js";

/**
 * The outbox of cases (table `case_outbox`, migration 009): what a change of a case sets in
 * motion is written in the change's own transaction, so it happens once the change is committed,
 * whatever Redis or the process does next. `outbox-relay.ts` moves the rows to the `notify`
 * queue, `case-notices.ts` carries them out.
 */

/** What a change of a case sets in motion (one outbox row each). Times are the change's, ISO. */
export const caseNoticeSchema = z.discriminatedUnion("kind", [
  /** The reporter's confirmation of a report filed from Zalo: its code, team, deadline. */
  z.object({ kind: z.literal("reporter-confirmation") }),
  /** The team's on-duty officers told of a new case. */
  z.object({ kind: z.literal("officers-new-case") }),
  /** The escalation clock of a new case (re-reads the case: an acted-on case schedules nothing). */
  z.object({ kind: z.literal("schedule-escalation") }),
  /** The photo keeper copies the case's photos: the report's, or (`proofRef`: the message) an officer's proof. */
  z.object({ kind: z.literal("keep-photos"), proofRef: z.string().min(1).optional() }),
  /** A status change: followers told (with the public result or reason), escalation stopped when leaving `new`. */
  z.object({
    kind: z.literal("status-changed"),
    from: caseStatusSchema,
    to: caseStatusSchema,
    at: z.iso.datetime(),
    note: z.string().optional(),
    /** Closed as a duplicate: the case it joined (its followers are told which). */
    duplicateOf: z.string().optional(),
  }),
  /** The case handed to another team, whose on-duty officers are told. */
  z.object({ kind: z.literal("handed-over"), teamId: z.string().min(1), at: z.iso.datetime() }),
  /**
   * The case handed to another commune (`transfer.ts`): the new team told of a transfer, the old
   * team that it left, the reporter and followers once (through their own OA), the escalation
   * clock restarted on the new commune's deadlines.
   */
  z.object({
    kind: z.literal("transferred"),
    fromCommune: z.string().min(1),
    fromTeam: z.string().nullable(),
    reason: z.string().max(500),
    at: z.iso.datetime(),
  }),
  /** The team's on-duty officers told that the reporter reopened the case. */
  z.object({ kind: z.literal("officers-reopened"), at: z.iso.datetime(), reason: z.string().max(500).optional() }),
]);
export type CaseNotice = z.infer<typeof caseNoticeSchema>;

/** Write `notices` of case `code` (call it inside the transaction of the change). */
export async function writeCaseNotices(tx: Queryable, code: string, notices: readonly CaseNotice[], now: Date): Promise<void> {
  for (const { kind, ...payload } of notices) {
    await tx.query("INSERT INTO case_outbox (case_code, kind, payload, created_at) VALUES ($1, $2, $3, $4)", [
      code,
      kind,
      JSON.stringify(payload),
      now,
    ]);
  }
}

/** An outbox row claimed by a relay. */
export interface ClaimedNotice {
  id: number;
  caseCode: string;
}

/**
 * Claim up to `limit` rows not yet relayed (oldest first) for `leaseMs`: other relays skip them
 * until the lease ends (a relay that died holding them leaves them to the next one). Rows locked
 * by another relay's claim at this moment are skipped, not waited for.
 */
export async function claimCaseNotices(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedNotice[]> {
  const rows = await db.query<{ id: number; case_code: string }>(
    `UPDATE case_outbox SET claimed_until = now() + $2 * interval '1 millisecond', relay_attempts = relay_attempts + 1
     WHERE id IN (SELECT id FROM case_outbox WHERE relayed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                  ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, case_code`,
    [Math.max(1, Math.trunc(limit)), Math.max(1, Math.trunc(leaseMs))],
  );
  return rows.map((r) => ({ id: Number(r.id), caseCode: r.case_code })).sort((a, b) => a.id - b.id);
}

/** The rows are in the queue: no relay takes them again. */
export async function markRelayed(db: Queryable, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await db.query("UPDATE case_outbox SET relayed_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ANY($1::int[])", [
    [...ids],
  ]);
}

/**
 * Rows relayed more than `olderThanMs` ago and still not carried out: their job failed for good
 * (or was removed) before it could do them. Oldest first.
 */
export async function stuckCaseNotices(db: Queryable, olderThanMs: number, limit: number): Promise<ClaimedNotice[]> {
  const rows = await db.query<{ id: number; case_code: string }>(
    `SELECT id, case_code FROM case_outbox WHERE done_at IS NULL AND relayed_at < now() - $1 * interval '1 millisecond'
     ORDER BY id LIMIT $2`,
    [Math.max(0, Math.trunc(olderThanMs)), Math.max(1, Math.trunc(limit))],
  );
  return rows.map((r) => ({ id: Number(r.id), caseCode: r.case_code }));
}

/** Give claimed rows back at once (the queue refused them), with the reason for the record. */
export async function releaseClaims(db: Queryable, ids: readonly number[], error: string): Promise<void> {
  if (!ids.length) return;
  await db.query("UPDATE case_outbox SET claimed_until = NULL, last_error = $2 WHERE id = ANY($1::int[]) AND relayed_at IS NULL", [
    [...ids],
    error.slice(0, 500),
  ]);
}

/** A row to carry out. */
export interface PendingNotice {
  id: number;
  notice: CaseNotice;
}

/** The case's rows up to `upToId` not yet carried out, oldest first. */
export async function undoneNoticesOfCase(db: Queryable, code: string, upToId: number): Promise<PendingNotice[]> {
  const rows = await db.query<{ id: number; kind: string; payload: Record<string, unknown> | string }>(
    "SELECT id, kind, payload FROM case_outbox WHERE case_code = $1 AND id <= $2 AND done_at IS NULL ORDER BY id",
    [code, upToId],
  );
  return rows.map((r) => {
    const payload = typeof r.payload === "string" ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload;
    return { id: Number(r.id), notice: caseNoticeSchema.parse({ ...payload, kind: r.kind }) };
  });
}

/** The row is carried out: a second job for it (queued again after a relay's crash) does nothing. */
export async function markNoticeDone(db: Queryable, id: number): Promise<void> {
  await db.query("UPDATE case_outbox SET done_at = now() WHERE id = $1 AND done_at IS NULL", [id]);
}

/** Forget rows carried out more than `days` ago; how many. */
export async function pruneDoneNotices(db: Queryable, days: number): Promise<number> {
  const rows = await db.query(
    "DELETE FROM case_outbox WHERE done_at IS NOT NULL AND done_at < now() - $1 * interval '1 day' RETURNING id",
    [days],
  );
  return rows.length;
}
