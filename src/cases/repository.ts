import type { CommuneConfig } from "../commune/config.js";
import { areaAt, areaByName, distanceMeters } from "../commune/geo.js";
import { categoryById, routeCase, slaFor, UnknownCategoryError } from "../commune/routing.js";
import type { Database, Queryable } from "../db/database.js";
import {
  type Case,
  type CaseDetail,
  type CaseEvent,
  CaseInputError,
  type CaseLink,
  type CaseNote,
  CaseNotFoundError,
  type CasePhoto,
  type CaseStatus,
  canTransition,
  type Follower,
  type NewCase,
  newCaseSchema,
  OPEN_STATUSES,
  TransitionNotAllowedError,
  uploadSource,
} from "./case.js";
import { type CaseNotice, writeCaseNotices } from "./outbox.js";
import { newTrackingCode } from "./tracking-code.js";

/**
 * Cases in SQL. Every change writes an audit event in the same transaction, and what it must set
 * in motion (notices, the escalation clock, the photo keeper) as outbox rows (`outbox.ts`): the
 * change and its notices commit together. Filing is idempotent on the report's source key, so a
 * redelivered or retried report never makes a second case.
 */

interface CaseRow {
  code: string;
  source_key: string;
  channel: Case["channel"];
  category: string;
  status: CaseStatus;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  area_id: string | null;
  team_id: string | null;
  description: string;
  anonymous: boolean;
  reporter_channel: string | null;
  reporter_user_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  ack_due_at: Date | null;
  resolve_due_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  escalation_level: number;
  citizen_confirmed: boolean | null;
  rating: number | null;
  reopened_count: number;
  created_at: Date;
  updated_at: Date;
}

const CASE_COLUMNS =
  "code, source_key, channel, category, status, latitude, longitude, address, area_id, team_id, description, anonymous, " +
  "reporter_channel, reporter_user_id, contact_name, contact_phone, ack_due_at, resolve_due_at, acknowledged_at, " +
  "resolved_at, escalation_level, citizen_confirmed, rating, reopened_count, created_at, updated_at";

const date = (v: Date | string | null): Date | null => (v == null ? null : new Date(v));

