import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { loadDataKeys } from "./key-store.js";
import { resealContacts } from "./sealed-contacts.js";

export type RotationConfig = Pick<Config, "DATA_ENCRYPTION_KEY" | "DATA_ENCRYPTION_KEY_PREVIOUS" | "ZALO_APP_SECRET" | "NODE_ENV">;

/**
 * Re-encrypt everything sealed under `DATA_ENCRYPTION_KEY_PREVIOUS` under `DATA_ENCRYPTION_KEY`.
 * Safe beside a running hotline that has both keys (it reads either, writes the current one) and
 * safe to run twice. Afterwards nothing needs the previous key: remove it from the environment.
 */
export async function rotateDataKey(db: Database, config: RotationConfig): Promise<{ keyId: string; cases: number; dataKeys: number }> {
  const keys = await loadDataKeys(db, config);
  const counts = await resealContacts(db, keys);
  return { keyId: keys.keyId, ...counts };
}
