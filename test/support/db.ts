import { randomBytes } from "node:crypto";
import type { Database } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import { openPglite } from "../../src/db/pglite.js";
import { openPostgres } from "../../src/db/postgres.js";

/** The real PostgreSQL the tests use (CI creates the database). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/hotline_test";

export type Backend = "pglite" | "postgres";
/** Storage tests run once per backend. */
export const BACKENDS: Backend[] = ["pglite", "postgres"];

/**
 * A fresh, migrated database: in-memory PGlite, or a new schema of the test PostgreSQL database
 * (dropped on close), so test files never see each other's rows.
 */
export async function openTestDatabase(backend: Backend = "pglite", opts: { migrate?: boolean } = {}): Promise<Database> {
  let db: Database;
  if (backend === "pglite") {
    db = await openPglite();
  } else {
    const schema = `t_${randomBytes(5).toString("hex")}`;
    const admin = openPostgres(TEST_DATABASE_URL, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    await admin.close();
    const inner = openPostgres(TEST_DATABASE_URL, { searchPath: schema, max: 5 });
    db = {
      ...inner,
      async close() {
        await inner.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
        await inner.close();
      },
    };
  }
  if (opts.migrate !== false) await migrate(db);
  return db;
}
