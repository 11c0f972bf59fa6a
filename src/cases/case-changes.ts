import type { Database } from "../db/database.js";
import {
  type Case,
  CaseInputError,
  type CaseNote,
  type CaseStatus,
  canTransition,
  OPEN_STATUSES,
  TransitionNotAllowedError,
} from "./case.js";
import { type ActChannel, audit, withChannel } from "./case-audit.js";
import { CASE_COLUMNS, type CaseRow, existingCase, toCase } from "./case-rows.js";
import { type CaseNotice, writeCaseNotices } from "./outbox.js";

/** A status change's notice; only a result or a reason is public, so only those travel with it. */
export function statusNotice(from: CaseStatus, to: CaseStatus, at: Date, note?: string): Extract<CaseNotice, { kind: "status-changed" }> {
  return { kind: "status-changed", from, to, at: at.toISOString(), ...(note && (to === "resolved" || to === "rejected") ? { note } : {}) };
}

/**
 * Move a case to `to`, if the life cycle allows it (`TransitionNotAllowedError` otherwise), with
 * an audit event, the note, if any, and the status notice (outbox: the followers are told, and
 * leaving `new` cancels the escalation jobs). Acknowledging stamps `acknowledged_at` (which stops
 * escalation); resolving stamps `resolved_at`, and reopening clears it.
 */
export async function transition(
  db: Database,
  code: string,
  to: CaseStatus,
  actor: string,
  note?: string,
  now: Date = new Date(),
  channel?: ActChannel,
): Promise<Case> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code, true);
    if (!canTransition(c.status, to)) throw new TransitionNotAllowedError(c.code, c.status, to);
    const rows = await tx.query<CaseRow>(
      `UPDATE cases SET status = $2,
         acknowledged_at = CASE WHEN $2 IN ('acknowledged', 'in_progress', 'resolved') THEN COALESCE(acknowledged_at, $3) ELSE acknowledged_at END,
         resolved_at = CASE WHEN $2 = 'resolved' THEN $3 WHEN $2 = 'in_progress' THEN NULL ELSE resolved_at END,
         updated_at = $3
       WHERE code = $1 RETURNING ${CASE_COLUMNS}`,
      [c.code, to, now],
    );
    const trimmed = note?.trim();
    if (trimmed)
      await tx.query("INSERT INTO case_notes (case_code, author, body, created_at) VALUES ($1, $2, $3, $4)", [c.code, actor, trimmed, now]);
    await audit(tx, c.code, actor, "transition", c.status, to, withChannel(trimmed ? { note: trimmed } : null, channel), now);
    await writeCaseNotices(tx, c.code, [statusNotice(c.status, to, now, trimmed)], now);
    return toCase(rows[0]!);
  });
}

/** Add an officer's note to a case (audited). */
export async function addNote(
  db: Database,
  code: string,
  author: string,
  body: string,
  now: Date = new Date(),
  channel?: ActChannel,
): Promise<CaseNote> {
  const text = body.trim();
  if (!text) throw new CaseInputError("empty note", "body");
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code);
    const rows = await tx.query<{ id: number; author: string; body: string; created_at: Date }>(
      "INSERT INTO case_notes (case_code, author, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id, author, body, created_at",
      [c.code, author, text, now],
    );
    await audit(tx, c.code, author, "note_added", null, null, withChannel({ noteId: Number(rows[0]!.id) }, channel), now);
    const n = rows[0]!;
    return { id: Number(n.id), author: n.author, body: n.body, createdAt: new Date(n.created_at) };
  });
}

/**
 * Record that a still-unacknowledged case reached escalation `level`. Only moves one level up
 * from `level - 1`, so a retried or late job changes nothing; returns the case if it did.
 */
export async function recordEscalation(
  db: Database,
  code: string,
  level: number,
  notified: string[],
  now: Date = new Date(),
): Promise<Case | null> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<CaseRow>(
      `UPDATE cases SET escalation_level = $2, updated_at = $3
       WHERE code = $1 AND status = 'new' AND escalation_level = $4 RETURNING ${CASE_COLUMNS}`,
      [code, level, now, level - 1],
    );
    if (!rows[0]) return null;
    await audit(tx, code, "system", "escalated", null, null, { level, notified }, now);
    return toCase(rows[0]);
  });
}

