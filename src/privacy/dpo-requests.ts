import type { Queue } from "bullmq";
import type { EscalationJob } from "../cases/escalation-jobs.js";
import type { CommuneConfig } from "../commune/config.js";
import { dpoDeadlines } from "./dpo-deadlines.js";
import { formatDateTimeVN } from "../core/local-time.js";
import type { Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import { leaders, listOfficers } from "../officers/officer-queries.js";
import type { Officer, OfficerRole } from "../officers/officer-rows.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies, type OutboundQueue } from "../queues/outbound.js";
import type { PersonRef } from "./consents.js";
import { recordRequest } from "./requests.js";

/**
 * Requests the hotline cannot settle by itself (a request about their data in the citizen's own
 * words, a correction it has nothing to apply to) go to the commune's data-protection officer
 * with the law's deadlines (Decree 356/2025/NĐ-CP): acknowledged within 2 working days, settled
 * within 15, counted on the commune's calendar (working-time.ts). They escalate like cases, on
 * the escalation queue (cases/escalation-jobs.ts): a delayed job per request and level with an
 * id from both, that re-reads the request and does nothing once it was acted on. Level 1 at the
 * acknowledgement deadline, level 2 at the settlement deadline: the handlers are reminded and
 * the commune's leadership told. The citizen is told when it is acknowledged and settled; their
 * account is kept for that on the request only until it is settled.
 */

/** The job name of a request's escalation on the escalation queue (beside the cases'). */
export const DPO_ESCALATION_JOB = "privacy-request-escalate";

/** What the officers and the citizen are told (Vietnamese, from flows/). */
export interface DpoWording {
  handlersNew(r: { id: number; detail: string; ackBy: string; settleBy: string }): string;
  handlersOverdue(r: { id: number; level: 1 | 2; ackBy: string; settleBy: string }): string;
  citizenAcknowledged(settleBy: string): string;
  citizenSettled(answer: string): string;
}

export interface DpoRequest {
  id: number;
  communeId: string;
  detail: string;
  receivedAt: Date;
  ackDueAt: Date;
  settleDueAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  settledAt: Date | null;
  settledBy: string | null;
  answer: string | null;
  escalationLevel: number;
}

interface Row {
  id: number;
  commune_id: string;
  detail: string;
  received_at: Date;
  ack_due_at: Date;
  settle_due_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  done_at: Date | null;
  settled_by: string | null;
  answer: string | null;
  escalation_level: number;
  channel: string;
  reply_user_id: string | null;
}

const COLUMNS =
  "id, commune_id, detail, received_at, ack_due_at, settle_due_at, acknowledged_at, acknowledged_by, done_at, settled_by, answer, escalation_level, channel, reply_user_id";

function fromRow(r: Row): DpoRequest {
  const d = (v: Date | null) => (v === null ? null : new Date(v));
  return {
    id: Number(r.id),
    communeId: r.commune_id,
    detail: r.detail,
    receivedAt: new Date(r.received_at),
    ackDueAt: new Date(r.ack_due_at),
    settleDueAt: new Date(r.settle_due_at),
    acknowledgedAt: d(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    settledAt: d(r.done_at),
    settledBy: r.settled_by,
    answer: r.answer,
    escalationLevel: Number(r.escalation_level),
  };
}

async function rowOf(db: Queryable, id: number): Promise<Row | null> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM privacy_requests WHERE id = $1 AND kind = 'dpo'`, [id]);
  return rows[0] ?? null;
}

export interface DpoDeps {
  db: Queryable;
  outbound: OutboundQueue;
  escalation: Queue<EscalationJob>;
  /** The roles holding `privacy-requests:settle` (api/auth.ts): who handles the requests. */
  handlerRoles: readonly OfficerRole[];
  say: DpoWording;
  now?: () => Date;
}

/** File the citizen's request (once per event), tell its handlers and schedule its escalations. */
export async function fileDpoRequest(
  deps: DpoDeps,
  who: PersonRef & { userId: string },
  commune: CommuneConfig,
  eventId: string,
  detail: string,
): Promise<DpoRequest> {
  const now = deps.now?.() ?? new Date();
  const recorded = await recordRequest(deps.db, who, "dpo", eventId, now);
  const deadlines = dpoDeadlines(commune, now);
  await deps.db.query(
    `UPDATE privacy_requests SET detail = $2, ack_due_at = $3, settle_due_at = $4, reply_user_id = $5
     WHERE id = $1 AND ack_due_at IS NULL`,
    [recorded.id, detail, deadlines.ackBy, deadlines.settleBy, who.userId],
  );
  const r = fromRow((await rowOf(deps.db, recorded.id))!);
  const text = deps.say.handlersNew({
    id: r.id,
    detail: r.detail,
    ackBy: formatDateTimeVN(r.ackDueAt),
    settleBy: formatDateTimeVN(r.settleDueAt),
  });
  await tell(deps, r.communeId, await handlers(deps, r.communeId), `dpo-new-${r.id}`, text);
  for (const level of [1, 2] as const) {
    const at = level === 1 ? r.ackDueAt : r.settleDueAt;
    await deps.escalation.add(
      DPO_ESCALATION_JOB,
      { code: String(r.id), level },
      { jobId: dpoEscalationJobId(r.id, level), delay: Math.max(0, at.getTime() - now.getTime()) },
    );
  }
  logger.info("a request for the data-protection officer filed", { request: r.id, communeId: r.communeId });
  return r;
}

export function dpoEscalationJobId(id: number, level: 1 | 2): string {
  return jobId("esc", "dpo", String(id), `L${level}`);
}

/** Run a request's escalation job: re-read it; nothing once acknowledged (level 1) or settled. */
export async function processDpoEscalation(
  deps: DpoDeps,
  data: { code: string; level: 1 | 2 },
): Promise<
  { escalated: true; level: 1 | 2; officers: string[] } | { escalated: false; reason: "not_found" | "acted_on" | "already_done" }
> {
  const row = await rowOf(deps.db, Number(data.code));
  if (!row) return { escalated: false, reason: "not_found" };
  const r = fromRow(row);
  if (r.settledAt || (data.level === 1 && r.acknowledgedAt)) return { escalated: false, reason: "acted_on" };
  if (r.escalationLevel >= data.level) return { escalated: false, reason: "already_done" };
  await deps.db.query("UPDATE privacy_requests SET escalation_level = $2 WHERE id = $1 AND escalation_level < $2", [r.id, data.level]);
  const officers = [...(await handlers(deps, r.communeId)), ...(await leaders(deps.db, r.communeId))];
  const unique = [...new Map(officers.map((o) => [o.id, o])).values()];
  const text = deps.say.handlersOverdue({
    id: r.id,
    level: data.level,
    ackBy: formatDateTimeVN(r.ackDueAt),
    settleBy: formatDateTimeVN(r.settleDueAt),
  });
  await tell(deps, r.communeId, unique, dpoEscalationJobId(r.id, data.level), text);
  logger.info("a request for the data-protection officer escalated", { request: r.id, level: data.level });
  return { escalated: true, level: data.level, officers: unique.map((o) => o.id) };
}

export async function listDpoRequests(db: Queryable, communeId: string, open: boolean): Promise<DpoRequest[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM privacy_requests WHERE kind = 'dpo' AND commune_id = $1 ${open ? "AND done_at IS NULL" : ""}
     ORDER BY settle_due_at, id LIMIT 500`,
    [communeId],
  );
  return rows.map(fromRow);
}

