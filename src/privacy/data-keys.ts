import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import type { PersonHasher } from "./person-key.js";

/**
 * The keys that protect reporters' contacts at rest (issue 25). Two families, derived apart so
 * that rotating one never disturbs the other:
 *
 * - the **encryption key**, from `DATA_ENCRYPTION_KEY` through HKDF-SHA256: AES-256-GCM for each
 *   name, phone and Zalo id kept with a case. Every ciphertext names the key it was made under
 *   (`v1:<key id>:…`), so while rotating the previous key (`DATA_ENCRYPTION_KEY_PREVIOUS`) still
 *   opens what is not re-encrypted yet;
 * - the **hash key**, stable for the life of the database: the keyed hashes that find a case by
 *   its reporter's account or phone, and that name a person in the evidence (consents, requests).
 *   It is a random (or, on a database that already held evidence, the former) key kept in the
 *   `data_keys` table *sealed under the encryption key*: rotation re-seals it, the hashes stay.
 */
export interface DataKeys {
  /** Short fingerprint of the current encryption key, written in each ciphertext. */
  readonly keyId: string;
  seal(plain: string): string;
  /** The plaintext of a ciphertext made under the current or the previous key; throws otherwise. */
  open(sealed: string): string;
  /** Whether a ciphertext was made under the current key (rotation skips those). */
  isCurrent(sealed: string): boolean;
  /** Names a person (their messenger account) in cases' reporter index and in the evidence. */
  readonly personHash: PersonHasher;
  /** Index of a phone number in national form (0912345678). */
  phoneIndex(national: string): string;
}

export class DataKeyError extends Error {
  override name = "DataKeyError";
}

const FORMAT = "v1";
const SALT = Buffer.from("civic-hotline/data-keys");

/**
 * What stands in for `DATA_ENCRYPTION_KEY` outside production when it is unset (production refuses
 * to start without one): public, so it protects nothing; it only keeps development and tests
 * working the same way as production.
 */
export const DEVELOPMENT_DATA_KEY = "civic-hotline development key: NOT SECRET, never in production";

interface Cipher {
  id: string;
  key: Buffer;
}

function cipherOf(secret: string): Cipher {
  const derive = (info: string, length: number) => Buffer.from(hkdfSync("sha256", secret, SALT, info, length));
  return { id: derive("civic-hotline/key-id/v1", 4).toString("hex"), key: derive("civic-hotline/contact-encryption/v1", 32) };
}

/** The encryption side alone: what seals the hash key before that key is known. */
export interface Sealer {
  readonly keyId: string;
  seal(plain: string): string;
  open(sealed: string): string;
  isCurrent(sealed: string): boolean;
}

export function sealer(current: string, previous?: string): Sealer {
  const now = cipherOf(current);
  const before = previous !== undefined ? cipherOf(previous) : null;
  const byId = new Map<string, Cipher>(before && before.id !== now.id ? [[before.id, before]] : []);
  byId.set(now.id, now);
  return {
    keyId: now.id,
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", now.key, iv);
      c.setAAD(Buffer.from(`${FORMAT}:${now.id}`));
      const body = Buffer.concat([iv, c.update(plain, "utf8"), c.final(), c.getAuthTag()]);
      return `${FORMAT}:${now.id}:${body.toString("base64url")}`;
    },
    open(sealed) {
      const [format, id, body, ...rest] = sealed.split(":");
      if (format !== FORMAT || !id || body === undefined || rest.length) throw new DataKeyError("not a ciphertext of the hotline");
      const cipher = byId.get(id);
      if (!cipher)
        throw new DataKeyError(
          `data sealed under key ${id}, which is neither DATA_ENCRYPTION_KEY (${now.id}) nor DATA_ENCRYPTION_KEY_PREVIOUS` +
            (before ? ` (${before.id})` : " (unset)"),
        );
      const raw = Buffer.from(body, "base64url");
      if (raw.length < 28) throw new DataKeyError("a ciphertext cut short");
      const d = createDecipheriv("aes-256-gcm", cipher.key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(`${FORMAT}:${id}`));
      d.setAuthTag(raw.subarray(raw.length - 16));
      try {
        return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString("utf8");
      } catch {
        throw new DataKeyError(`a ciphertext under key ${id} does not authenticate (altered, or another key with the same id)`);
      }
    },
    isCurrent: (sealed) => sealed.startsWith(`${FORMAT}:${now.id}:`),
  };
}

/**
 * The hash key a database used before it had one of its own: the key of `personHasher(secret)`,
 * so evidence written then keeps naming the same people.
 */
export function legacyHashKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("civic-hotline/person/v1").digest();
}

export function newHashKey(): Buffer {
  return randomBytes(32);
}

/** The whole set from an opened encryption side and the database's hash key. */
export function dataKeys(seal: Sealer, hashKey: Buffer): DataKeys {
  // The person hash keeps its former construction (HMAC under the hash key itself): evidence stays linked.
  const phoneKey = Buffer.from(hkdfSync("sha256", hashKey, SALT, "civic-hotline/phone-index/v1", 32));
  return {
    keyId: seal.keyId,
    seal: (p) => seal.seal(p),
    open: (s) => seal.open(s),
    isCurrent: (s) => seal.isCurrent(s),
    personHash: (channel, userId) => createHmac("sha256", hashKey).update(`${channel}\u0000${userId}`).digest("hex"),
    phoneIndex: (national) => createHmac("sha256", phoneKey).update(national).digest("hex"),
  };
}
