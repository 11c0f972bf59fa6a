import type { Database, Queryable } from "../db/database.js";
import type { Case, Follower } from "./case.js";
import { audit } from "./case-audit.js";
import { caseByCode, existingCase } from "./case-rows.js";
import { currentDataKeys } from "../privacy/installed-keys.js";

/**
 * Follow a case for status updates; false if already following. `communeId` is the commune whose
 * OA the follower wrote to (their Zalo id is that OA's: their notices go through it); absent, the
 * case's own commune (the row's trigger).
 */
export async function followCase(db: Database, code: string, channel: string, userId: string, communeId?: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code);
    const rows = await tx.query(
      "INSERT INTO case_followers (case_code, channel, user_id, commune_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING case_code",
      [c.code, channel, userId, communeId ?? null],
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
    const keys = currentDataKeys();
    if (asReporter)
      await tx.query("UPDATE cases SET reporter_channel = $2, reporter_user_sealed = $3, reporter_hash = $4 WHERE code = $1", [
        c.code,
        who.channel,
        keys.seal(who.userId),
        keys.personHash(who.channel, who.userId),
      ]);
    await audit(tx, c.code, "citizen", "reporter_linked", null, null, { channel: who.channel, by: "phone", asReporter }, now);
    return "linked";
  });
}

/**
 * Who to tell when the case changes: the reporter and residents following it. An anonymous
 * reporter is no follower row (their account would lie there in clear): they are read from the
 * case's sealed column, first, for as long as it is kept (until the case closes: purge.ts).
 */
export async function followersOf(db: Queryable, code: string): Promise<Follower[]> {
  const key = code.trim().toUpperCase();
  // A follower row's commune is the OA they follow on (written so at filing and following).
  const rows = await db.query<{ channel: string; user_id: string; commune_id: string }>(
    "SELECT channel, user_id, commune_id FROM case_followers WHERE case_code = $1 ORDER BY created_at, channel, user_id",
    [key],
  );
  const followers = rows.map((r) => ({ channel: r.channel, userId: r.user_id, communeId: r.commune_id }));
  const anonymous = await db.query<{ channel: string; sealed: string; contact: string }>(
    `SELECT reporter_channel AS channel, reporter_user_sealed AS sealed, COALESCE(contact_commune_id, commune_id) AS contact FROM cases
     WHERE code = $1 AND anonymous AND reporter_channel IS NOT NULL AND reporter_user_sealed IS NOT NULL`,
    [key],
  );
  const reporter = anonymous[0]
    ? { channel: anonymous[0].channel, userId: currentDataKeys().open(anonymous[0].sealed), communeId: anonymous[0].contact }
    : null;
  if (!reporter) return followers;
  return [reporter, ...followers.filter((f) => f.channel !== reporter.channel || f.userId !== reporter.userId)];
}

/** Whether the resident reported or follows the case. */
export async function isFollowing(db: Queryable, code: string, channel: string, userId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM case_followers WHERE case_code = $1 AND channel = $2 AND user_id = $3
     UNION ALL SELECT 1 FROM cases WHERE code = $1 AND reporter_channel = $2 AND reporter_hash = $4`,
    [code.trim().toUpperCase(), channel, userId, currentDataKeys().personHash(channel, userId)],
  );
  return rows.length > 0;
}
