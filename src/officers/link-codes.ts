import { randomInt } from "node:crypto";
import type { Database, Queryable } from "../db/database.js";
import { getOfficer } from "./officer-queries.js";
import { type Officer } from "./officer-rows.js";

/**
 * Linking an officer's own Zalo account: an admin hands the officer a one-time code (from
 * `POST /api/v1/officers` or `POST /api/v1/officers/:id/link-code`), the officer sends
 * `#dangky CODE` to the OA, and that Zalo user becomes the officer. One Zalo account is one
 * officer; an officer has one Zalo account (linking another replaces it: a new phone).
 */

/** No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): the code is read off a screen or a paper and typed. */
export const LINK_CODE_ALPHABET = "ACDEFGHJKMNPRTUVWXY34679";
/** 24¹⁰ ≈ 6.3 × 10¹³ codes: with the attempt budget of code-attempts.ts, guessing is hopeless (the arithmetic is there). */
export const LINK_CODE_LENGTH = 10;
export const LINK_CODE_VALID_MS = 7 * 24 * 3600_000;

/**
 * A new link code for `officerId`, valid a week; null when there is no such officer. The
 * officer's older unused codes are revoked: only the code handed out last works.
 */
export async function issueLinkCode(db: Queryable, officerId: string, now = new Date()): Promise<{ code: string; expiresAt: Date } | null> {
  if (!(await getOfficer(db, officerId))) return null;
  const expiresAt = new Date(now.getTime() + LINK_CODE_VALID_MS);
  await db.query("UPDATE officer_link_codes SET revoked_at = $2 WHERE officer_id = $1 AND used_at IS NULL AND revoked_at IS NULL", [
    officerId,
    now,
  ]);
  // A clash is next to impossible, and a clash just draws again.
  for (let attempt = 0; attempt < 8; attempt++) {
    let code = "";
    for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
    const rows = await db.query(
      "INSERT INTO officer_link_codes (code, officer_id, expires_at, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING code",
      [code, officerId, expiresAt, now],
    );
    if (rows.length) return { code, expiresAt };
  }
  throw new Error("no free link code after 8 attempts");
}

/** The code as typed: any case, spaces or dashes inside ("ab3 k7m"). */
export function normalizeLinkCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s._-]/g, "");
}

export type LinkOutcome =
  /** `previousZaloUserId`: the account this link replaced (to be told), null when none or the same. */
  | { linked: Officer; already: boolean; previousZaloUserId: string | null }
  /** `revoked`: a newer code was issued; `inactive`: the officer was deactivated. */
  | { refused: "unknown" | "used" | "expired" | "revoked" | "inactive" }
  /** This Zalo account is already another officer's. */
  | { refused: "taken"; by: Officer };

/**
 * Link the Zalo user to the officer the code was issued for, once. The code row is locked, so
 * two `#dangky` with the same code link once; a code used by the same Zalo account again (a
 * redelivered message) answers as linked. `communeId` is the commune whose OA the code was sent
 * to: Zalo ids are per OA, so a code of another commune's officer is unknown here.
 */
export async function linkZaloAccount(
  db: Database,
  communeId: string,
  typedCode: string,
  zaloUserId: string,
  now = new Date(),
): Promise<LinkOutcome> {
  const code = normalizeLinkCode(typedCode);
  return db.transaction(async (tx): Promise<LinkOutcome> => {
    const rows = await tx.query<{ officer_id: string; expires_at: Date; used_at: Date | null; revoked_at: Date | null }>(
      "SELECT officer_id, expires_at, used_at, revoked_at FROM officer_link_codes WHERE code = $1 FOR UPDATE",
      [code],
    );
    const row = rows[0];
    if (!row || (await getOfficer(tx, row.officer_id))?.communeId !== communeId) return { refused: "unknown" };
    const holder = (
      await tx.query<{ id: string }>("SELECT id FROM officers WHERE zalo_user_id = $1 AND commune_id = $2", [zaloUserId, communeId])
    )[0];
    if (row.used_at) {
      const officer = await getOfficer(tx, row.officer_id);
      if (officer?.active && holder?.id === officer.id) return { linked: officer, already: true, previousZaloUserId: null };
      return { refused: "used" };
    }
    if (row.revoked_at) return { refused: "revoked" };
    if (new Date(row.expires_at).getTime() <= now.getTime()) return { refused: "expired" };
    const target = await getOfficer(tx, row.officer_id);
    if (!target?.active) return { refused: "inactive" };
    if (holder && holder.id !== row.officer_id) return { refused: "taken", by: (await getOfficer(tx, holder.id))! };
    await tx.query("UPDATE officers SET zalo_user_id = $2, updated_at = $3 WHERE id = $1", [row.officer_id, zaloUserId, now]);
    await tx.query("UPDATE officer_link_codes SET used_at = $2 WHERE code = $1", [code, now]);
    const previous = target.zaloUserId !== null && target.zaloUserId !== zaloUserId ? target.zaloUserId : null;
    // Another account held this officer: the admin sees it in the officer list (a stolen code shows).
    if (previous) await tx.query("INSERT INTO officer_events (officer_id, kind, at) VALUES ($1, 'zalo_relinked', $2)", [target.id, now]);
    return { linked: (await getOfficer(tx, row.officer_id))!, already: holder?.id === row.officer_id, previousZaloUserId: previous };
  });
}