/**
 * Close an open case as a duplicate of `originalCode`: its followers (the reporter first) follow
 * the original instead, the two are linked, and the audit trail names the original.
 */
export async function closeAsDuplicate(
  db: Database,
  code: string,
  originalCode: string,
  actor: string,
  now: Date = new Date(),
  channel?: ActChannel,
): Promise<Case> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code, true);
    const original = await existingCase(tx, originalCode);
    if (!OPEN_STATUSES.includes(c.status)) throw new TransitionNotAllowedError(c.code, c.status, "closed");
    const rows = await tx.query<CaseRow>(`UPDATE cases SET status = 'closed', updated_at = $2 WHERE code = $1 RETURNING ${CASE_COLUMNS}`, [
      c.code,
      now,
    ]);
    await tx.query(
      // Each keeps the OA they follow on (the row's commune).
      `INSERT INTO case_followers (case_code, channel, user_id, created_at, commune_id)
       SELECT $2, channel, user_id, $3, commune_id FROM case_followers WHERE case_code = $1 ON CONFLICT DO NOTHING`,
      [c.code, original.code, now],
    );
    await tx.query("INSERT INTO case_links (case_code, related_case_code) VALUES ($1, $2), ($2, $1) ON CONFLICT DO NOTHING", [
      c.code,
      original.code,
    ]);
    await audit(tx, c.code, actor, "transition", c.status, "closed", withChannel({ duplicateOf: original.code }, channel), now);
    await writeCaseNotices(tx, c.code, [{ ...statusNotice(c.status, "closed", now), duplicateOf: original.code }], now);
    return toCase(rows[0]!);
  });
}

/** Hand a case to another team (audited as `reassigned`); the new team is told (outbox). */
export async function reassignCase(
  db: Database,
  code: string,
  teamId: string,
  actor: string,
  now: Date = new Date(),
  channel?: ActChannel,
): Promise<Case> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code, true);
    const rows = await tx.query<CaseRow>(`UPDATE cases SET team_id = $2, updated_at = $3 WHERE code = $1 RETURNING ${CASE_COLUMNS}`, [
      c.code,
      teamId,
      now,
    ]);
    await audit(tx, c.code, actor, "reassigned", null, null, withChannel({ fromTeam: c.teamId, toTeam: teamId }, channel), now);
    await writeCaseNotices(tx, c.code, [{ kind: "handed-over", teamId, at: now.toISOString() }], now);
    return toCase(rows[0]!);
  });
}

/**
 * Photos an officer sent as proof of a resolution, after the report's own (kept later by the
 * photo keeper, asked through the outbox). `ref` (the message's id) makes a retried call add
 * nothing. Returns how many were added.
 */
export async function addProofPhotos(
  db: Database,
  code: string,
  urls: string[],
  actor: string,
  ref: string,
  now: Date = new Date(),
  channel?: ActChannel,
): Promise<number> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code, true);
    const seen = await tx.query("SELECT 1 FROM case_events WHERE case_code = $1 AND action = 'proof_added' AND detail->>'ref' = $2", [
      c.code,
      ref,
    ]);
    if (seen.length) return 0;
    const top = await tx.query<{ n: number }>("SELECT COALESCE(max(position), 0)::int AS n FROM case_photos WHERE case_code = $1", [
      c.code,
    ]);
    let position = top[0]?.n ?? 0;
    for (const url of urls) {
      await tx.query("INSERT INTO case_photos (case_code, position, source_url, proof, created_at) VALUES ($1, $2, $3, true, $4)", [
        c.code,
        ++position,
        url,
        now,
      ]);
    }
    await audit(tx, c.code, actor, "proof_added", null, null, withChannel({ photos: urls.length, ref }, channel), now);
    if (urls.length) await writeCaseNotices(tx, c.code, [{ kind: "keep-photos", proofRef: ref }], now);
    return urls.length;
  });
}
