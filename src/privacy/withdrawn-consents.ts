import { currentDataKeys } from "./installed-keys.js";
import { openSealed } from "./sealed-contacts.js";
import type { Queryable } from "../db/database.js";
import type { PhotoStore } from "../photos/photo-store.js";
import { logger } from "../logger.js";
import type { PersonHasher } from "./person-key.js";
import type { ConsentPurpose } from "./purposes.js";

/**
 * Acting on consents withdrawn (issue 25). A purpose counts as withdrawn when the person's latest
 * answer for it is a withdrawal (a restriction or objection records one too); never asked is not
 * withdrawn, and the hotline goes on as before for it. What each withdrawal stops:
 * - `callback_phone`: the reporter's phone is no longer shown to officers (API, dashboard, Zalo
 *   commands, the new-case and escalation notices), so it is not used to call them back; the
 *   officers' call-back list ("Cần gọi báo") holds only reports without a Zalo reporter, who
 *   cannot have withdrawn in the chat;
 * - `rating_survey`: no rating is asked after "Đã xử lý";
 * - `photos_kept`: the report's own photos (not the officers' proof) are deleted when it closes.
 */
export async function withdrawnPurposes(db: Queryable, communeId: string, personHash: string): Promise<ConsentPurpose[]> {
  const rows = await db.query<{ purpose: ConsentPurpose; granted: boolean }>(
    `SELECT DISTINCT ON (purpose) purpose, granted FROM consent_records
     WHERE commune_id = $1 AND person_hash = $2 ORDER BY purpose, id DESC`,
    [communeId, personHash],
  );
  return rows.filter((r) => !r.granted).map((r) => r.purpose);
}

/** `contactCommuneId`: the commune whose OA the reporter wrote to, where their consents are recorded (a transferred case's is not its handler's). */
type Reported = { communeId: string; contactCommuneId?: string; reporterChannel: string | null; reporterUserId: string | null };

/** Whether the case's reporter (on a messenger) withdrew `purpose`. */
export async function reporterWithdrew(db: Queryable, hash: PersonHasher, c: Reported, purpose: ConsentPurpose): Promise<boolean> {
  if (!c.reporterChannel || !c.reporterUserId) return false;
  return (await withdrawnPurposes(db, c.contactCommuneId ?? c.communeId, hash(c.reporterChannel, c.reporterUserId))).includes(purpose);
}

/** The case as officers may see it: without the phone once its reporter withdrew the call-back consent. */
export async function withoutWithdrawnPhone<C extends Reported & { contactPhone: string | null }>(
  db: Queryable,
  hash: PersonHasher,
  c: C,
): Promise<C> {
  if (c.contactPhone === null || !(await reporterWithdrew(db, hash, c, "callback_phone"))) return c;
  return { ...c, contactPhone: null };
}

/**
 * A closed case whose reporter withdrew `photos_kept`: its own photos are deleted (the rows, and
 * each kept copy no other photo row still refers to); the officers' proof photos stay. Returns
 * how many were deleted.
 */
export async function dropPhotosOfClosedCase(
  deps: { db: Queryable; photos: PhotoStore; personHash: PersonHasher },
  code: string,
): Promise<number> {
  const rows = await deps.db.query<{
    communeId: string;
    reporterChannel: string | null;
    reporterUserSealed: string | null;
    status: string;
  }>(
    `SELECT commune_id AS "communeId", reporter_channel AS "reporterChannel", reporter_user_sealed AS "reporterUserSealed", status
     FROM cases WHERE code = $1`,
    [code],
  );
  const row = rows[0];
  const c = row && { ...row, reporterUserId: openSealed(currentDataKeys(), row.reporterUserSealed) };
  if (!c || c.status !== "closed" || !(await reporterWithdrew(deps.db, deps.personHash, c, "photos_kept"))) return 0;
  const dropped = await deps.db.query<{ stored_path: string | null }>(
    "DELETE FROM case_photos WHERE case_code = $1 AND NOT proof RETURNING stored_path",
    [code],
  );
  for (const { stored_path: stored } of dropped) {
    if (!stored) continue;
    const shared = await deps.db.query("SELECT 1 FROM case_photos WHERE stored_path = $1 LIMIT 1", [stored]);
    if (!shared.length) await deps.photos.delete(stored);
  }
  if (dropped.length)
    logger.info("photos of a closed case deleted: its reporter withdrew keeping them", { case: code, photos: dropped.length });
  return dropped.length;
}
