import type { Queryable } from "../db/database.js";
import { consentsInForce } from "./consents.js";
import type { ConsentPurpose } from "./purposes.js";

/** What the hotline holds about one citizen, as told to them in the chat ("what do you hold about me"). */
export interface Holdings {
  /** Codes of the cases they reported (newest first, at most 10) and how many in all. */
  reported: { codes: string[]; total: number };
  /** Cases they follow without having reported them. */
  followedCases: number;
  followedDossiers: number;
  /** A phone number they left on a report, or shared with the OA (kept as a keyed hash). */
  phoneKept: boolean;
  nameKept: boolean;
  /** Notices waiting for their next message; messages they left for an officer. */
  heldNotices: number;
  messagesLeft: number;
  consents: Record<ConsentPurpose, boolean>;
}

export async function holdingsOf(
  db: Queryable,
  who: { channel: string; userId: string; communeId: string; personHash: string },
): Promise<Holdings> {
  const { channel, userId } = who;
  // The person hash also indexes a case's reporter (sealed-contacts.ts).
  const reporterHash = who.personHash;
  const count = async (sql: string, params: unknown[] = [channel, userId]) =>
    Number((await db.query<{ n: number }>(sql, params))[0]?.n ?? 0);
  const reported = await db.query<{ code: string; phone: boolean; name: boolean }>(
    `SELECT code, contact_phone_sealed IS NOT NULL AS phone, contact_name_sealed IS NOT NULL AS name FROM cases
     WHERE reporter_channel = $1 AND reporter_hash = $2 ORDER BY created_at DESC, code`,
    [channel, reporterHash],
  );
  const [followedCases, followedDossiers, sharedPhone, heldNotices, messagesLeft, consents] = await Promise.all([
    count(
      `SELECT count(*)::int AS n FROM case_followers f WHERE f.channel = $1 AND f.user_id = $2 AND NOT EXISTS
       (SELECT 1 FROM cases c WHERE c.code = f.case_code AND c.reporter_channel = $1 AND c.reporter_hash = $3)`,
      [channel, userId, reporterHash],
    ),
    count("SELECT count(*)::int AS n FROM dossier_followers WHERE channel = $1 AND user_id = $2"),
    count("SELECT count(*)::int AS n FROM shared_phones WHERE channel = $1 AND user_id = $2"),
    count("SELECT count(*)::int AS n FROM held_notices WHERE channel = $1 AND user_id = $2 AND delivered_at IS NULL"),
    count("SELECT count(*)::int AS n FROM handoff_messages WHERE channel = $1 AND user_id = $2"),
    consentsInForce(db, who.communeId, who.personHash),
  ]);
  return {
    reported: { codes: reported.slice(0, 10).map((r) => r.code), total: reported.length },
    followedCases,
    followedDossiers,
    phoneKept: sharedPhone > 0 || reported.some((r) => r.phone),
    nameKept: reported.some((r) => r.name),
    heldNotices,
    messagesLeft,
    consents,
  };
}
