import { nationalPhone } from "../core/phone.js";
import type { Database, Queryable } from "../db/database.js";
import type { DataKeys } from "./data-keys.js";

/**
 * A case's reporter contact as stored: ciphertexts, and the keyed hashes that find it (see
 * migration 018). Sealing happens here and nowhere else, so no code path writes a contact in clear.
 */
export interface SealedContact {
  reporter_user_sealed: string | null;
  reporter_hash: string | null;
  contact_name_sealed: string | null;
  contact_phone_sealed: string | null;
  contact_phone_hash: string | null;
}

/** The form a phone is indexed under: national when it is a Vietnamese number, else as written. */
export function phoneIndexOf(keys: DataKeys, phone: string): string {
  return keys.phoneIndex(nationalPhone(phone) ?? nationalPhone(`+${phone.trim()}`) ?? phone.trim());
}

export function sealContact(
  keys: DataKeys,
  c: { reporterChannel: string | null; reporterUserId: string | null; name: string | null; phone: string | null },
): SealedContact {
  const hasReporter = c.reporterChannel !== null && c.reporterUserId !== null;
  return {
    reporter_user_sealed: hasReporter ? keys.seal(c.reporterUserId!) : null,
    reporter_hash: hasReporter ? keys.personHash(c.reporterChannel!, c.reporterUserId!) : null,
    contact_name_sealed: c.name === null ? null : keys.seal(c.name),
    contact_phone_sealed: c.phone === null ? null : keys.seal(c.phone),
    contact_phone_hash: c.phone === null ? null : phoneIndexOf(keys, c.phone),
  };
}

export const openSealed = (keys: DataKeys, v: string | null): string | null => (v === null ? null : keys.open(v));

const BATCH = 500;

/**
 * Seal what migration 018 left in clear (`legacy_*` columns) and empty those columns. Runs at
 * every start, in batches, each batch in a transaction; does nothing once they are empty.
 * Returns the number of cases sealed.
 */
export async function sealLegacyContacts(db: Database, keys: DataKeys): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx.query<{
        code: string;
        reporter_channel: string | null;
        legacy_reporter_user_id: string | null;
        legacy_contact_name: string | null;
        legacy_contact_phone: string | null;
      }>(
        `SELECT code, reporter_channel, legacy_reporter_user_id, legacy_contact_name, legacy_contact_phone FROM cases
         WHERE legacy_reporter_user_id IS NOT NULL OR legacy_contact_name IS NOT NULL OR legacy_contact_phone IS NOT NULL
         ORDER BY code LIMIT ${BATCH} FOR UPDATE`,
      );
      for (const r of rows) {
        const s = sealContact(keys, {
          reporterChannel: r.reporter_channel,
          reporterUserId: r.legacy_reporter_user_id,
          name: r.legacy_contact_name,
          phone: r.legacy_contact_phone,
        });
        await writeSealed(tx, r.code, s, true);
      }
      return rows.length;
    });
    sealed += n;
    if (n < BATCH) return sealed;
  }
}

async function writeSealed(tx: Queryable, code: string, s: SealedContact, clearLegacy: boolean): Promise<void> {
  await tx.query(
    `UPDATE cases SET reporter_user_sealed = $2, reporter_hash = $3, contact_name_sealed = $4, contact_phone_sealed = $5,
       contact_phone_hash = $6${clearLegacy ? ", legacy_reporter_user_id = NULL, legacy_contact_name = NULL, legacy_contact_phone = NULL" : ""}
     WHERE code = $1`,
    [code, s.reporter_user_sealed, s.reporter_hash, s.contact_name_sealed, s.contact_phone_sealed, s.contact_phone_hash],
  );
}

/**
 * Re-encrypt under the current key every ciphertext made under the previous one (`npm run
 * privacy:rotate-key`): the cases' contacts and the stored data keys. The keyed hashes do not
 * change (their key is not the encryption key). Returns how many values were re-encrypted.
 */
export async function resealContacts(db: Database, keys: DataKeys): Promise<{ cases: number; dataKeys: number }> {
  const stale = (v: string | null) => v !== null && !keys.isCurrent(v);
  const again = (v: string | null) => (v === null ? null : keys.isCurrent(v) ? v : keys.seal(keys.open(v)));
  let cases = 0;
  let after = "";
  for (;;) {
    const rows = await db.query<{
      code: string;
      reporter_user_sealed: string | null;
      contact_name_sealed: string | null;
      contact_phone_sealed: string | null;
    }>(
      `SELECT code, reporter_user_sealed, contact_name_sealed, contact_phone_sealed FROM cases
       WHERE code > $1 AND (reporter_user_sealed IS NOT NULL OR contact_name_sealed IS NOT NULL OR contact_phone_sealed IS NOT NULL)
       ORDER BY code LIMIT ${BATCH}`,
      [after],
    );
    for (const r of rows) {
      if (![r.reporter_user_sealed, r.contact_name_sealed, r.contact_phone_sealed].some(stale)) continue;
      // Only what still holds the value read: a contact erased meanwhile is not brought back.
      const changed = await db.query(
        `UPDATE cases SET reporter_user_sealed = $5, contact_name_sealed = $6, contact_phone_sealed = $7
         WHERE code = $1 AND reporter_user_sealed IS NOT DISTINCT FROM $2::text AND contact_name_sealed IS NOT DISTINCT FROM $3::text
           AND contact_phone_sealed IS NOT DISTINCT FROM $4::text RETURNING 1`,
        [
          r.code,
          r.reporter_user_sealed,
          r.contact_name_sealed,
          r.contact_phone_sealed,
          again(r.reporter_user_sealed),
          again(r.contact_name_sealed),
          again(r.contact_phone_sealed),
        ],
      );
      cases += changed.length;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.code;
  }
  let dataKeys = 0;
  for (const k of await db.query<{ name: string; sealed: string }>("SELECT name, sealed FROM data_keys ORDER BY name")) {
    if (!stale(k.sealed)) continue;
    dataKeys += (
      await db.query("UPDATE data_keys SET sealed = $3 WHERE name = $1 AND sealed = $2 RETURNING 1", [k.name, k.sealed, again(k.sealed)])
    ).length;
  }
  return { cases, dataKeys };
}
