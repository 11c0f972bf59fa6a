import { randomInt } from "node:crypto";
import type { Database, Queryable } from "../db/database.js";
import { type Officer, getOfficer } from "./registry.js";

/**
 * Linking an officer's own Zalo account: an admin hands the officer a one-time code (from
 * `POST /api/v1/officers` or `POST /api/v1/officers/:id/link-code`), the officer sends
 * `#dangky CODE` to the OA, and that Zalo user becomes the officer. One Zalo account is one
 * officer; an officer has one Zalo account (linking another replaces it: a new phone).
 */

/** No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): the code is read off a screen or a paper and typed. */
export const LINK_CODE_ALPHABET = "ACDEFGHJKMNPRTUVWXY34679";
export const LINK_CODE_LENGTH = 6;
export const LINK_CODE_VALID_MS = 7 * 24 * 3600_000;

/** A new link code for `officerId`, valid a week; null when there is no such officer. */
export async function issueLinkCode(db: Queryable, officerId: string, now = new Date()): Promise<{ code: string; expiresAt: Date } | null> {
  if (!(await getOfficer(db, officerId))) return null;
  const expiresAt = new Date(now.getTime() + LINK_CODE_VALID_MS);
  // 24⁶ ≈ 190 million codes: a clash is rare, and a clash just draws again.
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
  | { linked: Officer; already: boolean }
  | { refused: "unknown" | "used" | "expired" }
  /** This Zalo account is already another officer's. */
  | { refused: "taken"; by: Officer };

/**
 * Link the Zalo user to the officer the code was issued for, once. The code row is locked, so
 * two `#dangky` with the same code link once; a code used by the same Zalo account again (a
 * redelivered message) answers as linked.
 */
export async function linkZaloAccount(db: Database, typedCode: string, zaloUserId: string, now = new Date()): Promise<LinkOutcome> {
  const code = normalizeLinkCode(typedCode);
  return db.transaction(async (tx): Promise<LinkOutcome> => {
    const rows = await tx.query<{ officer_id: string; expires_at: Date; used_at: Date | null }>(
      "SELECT officer_id, expires_at, used_at FROM officer_link_codes WHERE code = $1 FOR UPDATE",
      [code],
    );
    const row = rows[0];
    if (!row) return { refused: "unknown" };
    const holder = (await tx.query<{ id: string }>("SELECT id FROM officers WHERE zalo_user_id = $1", [zaloUserId]))[0];
    if (row.used_at) {
      const officer = await getOfficer(tx, row.officer_id);
      if (officer && holder?.id === officer.id) return { linked: officer, already: true };
      return { refused: "used" };
    }
    if (new Date(row.expires_at).getTime() <= now.getTime()) return { refused: "expired" };
    if (holder && holder.id !== row.officer_id) return { refused: "taken", by: (await getOfficer(tx, holder.id))! };
    await tx.query("UPDATE officers SET zalo_user_id = $2, updated_at = $3 WHERE id = $1", [row.officer_id, zaloUserId, now]);
    await tx.query("UPDATE officer_link_codes SET used_at = $2 WHERE code = $1", [code, now]);
    return { linked: (await getOfficer(tx, row.officer_id))!, already: holder?.id === row.officer_id };
  });
}
