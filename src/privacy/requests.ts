import type { Queryable } from "../db/database.js";
import type { PersonRef } from "./consents.js";

export type RightsRequestKind = "access" | "erasure" | "rectification" | "restriction" | "objection" | "dpo";

/**
 * Record a request of a data subject (once per event) and return its id, or null when that event
 * was recorded before (a redelivery: the caller checks whether it is done).
 */
export async function recordRequest(
  db: Queryable,
  who: PersonRef,
  kind: RightsRequestKind,
  eventId: string,
  at: Date,
): Promise<{ id: number; doneAt: Date | null }> {
  await db.query(
    `INSERT INTO privacy_requests (commune_id, person_hash, channel, kind, event_id, received_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
    [who.communeId, who.personHash, who.channel, kind, eventId, at],
  );
  const rows = await db.query<{ id: number; done_at: Date | null }>("SELECT id, done_at FROM privacy_requests WHERE event_id = $1", [
    eventId,
  ]);
  const row = rows[0]!;
  return { id: Number(row.id), doneAt: row.done_at };
}

/** The request is settled: when, and what was done (counts per kind, never the data). */
export async function settleRequest(db: Queryable, id: number, at: Date, outcome: Record<string, number>): Promise<void> {
  await db.query("UPDATE privacy_requests SET done_at = $2, outcome = $3 WHERE id = $1", [id, at, JSON.stringify(outcome)]);
}
