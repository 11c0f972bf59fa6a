import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Zalo's webhook signature (header `X-ZEvent-Signature`): a plain SHA-256, not an HMAC, over
 * `app_id + rawBody + timestamp + OA secret key`, where `app_id` and `timestamp` come from the body.
 */
export const ZALO_SIGNATURE_HEADER = "x-zevent-signature";

/** The hex digest Zalo would send for these exact bytes. */
export function computeZaloMac(rawBody: Buffer, appId: string, timestamp: string, oaSecretKey: string): string {
  return createHash("sha256").update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest("hex");
}

/** `app_id` and `timestamp` as they appear in the body (numbers tolerated); "" when absent. */
export function signedFields(body: unknown): { appId: string; timestamp: string } {
  if (!body || typeof body !== "object") return { appId: "", timestamp: "" };
  const { app_id, timestamp } = body as { app_id?: unknown; timestamp?: unknown };
  return { appId: scalar(app_id), timestamp: scalar(timestamp) };
}

function scalar(v: unknown): string {
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

/**
 * Check a signature header against an already parsed body (the webhook parses once). The digest is
 * still computed over the raw bytes.
 */
export function verifyZaloSignatureParsed(rawBody: Buffer, header: string | undefined, parsedBody: unknown, oaSecretKey: string): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^mac=/i, "").toLowerCase();
  const { appId, timestamp } = signedFields(parsedBody);
  const expected = computeZaloMac(rawBody, appId, timestamp, oaSecretKey);
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  // timingSafeEqual throws on unequal lengths, and the length of a hex digest is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when `header` (`mac=<hex>` or bare hex) is Zalo's signature of `rawBody`. A body that is not
 * JSON cannot carry `app_id`/`timestamp` and never verifies.
 */
export function verifyZaloSignature(rawBody: Buffer, header: string | undefined, oaSecretKey: string): boolean {
  if (!header) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return false;
  }
  return verifyZaloSignatureParsed(rawBody, header, parsed, oaSecretKey);
}

/** The `X-ZEvent-Signature` value (`mac=<hex>`) Zalo would send with `rawBody` (tests, chat, bench). */
export function signZaloBody(rawBody: Buffer | string, oaSecretKey: string): string {
  const bytes = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  const { appId, timestamp } = signedFields(JSON.parse(bytes.toString("utf8")));
  return `mac=${computeZaloMac(bytes, appId, timestamp, oaSecretKey)}`;
}