function toCase(r: CaseRow): Case {
  return {
    code: r.code,
    sourceKey: r.source_key,
    channel: r.channel,
    category: r.category,
    status: r.status,
    lat: r.latitude,
    lng: r.longitude,
    address: r.address,
    areaId: r.area_id,
    teamId: r.team_id,
    description: r.description,
    anonymous: r.anonymous,
    reporterChannel: r.reporter_channel,
    reporterUserId: r.reporter_user_id,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    ackDueAt: date(r.ack_due_at),
    resolveDueAt: date(r.resolve_due_at),
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    escalationLevel: Number(r.escalation_level),
    citizenConfirmed: r.citizen_confirmed,
    rating: r.rating === null ? null : Number(r.rating),
    reopenedCount: Number(r.reopened_count),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

async function caseByCode(db: Queryable, code: string, lock = false): Promise<Case | null> {
  const rows = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE code = $1${lock ? " FOR UPDATE" : ""}`, [
    code.trim().toUpperCase(),
  ]);
  return rows[0] ? toCase(rows[0]) : null;
}

/** The case `code`, or `CaseNotFoundError`; `lock` holds its row until the transaction ends. */
async function existingCase(db: Queryable, code: string, lock = false): Promise<Case> {
  const c = await caseByCode(db, code, lock);
  if (!c) throw new CaseNotFoundError(code);
  return c;
}

async function caseBySourceKey(db: Queryable, sourceKey: string): Promise<Case | null> {
  const rows = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE source_key = $1`, [sourceKey]);
  return rows[0] ? toCase(rows[0]) : null;
}

async function audit(
  db: Queryable,
  code: string,
  actor: string,
  action: string,
  fromStatus: CaseStatus | null,
  toStatus: CaseStatus | null,
  detail: Record<string, unknown> | null,
  at: Date,
): Promise<void> {
  await db.query(
    "INSERT INTO case_events (case_code, actor, action, from_status, to_status, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [code, actor, action, fromStatus, toStatus, detail === null ? null : JSON.stringify(detail), at],
  );
}

/** Where an officer acted from; recorded with every change they make. */
export type ActChannel = "zalo" | "api" | "dashboard";

function withChannel(detail: Record<string, unknown> | null, channel: ActChannel | undefined): Record<string, unknown> | null {
  return channel ? { ...detail, channel } : detail;
}

// Eight fresh codes colliding in a row would mean the day's code space is nearly full.
const CODE_ATTEMPTS = 8;

/** Options of `fileCase`; `now` and `random` exist for tests. */
export interface FileCaseOptions {
  now?: Date;
  random?: (n: number) => number;
  /**
   * Why the photo keeper would refuse a photo URL outright (see `photos.ts`), or null: such a
   * photo is recorded as failed at once, so nothing ever shows or sends it on.
   */
  refusePhoto?: (url: string) => string | null;
  /** Send the reporter the case's code (a report from a messenger, whose reporter waits for it). */
  confirmToReporter?: boolean;
}

/**
 * File a report as a case, once: the same `sourceKey` returns the case filed first
 * (`created: false`), even when both calls run at the same time. The case is routed to a team
 * (area from the location, else from the typed address), gets its deadlines, its photos' rows
 * (copies are kept later by the photo keeper), an audit event, links to nearby open cases of the
 * same category, and the reporter as follower. Anonymous reports keep no contact details.
 */
export async function fileCase(
  db: Database,
  config: CommuneConfig,
  input: NewCase,
  opts: FileCaseOptions = {},
): Promise<{ case: Case; created: boolean }> {
  const parsed = newCaseSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CaseInputError(issue.message, issue.path.join(".") || "input");
  }
  const r = parsed.data;
  try {
    categoryById(config, r.category);
  } catch (err) {
    if (err instanceof UnknownCategoryError) throw new CaseInputError(err.message, "category");
    throw err;
  }
  if (r.photos.length + r.keptPhotos.length > config.report.maxPhotos)
    throw new CaseInputError(`at most ${config.report.maxPhotos} photos`, "photos");
  if (r.description.length > config.report.descriptionMax)
    throw new CaseInputError(`description longer than ${config.report.descriptionMax} characters`, "description");

  // The cheap path for redeliveries: no transaction, no code drawn.
  const existing = await caseBySourceKey(db, r.sourceKey);
  if (existing) return { case: existing, created: false };

  const now = opts.now ?? new Date();
  const areaId =
    (r.areaId && config.areas.features.some((a) => a.properties.id === r.areaId) ? r.areaId : null) ??
    (r.location ? areaAt(config, r.location.lat, r.location.lng)?.properties.id : null) ??
    (r.address ? areaByName(config, r.address)?.properties.id : null) ??
    null;
  const teamId = routeCase(config, areaId, r.category);
  const sla = slaFor(config, r.category, now);
  const contactName = r.anonymous ? null : (r.contact?.name ?? null);
  const contactPhone = r.anonymous ? null : (r.contact?.phone ?? null);

  return db.transaction(async (tx) => {
    let code: string | null = null;
    for (let attempt = 0; attempt < CODE_ATTEMPTS && !code; attempt++) {
      const candidate = newTrackingCode(now, opts.random);
      // No conflict target: a clash on the source key (another delivery filed it first) and a
      // clash on the code both insert nothing instead of aborting the transaction.
      const rows = await tx.query<{ code: string }>(
        `INSERT INTO cases (code, source_key, channel, category, latitude, longitude, address, area_id, team_id, description,
           anonymous, reporter_channel, reporter_user_id, contact_name, contact_phone, ack_due_at, resolve_due_at, created_at, updated_at,
           request_digest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)
         ON CONFLICT DO NOTHING RETURNING code`,
        [
          candidate,
          r.sourceKey,
          r.channel,
          r.category,
          r.location?.lat ?? null,
          r.location?.lng ?? null,
          r.address ?? null,
          areaId,
          teamId,
          r.description,
          r.anonymous,
          r.reporter?.channel ?? null,
          r.reporter?.userId ?? null,
          contactName,
          contactPhone,
          sla.ackDueAt,
          sla.resolveDueAt,
          now,
          r.requestDigest ?? null,
        ],
      );
      if (rows[0]) {
        code = rows[0].code;
        break;
      }
      const first = await caseBySourceKey(tx, r.sourceKey);
      if (first) return { case: first, created: false };
    }
    if (!code) throw new Error(`no free tracking code after ${CODE_ATTEMPTS} attempts`);

    for (const [i, url] of r.photos.entries()) {
      const refused = opts.refusePhoto?.(url) ?? null;
      await tx.query(
        "INSERT INTO case_photos (case_code, position, source_url, created_at, copy_failed_at, copy_failure) VALUES ($1, $2, $3, $4, $5, $6)",
        [code, i + 1, url, now, refused === null ? null : now, refused],
      );
    }
    for (const [i, p] of r.keptPhotos.entries()) {
      await tx.query(
        "INSERT INTO case_photos (case_code, position, source_url, stored_path, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [code, r.photos.length + i + 1, uploadSource(p.sha256), p.storedPath, p.contentType, p.bytes, now],
      );
    }
    const nearby = r.location
      ? await findNearbyOpenCases(tx, {
          category: r.category,
          lat: r.location.lat,
          lng: r.location.lng,
          radiusM: config.duplicates.radiusMeters,
          maxAgeDays: config.duplicates.maxAgeDays,
          now,
          excludeCode: code,
        })
      : [];
    for (const n of nearby) {
      await tx.query(
        "INSERT INTO case_links (case_code, related_case_code, distance_m) VALUES ($1, $2, $3), ($2, $1, $3) ON CONFLICT DO NOTHING",
        [code, n.case.code, n.distanceM],
      );
    }
    if (r.reporter) {
      await tx.query(
        "INSERT INTO case_followers (case_code, channel, user_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        [code, r.reporter.channel, r.reporter.userId, now],
      );
    }
    await audit(
      tx,
      code,
      r.actor,
      "filed",
      null,
      "new",
      { channel: r.channel, areaId, teamId, photos: r.photos.length + r.keptPhotos.length, linked: nearby.map((n) => n.case.code) },
      now,
    );
    await writeCaseNotices(tx, code, filingNotices(r, opts.confirmToReporter === true), now);
    const filed = await caseByCode(tx, code);
    return { case: filed!, created: true };
  });
}

