import type { Database } from "../db/database.js";
import type { Case } from "./case.js";
import { audit } from "./case-audit.js";
import { statusNotice } from "./case-changes.js";
import { CASE_COLUMNS, caseByCode, type CaseRow, toCase } from "./case-rows.js";
import { writeCaseNotices } from "./outbox.js";
import { currentDataKeys } from "../privacy/installed-keys.js";

/** A resident as stored with a case: the reporter's channel and user id. */
interface Resident {
  channel: string;
  userId: string;
}

/**
 * The reporter's answer to "was the violation dealt with?" on a resolved case. Yes is recorded;
 * no, within `reopenWithinMs` of the resolution, reopens it (back to in progress, a new
 * resolution deadline) and counts it. Null when it is not the reporter's resolved case any more
 * (or too late to reopen); `reopened` tells which happened.
 */
export async function recordResolutionAnswer(
  db: Database,
  code: string,
  reporter: Resident,
  resolved: boolean,
  opts: { now: Date; reopenWithinMs: number; newResolveDueAt: (category: string) => Date; reason?: string },
): Promise<{ case: Case; reopened: boolean } | null> {
  return db.transaction(async (tx) => {
    const c = await caseByCode(tx, code, true);
    if (!c || c.status !== "resolved" || c.reporterChannel !== reporter.channel || c.reporterUserId !== reporter.userId) return null;
    if (resolved) {
      const rows = await tx.query<CaseRow>(`UPDATE cases SET citizen_confirmed = true WHERE code = $1 RETURNING ${CASE_COLUMNS}`, [c.code]);
      await audit(tx, c.code, "citizen", "citizen_confirmed", null, null, { channel: reporter.channel }, opts.now);
      return { case: toCase(rows[0]!), reopened: false };
    }
    if (!c.resolvedAt || opts.now.getTime() - c.resolvedAt.getTime() > opts.reopenWithinMs) return null;
    const rows = await tx.query<CaseRow>(
      `UPDATE cases SET status = 'in_progress', resolved_at = NULL, citizen_confirmed = false, reopened_count = reopened_count + 1,
         resolve_due_at = $2, updated_at = $3 WHERE code = $1 RETURNING ${CASE_COLUMNS}`,
      [c.code, opts.newResolveDueAt(c.category), opts.now],
    );
    await audit(
      tx,
      c.code,
      "citizen",
      "transition",
      "resolved",
      "in_progress",
      { reopenedBy: "reporter", channel: reporter.channel, ...(opts.reason ? { reason: opts.reason.slice(0, 500) } : {}) },
      opts.now,
    );
    await writeCaseNotices(
      tx,
      c.code,
      [
        statusNotice("resolved", "in_progress", opts.now),
        { kind: "officers-reopened", at: opts.now.toISOString(), ...(opts.reason ? { reason: opts.reason.slice(0, 500) } : {}) },
      ],
      opts.now,
    );
    return { case: toCase(rows[0]!), reopened: true };
  });
}

/** Store the reporter's 1–5 rating of how their case was handled; false if it is not their case. */
export async function storeRating(
  db: Database,
  code: string,
  reporter: Resident,
  rating: number,
  now: Date = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      "UPDATE cases SET rating = $4, rated_at = $5 WHERE code = $1 AND reporter_channel = $2 AND reporter_hash = $3 RETURNING code",
      [code.trim().toUpperCase(), reporter.channel, currentDataKeys().personHash(reporter.channel, reporter.userId), rating, now],
    );
    if (!rows.length) return false;
    await audit(tx, code.trim().toUpperCase(), "citizen", "rated", null, null, { rating, channel: reporter.channel }, now);
    return true;
  });
}
