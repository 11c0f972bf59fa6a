import type { Config } from "../config.js";
import type { Database } from "./database.js";
import { migrate } from "./migrate.js";

/** Open the configured database and bring its schema up to date. */
export async function openDatabase(config: Pick<Config, "DATABASE_URL" | "DATA_DIR">): Promise<Database> {
  // Only the driver in use is loaded: each is megabytes of code the other setup never runs.
  const db = config.DATABASE_URL
    ? (await import("./postgres.js")).openPostgres(config.DATABASE_URL)
    : await (await import("./pglite.js")).openPglite(config.DATA_DIR);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
