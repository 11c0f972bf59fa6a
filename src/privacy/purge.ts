import { sweepUnreferencedPhotos } from "../cases/photos-sweep.js";
import type { Database } from "../db/database.js";
import type { PhotoStore } from "../photos/photo-store.js";
import { logger } from "../logger.js";
import { everyKeyPattern, type RedisConnection, scanKeys } from "../redis.js";
import { RETENTION_KINDS, type RetentionKind } from "./settings.js";

/** The notify-queue job that runs the purge (scheduled daily by the worker role). */
export const PRIVACY_PURGE_JOB = "privacy-purge";
/** Every night at 02:30 local time (a cron pattern: unlike an interval, it does not also run at start). */
export const PRIVACY_PURGE_SCHEDULE = { pattern: "30 2 * * *", tz: "Asia/Ho_Chi_Minh" } as const;

export interface PurgeDeps {
  db: Database;
  redis: RedisConnection;
  prefix: string;
  communeId: string;
  retentionDays: Readonly<Record<RetentionKind, number>>;
  /**
   * Days after its resolution (or rejection) in which a case's reporter may still answer whether it
   * was fixed (the commune's `feedback.reopenDays`): an anonymous reporter's account is kept no longer.
   */
  ratingWindowDays: number;
  now?: () => Date;
}

/** What a purge did, per kind of data: the retention kinds, and anonymous reporters let go. */
export type PurgeCounts = Record<RetentionKind | "anonymousReporters", number>;

const DAY_MS = 24 * 3600_000;

/** Whether the case's reporter's latest `photos_kept` answer is a consent (read through `reporter_hash`). */
const REPORTER_KEEPS_PHOTOS = `coalesce((SELECT r.granted FROM consent_records r
  WHERE r.commune_id = cases.commune_id AND r.person_hash = cases.reporter_hash AND r.purpose = 'photos_kept'
  ORDER BY r.id DESC LIMIT 1), false)`;

/**
 * The link to the reporter goes: their answer on keeping photos, as it stands now, stays with the
 * case (migration 019). In an UPDATE every expression reads the row as it was, hash included.
 */
const REPORTER_LET_GO = `reporter_channel = NULL, reporter_user_sealed = NULL, reporter_hash = NULL,
  photos_kept_by_consent = photos_kept_by_consent OR ${REPORTER_KEEPS_PHOTOS}`;

/** A case's reporter account, name and phone, ciphertexts and hashes, removed. */
const CONTACT_CLEARED = `${REPORTER_LET_GO}, contact_name_sealed = NULL, contact_phone_sealed = NULL, contact_phone_hash = NULL`;

/**
 * Delete or de-identify what is past its retention period (settings.ts), never the case record
 * itself: a closed or rejected case keeps everything but its reporter's account, name and phone
 * (and its followers) and, unless consented, the photos its reporter sent. Access-audit rows go
 * past theirs. Counts what it did per kind, in the log and in `privacy_purges`.
 */
