import { createHmac, timingSafeEqual } from "node:crypto";
import type { PlatformEvent } from "../core/platform-event.js";
import { nationalPhone } from "../core/phone.js";
import { logger } from "../logger.js";
import { currentDataKeys } from "../privacy/installed-keys.js";
import type { Database, Queryable } from "../db/database.js";
import type { Case } from "./case.js";
import { findCase } from "./case-queries.js";
import { linkCaseReporter, type ReporterLink } from "./followers.js";

/**
 * Phone numbers Zalo users shared with the OA (`user_submit_info`), so that someone who called
 * the hotline and left their number can follow that report from Zalo ("theo dõi PA-…"): the
 * number they shared must be the one the officer wrote down. Only a keyed hash of each number
 * is stored (HMAC-SHA256 under a key derived from the app secret), never the number: a leaked
 * table cannot be reversed by trying every phone number without the key. Rotating the app secret
 * only means users share their number again before linking.
 */

/** Keyed hash of a phone number in national form. */
export type PhoneHasher = (national: string) => string;

export function phoneHasher(secret: string): PhoneHasher {
  const key = createHmac("sha256", secret).update("civic-hotline/shared-phone/v1").digest();
  return (national) => createHmac("sha256", key).update(national).digest("hex");
}

/** The national form of a number as Zalo shares it ("84912345678") or as anyone wrote it. */
function national(raw: string): string | null {
  return nationalPhone(raw) ?? nationalPhone(`+${raw.trim()}`);
}

/**
 * Remember that a user shared `phone` (latest share wins; an older event redelivered late does
 * not overwrite a newer one). False when it is not a Vietnamese number.
 */
export async function rememberSharedPhone(
  db: Queryable,
  hash: PhoneHasher,
  communeId: string,
  channel: string,
  userId: string,
  phone: string,
  at: Date,
): Promise<boolean> {
  const n = national(phone);
  if (!n) return false;
  await db.query(
    `INSERT INTO shared_phones (channel, user_id, phone_hash, shared_at, commune_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel, user_id) DO UPDATE SET phone_hash = EXCLUDED.phone_hash, shared_at = EXCLUDED.shared_at
     WHERE shared_phones.shared_at <= EXCLUDED.shared_at`,
    [channel, userId, hash(n), at, communeId],
  );
  return true;
}

/** Forget what a user shared (they unfollowed the OA). */
export async function forgetSharedPhone(db: Queryable, channel: string, userId: string): Promise<void> {
  await db.query("DELETE FROM shared_phones WHERE channel = $1 AND user_id = $2", [channel, userId]);
}

/**
 * What an inbound event says about a user's shared phone: a `submit_info` with a number is
 * remembered, an `unfollow` forgets it. Runs before the conversation handles the event, so a
 * step already sees the share; idempotent, so a redelivered event changes nothing.
 */
export async function notePhoneShare(db: Queryable, hash: PhoneHasher, event: PlatformEvent): Promise<void> {
  // Stamped when handled: a platform's timestamp is not trusted (Zalo's docs even show 12-digit ones).
  if (event.kind === "submit_info" && event.phone)
    await rememberSharedPhone(db, hash, event.communeId, event.channel, event.userId, event.phone, new Date());
  else if (event.kind === "unfollow") await forgetSharedPhone(db, event.channel, event.userId);
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Whether `phone` (any form) is the number a case's reporter left; never for an anonymous case. */
export function isReporterPhone(c: Pick<Case, "anonymous" | "contactPhone">, hash: PhoneHasher, sharedHash: string): boolean {
  if (c.anonymous || !c.contactPhone) return false;
  const n = national(c.contactPhone);
  return n !== null && sameHash(hash(n), sharedHash);
}

async function sharedHashOf(db: Queryable, channel: string, userId: string): Promise<string | null> {
  const rows = await db.query<{ phone_hash: string }>("SELECT phone_hash FROM shared_phones WHERE channel = $1 AND user_id = $2", [
    channel,
    userId,
  ]);
  return rows[0]?.phone_hash ?? null;
}

/**
 * Whether the number this user shared is the one the case's reporter left: `unknown` when the
 * user shared none (or the case does not exist), `differs` for any other case (anonymous, no
 * number, another number: the answer never tells which).
 */
export async function reporterPhoneMatch(
  db: Queryable,
  hash: PhoneHasher,
  code: string,
  channel: string,
  userId: string,
): Promise<"match" | "differs" | "unknown"> {
  const [shared, c] = await Promise.all([sharedHashOf(db, channel, userId), findCase(db, code)]);
  if (!shared || !c) return "unknown";
  return isReporterPhone(c, hash, shared) ? "match" : "differs";
}

/**
 * Link the user to a case as its reporter's account when their shared number is the reporter's
 * (checked again here, when the effect runs: the conversation's answer may be seconds old).
 */
export function linkByPhone(
  db: Database,
  hash: PhoneHasher,
  code: string,
  channel: string,
  userId: string,
  now = new Date(),
): Promise<ReporterLink> {
  return linkCaseReporter(
    db,
    code,
    { channel, userId },
    async (c, tx) => {
      const shared = await sharedHashOf(tx, channel, userId);
      return shared !== null && isReporterPhone(c, hash, shared);
    },
    now,
  );
}

/**
 * Open cases reported with this number (by phone, at the counter, over Open311) whose reporter
 * follows on no messenger yet, newest first: what a user who just shared that number may link.
 */
export async function casesLeftWithPhone(db: Queryable, phone: string, limit: number): Promise<Case[]> {
  const n = national(phone);
  if (!n) return [];
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM cases WHERE contact_phone_hash = $1 AND reporter_channel IS NULL AND NOT anonymous AND status <> 'closed'
     ORDER BY created_at DESC, code LIMIT ${Math.max(1, Math.trunc(limit))}`,
    [currentDataKeys().phoneIndex(n)],
  );
  const found = await Promise.all(rows.map((r) => findCase(db, r.code)));
  return found.filter((c): c is Case => c !== null);
}

/** Run a `linkReporter` effect of the conversation; logged without the user or the number. */
export async function linkReporterEffect(
  deps: { db: Database; phoneHash: PhoneHasher; now?: () => Date },
  job: { channel: string; userId: string; effect: { code: string } },
): Promise<ReporterLink> {
  const outcome = await linkByPhone(deps.db, deps.phoneHash, job.effect.code, job.channel, job.userId, deps.now?.() ?? new Date());
  logger.info("reporter link by shared phone", { case: job.effect.code, outcome });
  return outcome;
}
