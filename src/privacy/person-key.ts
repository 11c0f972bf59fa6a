import { createHmac } from "node:crypto";

/**
 * How the hotline's evidence (consent records, rights requests, purge reports) names a person: a
 * keyed hash (HMAC-SHA256) of their messenger account, never the raw Zalo id or phone number. The
 * key is derived from a secret of the config, so a leaked table cannot be matched against a list
 * of ids without it; the same account always gives the same hash, so the evidence stays linked
 * after the person's data is erased. Rotating the secret starts new hashes (see README).
 */
export type PersonHasher = (channel: string, userId: string) => string;

export function personHasher(secret: string): PersonHasher {
  const key = createHmac("sha256", secret).update("civic-hotline/person/v1").digest();
  return (channel, userId) => createHmac("sha256", key).update(`${channel}\u0000${userId}`).digest("hex");
}