/**
 * What a filing sets in motion, in this order: the escalation clock (first: a deadline counts from
 * the filing), the reporter's confirmation (when asked), the officers' notice, and the photo
 * keeper for photos given by address.
 */
function filingNotices(r: Pick<NewCase, "reporter" | "photos">, confirm: boolean): CaseNotice[] {
  return [
    { kind: "schedule-escalation" },
    ...(confirm && r.reporter ? [{ kind: "reporter-confirmation" } as const] : []),
    { kind: "officers-new-case" },
    ...(r.photos?.length ? [{ kind: "keep-photos" } as const] : []),
  ];
}

/** A status change's notice; only a result or a reason is public, so only those travel with it. */
function statusNotice(from: CaseStatus, to: CaseStatus, at: Date, note?: string): CaseNotice {
  return { kind: "status-changed", from, to, at: at.toISOString(), ...(note && (to === "resolved" || to === "rejected") ? { note } : {}) };
}

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
  now?: Date;
  /** Default 50, at most 1000. */
  limit?: number;
  offset?: number;
}

/** Cases newest first, one page, and how many match in all. */
export async function listCases(db: Queryable, filter: CaseFilter = {}): Promise<{ cases: Case[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const list = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
  if (filter.status !== undefined) where.push(`status = ANY(${p(list(filter.status))}::text[])`);
  if (filter.teamId !== undefined) where.push(`team_id = ${p(filter.teamId)}`);
  if (filter.category !== undefined) where.push(`category = ANY(${p(list(filter.category))}::text[])`);
  if (filter.areaId !== undefined) where.push(`area_id = ${p(filter.areaId)}`);
  if (filter.channel !== undefined) where.push(`channel = ${p(filter.channel)}`);
  if (filter.reporterOnZalo === true) where.push("reporter_channel = 'zalo'");
  if (filter.reporterOnZalo === false) where.push("(reporter_channel IS NULL AND contact_phone IS NOT NULL)");
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
    where.push(`(code ILIKE ${like} OR description ILIKE ${like} OR address ILIKE ${like})`);
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

/** Query of `findNearbyOpenCases`. */
export interface NearbyQuery {
  category: string;
  lat: number;
  lng: number;
  radiusM: number;
  maxAgeDays: number;
  now?: Date;
  /** Leave this case out (the one just filed). */
  excludeCode?: string;
}

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * Open cases of the same category within `radiusM` filed in the last `maxAgeDays`, nearest
 * first. A bounding box narrows the rows in SQL (no PostGIS needed); haversine decides.
 */
export async function findNearbyOpenCases(db: Queryable, q: NearbyQuery): Promise<{ case: Case; distanceM: number }[]> {
  const now = q.now ?? new Date();
  // A little slack on the box so rounding never drops a case that haversine would keep.
  const dLat = (q.radiusM * 1.01) / METRES_PER_DEGREE_LAT;
  const dLng = (q.radiusM * 1.01) / (METRES_PER_DEGREE_LAT * Math.max(Math.cos((q.lat * Math.PI) / 180), 0.01));
  const since = new Date(now.getTime() - q.maxAgeDays * 24 * 3600_000);
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases
     WHERE category = $1 AND status = ANY($2::text[]) AND created_at >= $3
       AND latitude BETWEEN $4 AND $5 AND longitude BETWEEN $6 AND $7 AND code <> $8`,
    [q.category, [...OPEN_STATUSES], since, q.lat - dLat, q.lat + dLat, q.lng - dLng, q.lng + dLng, q.excludeCode ?? ""],
  );
  return rows
    .map(toCase)
    .map((c) => ({ case: c, distanceM: distanceMeters({ lat: q.lat, lng: q.lng }, { lat: c.lat!, lng: c.lng! }) }))
    .filter((n) => n.distanceM <= q.radiusM)
    .sort((a, b) => a.distanceM - b.distanceM);
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

/** Follow a case for status updates; false if already following. */
export async function followCase(db: Database, code: string, channel: string, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code);
    const rows = await tx.query(
      "INSERT INTO case_followers (case_code, channel, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING case_code",
      [c.code, channel, userId],
    );
    // The follower's id stays out of the audit trail, like the reporter's.
    if (rows.length) await audit(tx, c.code, "citizen", "follower_added", null, null, { channel }, new Date());
    return rows.length > 0;
  });
}

/** What linking a messenger account to a case as its reporter's did. */
export type ReporterLink = "linked" | "already" | "refused" | "not_found";

/**
 * Link `who` to a case reported without a messenger (by phone, at the counter), once `proves`
 * holds for it (their shared phone is the reporter's): they follow it, and become its reporter
 * when it has none, so they also get the resolution question and may rate it. Audited as
 * `reporter_linked` without the user's id. A case's existing reporter is never replaced.
 */
export async function linkCaseReporter(
  db: Database,
  code: string,
  who: Follower,
  proves: (c: Case, tx: Queryable) => Promise<boolean>,
  now: Date = new Date(),
): Promise<ReporterLink> {
  return db.transaction(async (tx) => {
    const c = await caseByCode(tx, code, true);
    if (!c) return "not_found";
    if (c.reporterChannel === who.channel && c.reporterUserId === who.userId) return "already";
    const follows =
      (
        await tx.query("SELECT 1 FROM case_followers WHERE case_code = $1 AND channel = $2 AND user_id = $3", [
          c.code,
          who.channel,
          who.userId,
        ])
      ).length > 0;
    const asReporter = c.reporterChannel === null;
    if (follows && !asReporter) return "already";
    if (!(await proves(c, tx))) return follows ? "already" : "refused";
    await tx.query("INSERT INTO case_followers (case_code, channel, user_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [
      c.code,
      who.channel,
      who.userId,
      now,
    ]);
    if (asReporter)
      await tx.query("UPDATE cases SET reporter_channel = $2, reporter_user_id = $3 WHERE code = $1", [c.code, who.channel, who.userId]);
    await audit(tx, c.code, "citizen", "reporter_linked", null, null, { channel: who.channel, by: "phone", asReporter }, now);
    return "linked";
  });
}

/** Who to tell when the case changes (the reporter and residents following it). */
export async function followersOf(db: Queryable, code: string): Promise<Follower[]> {
  const rows = await db.query<{ channel: string; user_id: string }>(
    "SELECT channel, user_id FROM case_followers WHERE case_code = $1 ORDER BY created_at, channel, user_id",
    [code.trim().toUpperCase()],
  );
  return rows.map((r) => ({ channel: r.channel, userId: r.user_id }));
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

/** Read one case (no photos/notes); null if none. */
export function findCase(db: Queryable, code: string): Promise<Case | null> {
  return caseByCode(db, code);
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
      `INSERT INTO case_followers (case_code, channel, user_id, created_at)
       SELECT $2, channel, user_id, $3 FROM case_followers WHERE case_code = $1 ON CONFLICT DO NOTHING`,
      [c.code, original.code, now],
    );
    await tx.query("INSERT INTO case_links (case_code, related_case_code) VALUES ($1, $2), ($2, $1) ON CONFLICT DO NOTHING", [
      c.code,
      original.code,
    ]);
    await audit(tx, c.code, actor, "transition", c.status, "closed", withChannel({ duplicateOf: original.code }, channel), now);
    await writeCaseNotices(tx, c.code, [statusNotice(c.status, "closed", now)], now);
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
 * Open cases of a team (or of every team: `teamId` null), overdue first (not acknowledged or not
 * resolved in time), then oldest first: an officer's work list.
 */
export async function openCasesWorklist(
  db: Queryable,
  teamId: string | null,
  limit: number,
  now: Date = new Date(),
): Promise<{ cases: Case[]; total: number }> {
  const params: unknown[] = [[...OPEN_STATUSES], now];
  let team = "";
  if (teamId !== null) {
    params.push(teamId);
    team = " AND team_id = $3";
  }
  const overdue = "((status = 'new' AND ack_due_at < $2) OR resolve_due_at < $2)";
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE status = ANY($1::text[])${team}
     ORDER BY CASE WHEN ${overdue} THEN 0 ELSE 1 END, created_at, code LIMIT ${Math.max(1, Math.trunc(limit))}`,
    params,
  );
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases WHERE status = ANY($1::text[])${teamId === null ? "" : " AND team_id = $2"}`,
    teamId === null ? [[...OPEN_STATUSES]] : [[...OPEN_STATUSES], teamId],
  );
  return { cases: rows.map(toCase), total: total[0]?.n ?? 0 };
}

/** The cases a resident reported or follows, newest first. */
export async function casesOfCitizen(db: Queryable, channel: string, userId: string, limit = 10): Promise<Case[]> {
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE code IN (SELECT case_code FROM case_followers WHERE channel = $1 AND user_id = $2)
       OR (reporter_channel = $1 AND reporter_user_id = $2)
     ORDER BY created_at DESC, code LIMIT ${Math.max(1, Math.trunc(limit))}`,
    [channel, userId],
  );
  return rows.map(toCase);
}

/** Whether the resident reported or follows the case. */
export async function isFollowing(db: Queryable, code: string, channel: string, userId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM case_followers WHERE case_code = $1 AND channel = $2 AND user_id = $3
     UNION ALL SELECT 1 FROM cases WHERE code = $1 AND reporter_channel = $2 AND reporter_user_id = $3`,
    [code.trim().toUpperCase(), channel, userId],
  );
  return rows.length > 0;
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
      "UPDATE cases SET rating = $4, rated_at = $5 WHERE code = $1 AND reporter_channel = $2 AND reporter_user_id = $3 RETURNING code",
      [code.trim().toUpperCase(), reporter.channel, reporter.userId, rating, now],
    );
    if (!rows.length) return false;
    await audit(tx, code.trim().toUpperCase(), "citizen", "rated", null, null, { rating, channel: reporter.channel }, now);
    return true;
  });
}
