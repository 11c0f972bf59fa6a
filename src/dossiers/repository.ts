import type { Queryable } from "../db/database.js";
import type { Dossier, DossierChannel, DossierInput } from "./dossier.js";
import type { DossierStatus } from "./status.js";

/** Storage of dossiers and of the citizens who follow them. */

interface DossierRow {
  code: string;
  procedure: string;
  channel: DossierChannel;
  status: number;
  received_at: Date | string;
  due_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
}

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function fromRow(r: DossierRow): Dossier {
  return {
    code: r.code,
    procedure: r.procedure,
    channel: r.channel,
    status: r.status as DossierStatus,
    receivedAt: toDate(r.received_at),
    dueAt: r.due_at === null ? null : toDate(r.due_at),
    finishedAt: r.finished_at === null ? null : toDate(r.finished_at),
    updatedAt: toDate(r.updated_at),
  };
}

/**
 * The commune's stored dossier with this (canonical) code, or null. Another commune's dossier of
 * that code is not found: its citizens, officers and figures are that commune's.
 */
export async function findByCode(db: Queryable, communeId: string, code: string): Promise<Dossier | null> {
  const rows = await db.query<DossierRow>(
    "SELECT code, procedure, channel, status, received_at, due_at, finished_at, updated_at FROM dossiers WHERE code = $1 AND commune_id = $2",
    [code, communeId],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Whether another commune than `communeId` holds a dossier of this code (codes are unique in the province). */
export async function heldByAnotherCommune(db: Queryable, communeId: string, code: string): Promise<boolean> {
  const rows = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM dossiers WHERE code = $1 AND commune_id IS DISTINCT FROM $2::text",
    [code, communeId],
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** `foreign`: the code is another commune's dossier; nothing was written. */
export type UpsertOutcome = "inserted" | "updated" | "unchanged" | "foreign";

export interface StatusChange {
  code: string;
  from: DossierStatus;
  to: DossierStatus;
}

export interface UpsertResult {
  /** One per input row, in input order. */
  outcomes: Array<{ code: string; outcome: UpsertOutcome }>;
  /** Existing dossiers whose status changed, in input order. */
  statusChanges: StatusChange[];
}

// One statement per batch: `old` and `up` see the same snapshot, so `old` holds the values
// before this statement. The WHERE of DO UPDATE skips identical rows, so re-importing a file
// writes nothing and leaves updated_at alone, and skips another commune's dossier of the same
// code (codes are unique in the province: an import never takes or changes another commune's
// dossier). `xmax = 0` marks a row this statement inserted.
const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
    AS t(code, procedure, channel, status, received_at, due_at, finished_at)
),
old AS (
  SELECT d.code, d.status, d.commune_id FROM dossiers d JOIN input i ON i.code = d.code
),
up AS (
  INSERT INTO dossiers AS d (code, commune_id, procedure, channel, status, received_at, due_at, finished_at)
  SELECT code, $8::text, procedure, channel, status, received_at, due_at, finished_at FROM input
  ON CONFLICT (code) DO UPDATE SET
    procedure = EXCLUDED.procedure, channel = EXCLUDED.channel, status = EXCLUDED.status,
    received_at = EXCLUDED.received_at, due_at = EXCLUDED.due_at, finished_at = EXCLUDED.finished_at,
    updated_at = now()
  WHERE d.commune_id = EXCLUDED.commune_id
    AND (d.procedure, d.channel, d.status, d.received_at, d.due_at, d.finished_at)
        IS DISTINCT FROM (EXCLUDED.procedure, EXCLUDED.channel, EXCLUDED.status, EXCLUDED.received_at, EXCLUDED.due_at, EXCLUDED.finished_at)
  RETURNING d.code, (d.xmax = 0) AS inserted
)
SELECT i.code, old.status AS old_status, old.code IS NOT NULL AND old.commune_id IS DISTINCT FROM $8::text AS elsewhere,
       up.code IS NOT NULL AS written, COALESCE(up.inserted, false) AS inserted
FROM input i LEFT JOIN old ON old.code = i.code LEFT JOIN up ON up.code = i.code`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function upsertSegment(db: Queryable, communeId: string, rows: DossierInput[], result: UpsertResult): Promise<void> {
  const found = await db.query<{ code: string; old_status: number | null; elsewhere: boolean; written: boolean; inserted: boolean }>(
    UPSERT_SQL,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.procedure),
      rows.map((r) => r.channel),
      rows.map((r) => r.status),
      rows.map((r) => iso(r.receivedAt)),
      rows.map((r) => iso(r.dueAt)),
      rows.map((r) => iso(r.finishedAt)),
      communeId,
    ],
  );
  const byCode = new Map(found.map((f) => [f.code, f]));
  for (const row of rows) {
    const f = byCode.get(row.code);
    const outcome: UpsertOutcome = f?.elsewhere ? "foreign" : !f?.written ? "unchanged" : f.inserted ? "inserted" : "updated";
    result.outcomes.push({ code: row.code, outcome });
    if (outcome === "updated" && f?.old_status != null && f.old_status !== row.status) {
      result.statusChanges.push({ code: row.code, from: f.old_status as DossierStatus, to: row.status });
    }
  }
}

/**
 * Insert or update a batch of the commune's dossiers in order; a later row for the same code wins
 * (as it would row by row). A code that is another commune's dossier is left as it is (outcome
 * `foreign`). Returns what happened to each row and the status changes of dossiers that already
 * existed. Pass a transaction to make several batches atomic.
 */
export async function upsertDossiers(db: Queryable, communeId: string, rows: readonly DossierInput[]): Promise<UpsertResult> {
  const result: UpsertResult = { outcomes: [], statusChanges: [] };
  // ON CONFLICT cannot touch one row twice in a statement: cut the batch before a repeated code.
  let segment: DossierInput[] = [];
  let codes = new Set<string>();
  for (const row of rows) {
    if (codes.has(row.code)) {
      await upsertSegment(db, communeId, segment, result);
      segment = [];
      codes = new Set();
    }
    segment.push(row);
    codes.add(row.code);
  }
  if (segment.length) await upsertSegment(db, communeId, segment, result);
  return result;
}

export interface Follower {
  channel: string;
  userId: string;
  /** The status the follower last heard about (null: never notified). */
  lastNotifiedStatus: DossierStatus | null;
}

/**
 * Make a citizen of the commune (through its OA) follow one of its stored dossiers. Idempotent.
 * The follower starts as notified of the current status — they have just seen it. Returns false
 * when the commune has no such dossier. The follower row takes the dossier's commune.
 */
export async function follow(db: Queryable, communeId: string, code: string, channel: string, userId: string): Promise<boolean> {
  const rows = await db.query<{ code: string }>(
    `INSERT INTO dossier_followers (dossier_code, commune_id, channel, user_id, last_notified_status)
     SELECT code, commune_id, $2, $3, status FROM dossiers WHERE code = $1 AND commune_id = $4
     ON CONFLICT (dossier_code, channel, user_id) DO UPDATE SET channel = EXCLUDED.channel
     RETURNING dossier_code AS code`,
    [code, channel, userId, communeId],
  );
  return rows.length > 0;
}

/** Stop following. Idempotent. */
export async function unfollow(db: Queryable, communeId: string, code: string, channel: string, userId: string): Promise<void> {
  await db.query("DELETE FROM dossier_followers WHERE dossier_code = $1 AND channel = $2 AND user_id = $3 AND commune_id = $4", [
    code,
    channel,
    userId,
    communeId,
  ]);
}

/**
 * The codes of the commune's dossiers a citizen follows, oldest first. Zalo user ids are per OA:
 * the same id at another commune's OA is another person.
 */
export async function followedBy(db: Queryable, communeId: string, channel: string, userId: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    "SELECT dossier_code AS code FROM dossier_followers WHERE channel = $1 AND user_id = $2 AND commune_id = $3 ORDER BY created_at, dossier_code",
    [channel, userId, communeId],
  );
  return rows.map((r) => r.code);
}

/**
 * The commune's stored codes that end with `tail` ("251126-0001", the agency part left out), at
 * most `limit`. A commune's dossiers are few enough (tens of thousands a year) for a scan.
 */
export async function codesEndingWith(db: Queryable, communeId: string, tail: string, limit = 2): Promise<string[]> {
  const rows = await db.query<{ code: string }>("SELECT code FROM dossiers WHERE code LIKE $1 AND commune_id = $3 ORDER BY code LIMIT $2", [
    `%-${tail.replace(/[\\%_]/g, "")}`,
    limit,
    communeId,
  ]);
  return rows.map((r) => r.code);
}

/** Everyone following a dossier, oldest first. */
export async function followersOf(db: Queryable, code: string): Promise<Follower[]> {
  const rows = await db.query<{ channel: string; user_id: string; last_notified_status: number | null }>(
    `SELECT channel, user_id, last_notified_status FROM dossier_followers WHERE dossier_code = $1 ORDER BY created_at, channel, user_id`,
    [code],
  );
  return rows.map((r) => ({ channel: r.channel, userId: r.user_id, lastNotifiedStatus: r.last_notified_status as DossierStatus | null }));
}

/** Record that a follower was told about `status`. */
export async function markNotified(db: Queryable, code: string, channel: string, userId: string, status: DossierStatus): Promise<void> {
  await db.query("UPDATE dossier_followers SET last_notified_status = $4 WHERE dossier_code = $1 AND channel = $2 AND user_id = $3", [
    code,
    channel,
    userId,
    status,
  ]);
}

export interface PendingNotice extends Follower {
  /** The follower's commune (whose OA they follow the dossier through, the dossier's). */
  communeId: string;
  code: string;
  status: DossierStatus;
}

/**
 * Followers who have not heard about their dossier's current status — e.g. after an import by
 * the CLI, which sends nothing itself. The hotline sends these and calls `markNotified`.
 */
export async function pendingNotices(db: Queryable, limit = 500): Promise<PendingNotice[]> {
  const rows = await db.query<{
    commune_id: string;
    code: string;
    status: number;
    channel: string;
    user_id: string;
    last_notified_status: number | null;
  }>(
    `SELECT f.commune_id, d.code, d.status, f.channel, f.user_id, f.last_notified_status
     FROM dossier_followers f JOIN dossiers d ON d.code = f.dossier_code
     WHERE f.last_notified_status IS DISTINCT FROM d.status
     ORDER BY d.updated_at, d.code, f.channel, f.user_id
     LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    communeId: r.commune_id,
    code: r.code,
    status: r.status as DossierStatus,
    channel: r.channel,
    userId: r.user_id,
    lastNotifiedStatus: r.last_notified_status as DossierStatus | null,
  }));
}

/** How many followers are waiting for a notice (see `pendingNotices`). */
export async function countPendingNotices(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM dossier_followers f JOIN dossiers d ON d.code = f.dossier_code
     WHERE f.last_notified_status IS DISTINCT FROM d.status`,
  );
  return rows[0]?.n ?? 0;
}
