import type { Queryable } from "../db/database.js";
import {
  type Case,
  type CaseDetail,
  type CaseEvent,
  type CaseLink,
  type CaseNote,
  type CasePhoto,
  type CaseStatus,
  OPEN_STATUSES,
} from "./case.js";
import { CASE_COLUMNS, caseByCode, caseBySourceKey, type CaseRow, toCase } from "./case-rows.js";
import { currentDataKeys } from "../privacy/installed-keys.js";

/** A case with its photos, notes, audit trail and links, or null. */
export async function getCase(db: Queryable, code: string): Promise<CaseDetail | null> {
  const c = await caseByCode(db, code);
  if (!c) return null;
  const photos = (await photosOfCases(db, [c.code])).get(c.code) ?? [];
  const notes = await db.query<{ id: number; author: string; body: string; created_at: Date }>(
    "SELECT id, author, body, created_at FROM case_notes WHERE case_code = $1 ORDER BY id",
    [c.code],
  );
  const events = await db.query<{
    id: number;
    actor: string;
    action: string;
    from_status: CaseStatus | null;
    to_status: CaseStatus | null;
    detail: Record<string, unknown> | null;
    created_at: Date;
  }>("SELECT id, actor, action, from_status, to_status, detail, created_at FROM case_events WHERE case_code = $1 ORDER BY id", [c.code]);
  const links = await db.query<{ related_case_code: string; distance_m: number | null }>(
    "SELECT related_case_code, distance_m FROM case_links WHERE case_code = $1 ORDER BY distance_m NULLS LAST, related_case_code",
    [c.code],
  );
  return {
    ...c,
    photos,
    notes: notes.map((n): CaseNote => ({ id: Number(n.id), author: n.author, body: n.body, createdAt: new Date(n.created_at) })),
    events: events.map((e): CaseEvent => ({
      id: Number(e.id),
      actor: e.actor,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      detail: e.detail,
      createdAt: new Date(e.created_at),
    })),
    links: links.map((l): CaseLink => ({ code: l.related_case_code, distanceM: l.distance_m })),
  };
}

/** The photos of several cases, by case code (cases without photos are absent). */
export async function photosOfCases(db: Queryable, codes: readonly string[]): Promise<Map<string, CasePhoto[]>> {
  const out = new Map<string, CasePhoto[]>();
  if (!codes.length) return out;
  const rows = await db.query<{
    case_code: string;
    position: number;
    source_url: string;
    stored_path: string | null;
    content_type: string | null;
    bytes: number | null;
    copy_failed_at: Date | null;
    copy_failure: string | null;
    proof: boolean;
  }>(
    "SELECT case_code, position, source_url, stored_path, content_type, bytes, copy_failed_at, copy_failure, proof FROM case_photos WHERE case_code = ANY($1::text[]) ORDER BY case_code, position",
    [[...codes]],
  );
  for (const p of rows) {
    if (!out.has(p.case_code)) out.set(p.case_code, []);
    out.get(p.case_code)!.push({
      position: Number(p.position),
      sourceUrl: p.source_url,
      storedPath: p.stored_path,
      contentType: p.content_type,
      bytes: p.bytes,
      copyFailure: p.copy_failed_at ? { at: new Date(p.copy_failed_at), reason: p.copy_failure ?? "unknown" } : null,
      proof: p.proof === true,
    });
  }
  return out;
}

/** Filter of `listCases`; every given field narrows the list. */
export interface CaseFilter {
  /** The commune whose cases these are: a list never mixes communes. */
  communeId: string;
  status?: CaseStatus | CaseStatus[];
  teamId?: string;
  category?: string | string[];
  areaId?: string;
  channel?: Case["channel"];
  /**
   * true: the reporter follows on Zalo; false: the reporter left a phone number and nobody on
   * Zalo is linked as the reporter (an officer tells them of progress). Anonymous reports made
   * outside Zalo are in neither.
   */
  reporterOnZalo?: boolean;
  /** These tracking codes only. */
  codes?: string[];
  /** Filed at or after. */
  createdFrom?: Date;
  /** Filed before. */
  createdBefore?: Date;
  /** Open and past the deadline that applies at `now` (acknowledgement while new, resolution always). */
  overdue?: boolean;
  /** Words in the code, description or address (case-insensitive). */
  text?: string;
  /**
   * Categories whose descriptions `text` may not search (violation reports, for a reader who may
   * not see their descriptions: a match would tell what they say).
   */
  textNotInDescriptionOf?: string[];
  now?: Date;
  /** Default 50, at most 1000. */
  limit?: number;
  offset?: number;
}

