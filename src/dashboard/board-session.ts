import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The queue board's browser session: a short-lived signed cookie, so the admin reaches
 * `/admin/queues` from the dashboard without the token ever being in a URL. The dashboard
 * POSTs `/admin/queues/session` with the admin token as a Bearer header; the answer sets
 * `hotline_board=<expiry>.<signature>` (HttpOnly, SameSite=Strict, Path=/admin/queues, 15 min).
 *
 * Stateless: the signature is an HMAC keyed by the `ADMIN_TOKEN`, so every web process accepts
 * it and changing the admin token ends every session at once. Nothing else is in it.
 */

export const BOARD_COOKIE = "hotline_board";
export const BOARD_SESSION_SECONDS = 15 * 60;

function keyOf(adminToken: string): Buffer {
  return createHash("sha256").update(`queue-board-session\u0000${adminToken}`, "utf8").digest();
}

function signature(adminToken: string, expiresMs: number): string {
  return createHmac("sha256", keyOf(adminToken)).update(`board:${expiresMs}`).digest("base64url");
}

/** A session valid until `now + BOARD_SESSION_SECONDS`. */
export function newBoardSession(adminToken: string, now: Date): string {
  const expiresMs = now.getTime() + BOARD_SESSION_SECONDS * 1000;
  return `${expiresMs}.${signature(adminToken, expiresMs)}`;
}

/** Whether `value` is a session this admin token signed and it has not expired at `now`. */
export function isBoardSession(value: string, adminToken: string, now: Date): boolean {
  const m = /^(\d{13,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return false;
  const expiresMs = Number(m[1]);
  const given = Buffer.from(m[2]!, "utf8");
  const expected = Buffer.from(signature(adminToken, expiresMs), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected) && expiresMs > now.getTime();
}