export type DpoChange = { found: false } | { found: true; conflict: "settled" } | { found: true; request: DpoRequest };

/** Acknowledge (once; again is a no-op answer), and tell the citizen. */
export async function acknowledgeDpoRequest(deps: DpoDeps, id: number, communeIds: (c: string) => boolean, by: string): Promise<DpoChange> {
  const row = await rowOf(deps.db, id);
  if (!row || !communeIds(row.commune_id)) return { found: false };
  if (row.done_at) return { found: true, conflict: "settled" };
  if (!row.acknowledged_at) {
    const now = deps.now?.() ?? new Date();
    await deps.db.query(
      "UPDATE privacy_requests SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL",
      [id, now, by],
    );
    await deps.escalation.remove(dpoEscalationJobId(id, 1));
    if (row.reply_user_id)
      await enqueueReplies(deps.outbound, {
        jobId: jobId("dpo-ack", String(id)),
        communeId: row.commune_id,
        userId: row.reply_user_id,
        channel: "zalo",
        replies: [{ type: "text", text: deps.say.citizenAcknowledged(formatDateTimeVN(new Date(row.settle_due_at))) }],
      });
  }
  return { found: true, request: fromRow((await rowOf(deps.db, id))!) };
}

/** Settle with the answer given to the citizen (told in the chat); their account is then dropped from the request. */
export async function settleDpoRequest(
  deps: DpoDeps,
  id: number,
  communeIds: (c: string) => boolean,
  by: string,
  answer: string,
): Promise<DpoChange> {
  const row = await rowOf(deps.db, id);
  if (!row || !communeIds(row.commune_id)) return { found: false };
  if (row.done_at) return { found: true, conflict: "settled" };
  const now = deps.now?.() ?? new Date();
  await deps.db.query(
    `UPDATE privacy_requests SET done_at = $2, settled_by = $3, answer = $4, outcome = $5,
       acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE(acknowledged_by, $3)
     WHERE id = $1 AND done_at IS NULL`,
    [id, now, by, answer, JSON.stringify({ settledByOfficer: 1 })],
  );
  for (const level of [1, 2] as const) await deps.escalation.remove(dpoEscalationJobId(id, level));
  if (row.reply_user_id) {
    await enqueueReplies(deps.outbound, {
      jobId: jobId("dpo-settled", String(id)),
      communeId: row.commune_id,
      userId: row.reply_user_id,
      channel: "zalo",
      replies: [{ type: "text", text: deps.say.citizenSettled(answer) }],
    });
    await deps.db.query("UPDATE privacy_requests SET reply_user_id = NULL WHERE id = $1", [id]);
  }
  return { found: true, request: fromRow((await rowOf(deps.db, id))!) };
}

async function handlers(deps: DpoDeps, communeId: string): Promise<Officer[]> {
  return (await listOfficers(deps.db, communeId)).filter((o) => o.active && deps.handlerRoles.includes(o.role));
}

async function tell(deps: DpoDeps, communeId: string, officers: Officer[], key: string, text: string): Promise<void> {
  const reachable = officers.filter((o): o is Officer & { zaloUserId: string } => o.zaloUserId !== null);
  if (!reachable.length) logger.warn("a request for the data-protection officer has nobody to tell on Zalo", { communeId });
  for (const o of reachable)
    await enqueueReplies(deps.outbound, { jobId: jobId(key, o.id), communeId, userId: o.zaloUserId, replies: [{ type: "text", text }] });
}
