/**
 * The province-wide OA (issue 24): one Zalo OA a province runs for several communes, declared as
 * `oa` in `PROVINCE_CONFIG`. Its events arrive before anyone knows the commune: they carry
 * `PROVINCE_OA_HOME` as their `communeId` (the home of every conversation of that OA: its shard,
 * its in-flight bucket) until the conversation engine settles the commune from the session
 * (src/conversation/province-oa.ts).
 *
 * A Zalo user id means something only with its OA, and the province OA's citizens write to no
 * commune's OA: their hotline user id is their Zalo id qualified by `PROVINCE_OA_USER` (set by
 * the webhook), so that everything that reaches them later — a case's notices, held notices, a
 * dossier's — goes out through the province OA and its shard whatever commune the case is in,
 * with no column to add. Only the Zalo client layer strips the qualifier again.
 */

/** The `communeId` of an event to the province OA before its commune is known; never a commune's id (ids are slugs). */
export const PROVINCE_OA_HOME = "@province";

const PROVINCE_OA_USER = "province:";

/** The hotline's user id of a citizen writing to the province OA. */
export function provinceUserId(zaloUserId: string): string {
  return PROVINCE_OA_USER + zaloUserId;
}

/** The Zalo id on the province OA of a hotline user id, or undefined for a user of a commune's OA. */
export function provinceZaloId(userId: string): string | undefined {
  return userId.startsWith(PROVINCE_OA_USER) ? userId.slice(PROVINCE_OA_USER.length) : undefined;
}

/** Whether a user id is the province OA's (its conversation lives under `PROVINCE_OA_HOME`). */
export function isProvinceUser(userId: string): boolean {
  return userId.startsWith(PROVINCE_OA_USER);
}
