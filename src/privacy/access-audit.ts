import type { Queryable } from "../db/database.js";

/** What was read: a reporter's contact, a photo of a report, a chat transcript. */
export type AccessedData = "contact" | "photo" | "transcript";
/** Where it was read from. */
export type AccessSurface = "api" | "dashboard" | "zalo" | "open311";

export interface AccessEntry {
  communeId: string;
  /** The officer's id, or `admin` for the admin token. */
  readerId: string;
  caseCode: string;
  what: AccessedData;
  surface: AccessSurface;
  /** Which photo, say; never the data itself. */
  detail?: string;
}

export interface AccessRecord extends AccessEntry {
  id: number;
  at: Date;
}

/** Record one read of personal data (the row is the evidence: it names no data, only what kind). */
export async function recordAccess(db: Queryable, e: AccessEntry, at = new Date()): Promise<void> {
  await db.query(
    "INSERT INTO access_audit (commune_id, reader_id, case_code, what, surface, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [e.communeId, e.readerId, e.caseCode, e.what, e.surface, e.detail ?? null, at],
  );
}

export interface AccessQuery {
  communeId: string;
  caseCode?: string;
  readerId?: string;
  from?: Date;
  before?: Date;
  limit?: number;
}

/** A commune's reads of personal data, newest first. */
export async function listAccess(db: Queryable, q: AccessQuery): Promise<AccessRecord[]> {
  const where = ["commune_id = $1"];
  const params: unknown[] = [q.communeId];
  const add = (clause: string, v: unknown) => {
    params.push(v);
    where.push(clause.replace("?", `$${params.length}`));
  };
  if (q.caseCode !== undefined) add("case_code = ?", q.caseCode);
  if (q.readerId !== undefined) add("reader_id = ?", q.readerId);
  if (q.from !== undefined) add("at >= ?", q.from);
  if (q.before !== undefined) add("at < ?", q.before);
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 500), 1), 5000);
  const rows = await db.query<{
    id: number;
    commune_id: string;
    reader_id: string;
    case_code: string;
    what: AccessedData;
    surface: AccessSurface;
    detail: string | null;
    at: Date;
  }>(
    `SELECT id, commune_id, reader_id, case_code, what, surface, detail, at FROM access_audit WHERE ${where.join(" AND ")} ORDER BY at DESC, id DESC LIMIT ${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    communeId: r.commune_id,
    readerId: r.reader_id,
    caseCode: r.case_code,
    what: r.what,
    surface: r.surface,
    ...(r.detail === null ? {} : { detail: r.detail }),
    at: new Date(r.at),
  }));
}
