import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../db/database.js";

/** Tokens are stored only as their SHA-256, so a leaked database does not leak API access. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newApiToken(): string {
  return `hl_${randomBytes(32).toString("base64url")}`;
}

/**
 * Issue a new API token for an active officer, from the config or not; the old one stops
 * working. Returned once, here. Null if there is no such active officer.
 */
export async function issueApiToken(db: Queryable, officerId: string): Promise<string | null> {
  const token = newApiToken();
  const rows = await db.query("UPDATE officers SET api_token_hash = $2, updated_at = now() WHERE id = $1 AND active RETURNING id", [
    officerId,
    hashApiToken(token),
  ]);
  return rows.length ? token : null;
}
