import { createHmac } from "node:crypto";

/**
 * How the hotline's evidence (consent records, rights requests, purge reports) names a person: a
 * keyed hash (HMAC-SHA256) of their messenger account, never the raw Zalo id or phone number. A
 * leaked table cannot be matched against a list of ids without the key; the same account always
 * gives the same hash, so the evidence stays linked after the person's data is erased. The running
 * hotline hashes under the database's stable hash key (`DataKeys.personHash`, data-keys.ts);
 * `personHasher` is the construction evidence was first written with (recognised by key-store.ts).
 */
export type PersonHasher = (channel: string, userId: string) => string;

export function personHasher(secret: string): PersonHasher {
  const key = createHmac("sha256", secret).update("civic-hotline/person/v1").digest();
  return (channel, userId) => createHmac("sha256", key).update(`${channel}\u0000${userId}`).digest("hex");
}
