import type { RedisConnection } from "../redis.js";
import { createHash, randomInt } from "node:crypto";
import { redisKey } from "../redis.js";
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, normalizeLinkCode } from "./link-codes.js";

/**
 * One-time codes that sign an officer in to the dashboard. The officer sends `#dangnhap` to the
 * OA from their linked Zalo account (so the answer always reaches them: they just wrote), gets a
 * code, and types it on the dashboard's sign-in page. A code is good once, for `SIGN_IN_CODE_TTL_MS`;
 * only its hash is stored. Wrong codes spend the same failed-attempt budget as link codes
 * (code-attempts.ts), so the code has the link code's length and alphabet and the same arithmetic.
 */

export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;

const hashOf = (code: string) => createHash("sha256").update(normalizeLinkCode(code), "utf8").digest("base64url");
const keyOf = (prefix: string, code: string) => redisKey(prefix, "signin", hashOf(code));

/** A new code for `officerId`, shown to them as `ABCDE-FGHJK`. */
export async function issueSignInCode(redis: RedisConnection, prefix: string, officerId: string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    let code = "";
    for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
    if ((await redis.set(keyOf(prefix, code), officerId, "PX", SIGN_IN_CODE_TTL_MS, "NX")) === "OK") {
      return `${code.slice(0, 5)}-${code.slice(5)}`;
    }
  }
  throw new Error("no free sign-in code after 8 attempts");
}

/** The officer a code was issued for, once: the code is gone after this. Null when unknown, used or expired. */
export async function takeSignInCode(redis: RedisConnection, prefix: string, typed: string): Promise<string | null> {
  const code = normalizeLinkCode(typed);
  if (code.length !== LINK_CODE_LENGTH || [...code].some((c) => !LINK_CODE_ALPHABET.includes(c))) return null;
  return redis.getdel(keyOf(prefix, code));
}