export async function purgeExpired(deps: PurgeDeps): Promise<PurgeCounts> {
  const now = deps.now?.() ?? new Date();
  const cutoff = (kind: RetentionKind) => new Date(now.getTime() - deps.retentionDays[kind] * DAY_MS);
  const counts = Object.fromEntries([...RETENTION_KINDS, "anonymousReporters"].map((k) => [k, 0])) as PurgeCounts;
  const changed = async (sql: string, params: unknown[]) => (await deps.db.query(`${sql} RETURNING 1`, params)).length;

  counts.chatSessions = await purgeSessions(deps, cutoff("chatSessions").getTime());
  // Before the contacts: a case past both periods still has its reporter's hash to read the consent by.
  counts.closedCasePhotos = await purgeClosedCasePhotos(deps, cutoff("closedCasePhotos"));
  await deps.db.transaction(async (tx) => {
    const closed = cutoff("closedCaseContacts");
    const followers = await tx.query(
      `DELETE FROM case_followers WHERE case_code IN
         (SELECT code FROM cases WHERE status IN ('closed', 'rejected') AND updated_at < $1 AND commune_id = $2)
       RETURNING 1`,
      [closed, deps.communeId],
    );
    const cases = await tx.query(
      `UPDATE cases SET ${CONTACT_CLEARED}
       WHERE status IN ('closed', 'rejected') AND updated_at < $1 AND commune_id = $2
         AND (reporter_user_sealed IS NOT NULL OR contact_name_sealed IS NOT NULL OR contact_phone_sealed IS NOT NULL) RETURNING 1`,
      [closed, deps.communeId],
    );
    counts.closedCaseContacts = cases.length + followers.length;
  });
  // An anonymous report's reporter is told of changes until the case is closed, or past the window
  // in which they may say whether a resolution (or a rejection) holds; then nothing names them.
  counts.anonymousReporters = await changed(
    `UPDATE cases SET ${REPORTER_LET_GO}
     WHERE anonymous AND reporter_user_sealed IS NOT NULL AND commune_id = $2
       AND (status = 'closed' OR (status IN ('resolved', 'rejected') AND coalesce(resolved_at, updated_at) < $1))`,
    [new Date(now.getTime() - deps.ratingWindowDays * DAY_MS), deps.communeId],
  );
  // Each commune's rows by its own periods.
  const mine = (sql: string, kind: RetentionKind) => changed(`${sql} AND commune_id = $2`, [cutoff(kind), deps.communeId]);
  counts.heldNotices = await mine("DELETE FROM held_notices WHERE created_at < $1", "heldNotices");
  counts.handoffMessages = await mine("DELETE FROM handoff_messages WHERE created_at < $1", "handoffMessages");
  counts.sharedPhones = await mine("DELETE FROM shared_phones WHERE shared_at < $1", "sharedPhones");
  counts.accessAudit = await mine("DELETE FROM access_audit WHERE at < $1", "accessAudit");

  await deps.db.query("INSERT INTO privacy_purges (commune_id, ran_at, counts) VALUES ($1, $2, $3)", [
    deps.communeId,
    now,
    JSON.stringify(counts),
  ]);
  logger.info("personal data past its retention purged", counts);
  return counts;
}

/**
 * The report's own photos of cases closed or rejected before `before`, unless its reporter consented
 * to keeping them (their latest `photos_kept` answer, or the one in force when the purge let them
 * go). Only the rows: a file goes with its last reference (purgeUnreferencedPhotos). The officers'
 * proof photos stay: they are the commune's evidence of its own work, kept with the case.
 */
async function purgeClosedCasePhotos(deps: PurgeDeps, before: Date): Promise<number> {
  const rows = await deps.db.query(
    `DELETE FROM case_photos WHERE NOT proof AND case_code IN
       (SELECT code FROM cases WHERE status IN ('closed', 'rejected') AND updated_at < $1 AND commune_id = $2
          AND NOT photos_kept_by_consent AND NOT ${REPORTER_KEEPS_PHOTOS})
     RETURNING 1`,
    [before, deps.communeId],
  );
  return rows.length;
}

/**
 * Kept photos no case refers to any more (photos are shared between cases by content: a photo
 * goes with its last reference), in the photo store the deployment uses (`PHOTO_STORE`: a
 * directory or an S3 bucket). Deployment-wide, as the store is: run once per purge, after every
 * commune's own kinds. Logged with its count.
 */
export async function purgeUnreferencedPhotos(deps: { db: Database; photos: PhotoStore }): Promise<number> {
  const photos = await sweepUnreferencedPhotos(deps.db, deps.photos);
  logger.info("kept photos no case refers to removed", { photos });
  return photos;
}

/** Chat sessions idle past their period (their Redis TTL is a backstop; this follows the commune's setting). */
async function purgeSessions(deps: PurgeDeps, before: number): Promise<number> {
  let purged = 0;
  for await (const keys of scanKeys(deps.redis, everyKeyPattern(deps.prefix, "session", "*"))) {
    for (const key of keys) {
      const raw = await deps.redis.get(key);
      const last = raw ? lastActiveAt(raw) : null;
      if (last !== null && last < before) purged += await deps.redis.del(key);
    }
  }
  return purged;
}

function lastActiveAt(raw: string): number | null {
  try {
    const v = (JSON.parse(raw) as { lastActiveAt?: unknown }).lastActiveAt;
    return typeof v === "number" ? v : null;
  } catch {
    return null;
  }
}