/** Cases newest first, one page, and how many match in all. */
export async function listCases(db: Queryable, filter: CaseFilter): Promise<{ cases: Case[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  where.push(`commune_id = ${p(filter.communeId)}`);
  const list = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
  if (filter.status !== undefined) where.push(`status = ANY(${p(list(filter.status))}::text[])`);
  if (filter.teamId !== undefined) where.push(`team_id = ${p(filter.teamId)}`);
  if (filter.category !== undefined) where.push(`category = ANY(${p(list(filter.category))}::text[])`);
  if (filter.areaId !== undefined) where.push(`area_id = ${p(filter.areaId)}`);
  if (filter.channel !== undefined) where.push(`channel = ${p(filter.channel)}`);
  if (filter.reporterOnZalo === true) where.push("reporter_channel = 'zalo'");
  if (filter.reporterOnZalo === false) where.push("(reporter_channel IS NULL AND contact_phone_hash IS NOT NULL)");
  if (filter.codes !== undefined) where.push(`code = ANY(${p(filter.codes.map((c) => c.trim().toUpperCase()))}::text[])`);
  if (filter.createdFrom !== undefined) where.push(`created_at >= ${p(filter.createdFrom)}`);
  if (filter.createdBefore !== undefined) where.push(`created_at < ${p(filter.createdBefore)}`);
  if (filter.overdue !== undefined) {
    const now = p(filter.now ?? new Date());
    const late = `(status = ANY(${p([...OPEN_STATUSES])}::text[]) AND ((status = 'new' AND ack_due_at < ${now}) OR resolve_due_at < ${now}))`;
    where.push(filter.overdue ? late : `NOT ${late}`);
  }
  if (filter.text?.trim()) {
    // LIKE's own wildcards in the words are matched literally.
    const like = p(`%${filter.text.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    const inDescription =
      filter.textNotInDescriptionOf === undefined
        ? `description ILIKE ${like}`
        : `(description ILIKE ${like} AND NOT category = ANY(${p(filter.textNotInDescriptionOf)}::text[]))`;
    where.push(`(code ILIKE ${like} OR ${inDescription} OR address ILIKE ${like})`);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 1000);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases ${clause}`, params);
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases ${clause} ORDER BY created_at DESC, code LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { cases: rows.map(toCase), total: total[0]?.n ?? 0 };
}

/** Read one case (no photos/notes); null if none. */
export function findCase(db: Queryable, code: string): Promise<Case | null> {
  return caseByCode(db, code);
}

/** The case filed for a report's source key (an idempotency key, a platform event), or null. */
export function findCaseBySourceKey(db: Queryable, sourceKey: string): Promise<Case | null> {
  return caseBySourceKey(db, sourceKey);
}

/**
 * The digest of the request that filed the case under an idempotency key (see `NewCase`), or null
 * when none was recorded (a case filed before digests were kept, or from the chat).
 */
export async function filedRequestDigest(db: Queryable, code: string): Promise<string | null> {
  const rows = await db.query<{ request_digest: string | null }>("SELECT request_digest FROM cases WHERE code = $1", [code]);
  return rows[0]?.request_digest ?? null;
}

/**
 * Open cases of a team (or of every team: `teamId` null), overdue first (not acknowledged or not
 * resolved in time), then oldest first: an officer's work list.
 */
export async function openCasesWorklist(
  db: Queryable,
  communeId: string,
  teamId: string | null,
  limit: number,
  now: Date = new Date(),
): Promise<{ cases: Case[]; total: number }> {
  const params: unknown[] = [[...OPEN_STATUSES], communeId, now];
  let team = "";
  if (teamId !== null) {
    params.push(teamId);
    team = " AND team_id = $4";
  }
  const overdue = "((status = 'new' AND ack_due_at < $3) OR resolve_due_at < $3)";
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE status = ANY($1::text[]) AND commune_id = $2${team}
     ORDER BY CASE WHEN ${overdue} THEN 0 ELSE 1 END, created_at, code LIMIT ${Math.max(1, Math.trunc(limit))}`,
    params,
  );
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases WHERE status = ANY($1::text[]) AND commune_id = $2${teamId === null ? "" : " AND team_id = $3"}`,
    teamId === null ? [[...OPEN_STATUSES], communeId] : [[...OPEN_STATUSES], communeId, teamId],
  );
  return { cases: rows.map(toCase), total: total[0]?.n ?? 0 };
}

/** The cases a resident reported or follows, newest first. */
export async function casesOfCitizen(db: Queryable, channel: string, userId: string, limit = 10): Promise<Case[]> {
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE code IN (SELECT case_code FROM case_followers WHERE channel = $1 AND user_id = $2)
       OR (reporter_channel = $1 AND reporter_hash = $3)
     ORDER BY created_at DESC, code LIMIT ${Math.max(1, Math.trunc(limit))}`,
    [channel, userId, currentDataKeys().personHash(channel, userId)],
  );
  return rows.map(toCase);
}
