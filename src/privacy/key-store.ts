import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { DataKeyError, type DataKeys, DEVELOPMENT_DATA_KEY, dataKeys, legacyHashKey, newHashKey, sealer } from "./data-keys.js";

/**
 * Open the deployment's data keys: the encryption key from the config (the development key outside
 * production when unset, with a warning; the config refuses production without one), and the
 * database's hash key from `data_keys`, made on first use. A key that opens nothing stored refuses
 * to start, naming what to set, rather than writing under one key what was sealed under another.
 */
export async function loadDataKeys(
  db: Database,
  config: Pick<Config, "DATA_ENCRYPTION_KEY" | "DATA_ENCRYPTION_KEY_PREVIOUS" | "ZALO_APP_SECRET" | "NODE_ENV">,
): Promise<DataKeys> {
  if (!config.DATA_ENCRYPTION_KEY && config.NODE_ENV !== "test")
    logger.warn("DATA_ENCRYPTION_KEY is not set: contacts are sealed under the public development key (refused in production)");
  const seal = sealer(config.DATA_ENCRYPTION_KEY ?? DEVELOPMENT_DATA_KEY, config.DATA_ENCRYPTION_KEY_PREVIOUS);
  const stored = async () => (await db.query<{ sealed: string }>("SELECT sealed FROM data_keys WHERE name = 'hash'"))[0]?.sealed ?? null;
  let sealed = await stored();
  if (sealed === null) {
    const first = await firstHashKey(db, config);
    await db.query("INSERT INTO data_keys (name, sealed) VALUES ('hash', $1) ON CONFLICT (name) DO NOTHING", [
      seal.seal(first.toString("base64")),
    ]);
    sealed = (await stored())!;
  }
  let hashKey: Buffer;
  try {
    hashKey = Buffer.from(seal.open(sealed), "base64");
  } catch (err) {
    if (!(err instanceof DataKeyError)) throw err;
    throw new DataKeyError(
      `DATA_ENCRYPTION_KEY does not open the keys stored in the database (${err.message}). ` +
        "After changing it, set DATA_ENCRYPTION_KEY_PREVIOUS to the key used until then and run npm run privacy:rotate-key.",
    );
  }
  return dataKeys(seal, hashKey);
}

/**
 * The hash key of a database that has none yet. Evidence written before keyed its hashes with
 * `DATA_ENCRYPTION_KEY`, or the app secret when that was unset: the one of the two that gives the
 * hashes the evidence holds for accounts the database still knows is kept, so the evidence stays
 * linked. A database without evidence gets a random key.
 */
async function firstHashKey(db: Database, config: Pick<Config, "DATA_ENCRYPTION_KEY" | "ZALO_APP_SECRET">): Promise<Buffer> {
  const evidence = await db.query<{ person_hash: string }>(
    "SELECT DISTINCT person_hash FROM (SELECT person_hash FROM consent_records UNION ALL SELECT person_hash FROM privacy_requests) e LIMIT 10000",
  );
  if (!evidence.length) return newHashKey();
  const hashes = new Set(evidence.map((e) => e.person_hash));
  const accounts = await db.query<{ channel: string; user_id: string }>(
    `SELECT DISTINCT channel, user_id FROM (
       SELECT reporter_channel AS channel, legacy_reporter_user_id AS user_id FROM cases WHERE legacy_reporter_user_id IS NOT NULL
       UNION ALL SELECT channel, user_id FROM case_followers
       UNION ALL SELECT channel, user_id FROM dossier_followers
       UNION ALL SELECT channel, user_id FROM shared_phones) a LIMIT 10000`,
  );
  const candidates = [config.DATA_ENCRYPTION_KEY, config.ZALO_APP_SECRET].filter((s): s is string => !!s).map(legacyHashKey);
  for (const key of candidates) {
    const keys = dataKeys(sealer(DEVELOPMENT_DATA_KEY), key);
    if (accounts.some((a) => hashes.has(keys.personHash(a.channel, a.user_id)))) return key;
  }
  logger.warn("personal-data evidence found, but no account it names is known: its hashes are kept under the former key");
  return candidates[0]!;
}
