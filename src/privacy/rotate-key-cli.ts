/**
 * `npm run privacy:rotate-key`: with the new key in DATA_ENCRYPTION_KEY and the one used until now
 * in DATA_ENCRYPTION_KEY_PREVIOUS, re-encrypt every stored contact under the new key (see README,
 * "Personal data"). Reads the same environment (and .env) as the hotline.
 */
import { configSchema } from "../config.js";
import { DatabaseHeldError } from "../db/data-dir-lock.js";
import { openDatabase } from "../db/open.js";
import { setLogLevel } from "../logger.js";
import { rotateDataKey } from "./rotate-key.js";

const cliConfigSchema = configSchema
  .pick({
    DATABASE_URL: true,
    DATA_DIR: true,
    LOG_LEVEL: true,
    NODE_ENV: true,
    ZALO_APP_SECRET: true,
    DATA_ENCRYPTION_KEY: true,
    DATA_ENCRYPTION_KEY_PREVIOUS: true,
  })
  .refine((c) => c.DATA_ENCRYPTION_KEY !== undefined, { path: ["DATA_ENCRYPTION_KEY"], message: "is required: the key to rotate to" });

async function main(): Promise<number> {
  try {
    process.loadEnvFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const parsed = cliConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`);
    process.stderr.write(`Invalid configuration:\n${problems.join("\n")}\n`);
    return 1;
  }
  const config = parsed.data;
  setLogLevel(config.LOG_LEVEL);
  let db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    if (err instanceof DatabaseHeldError) {
      process.stderr.write(`Cannot rotate in ${config.DATA_DIR}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  try {
    const done = await rotateDataKey(db, config);
    process.stdout.write(
      `Re-encrypted under key ${done.keyId}: contacts of ${done.cases} cases, ${done.dataKeys} stored keys.\n` +
        "Nothing needs DATA_ENCRYPTION_KEY_PREVIOUS any more: remove it and restart the hotline.\n",
    );
    return 0;
  } catch (err) {
    process.stderr.write(`Cannot rotate: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
