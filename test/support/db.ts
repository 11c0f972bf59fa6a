import { randomBytes } from "node:crypto";
import type { Database } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import { openPglite, type PgliteSnapshot } from "../../src/db/pglite.js";
import { openPostgres } from "../../src/db/postgres.js";
import { pgliteTemplate, type Template } from "./pglite-template.js";

/** The real PostgreSQL the tests use (CI creates the database). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/hotline_test";

export type Backend = "pglite" | "postgres";
/** Storage tests run once per backend. */
export const BACKENDS: Backend[] = ["pglite", "postgres"];

/** A schema of its own in the test PostgreSQL database, and a URL that works inside it. */
export interface TestSchema {
  name: string;
  /** DATABASE_URL for a child process or a second pool: search_path set to the schema. */
  url: string;
  drop(): Promise<void>;
}

export async function createTestSchema(opts: { migrate?: boolean } = {}): Promise<TestSchema> {
  const name = `t_${randomBytes(5).toString("hex")}`;
  const admin = openPostgres(TEST_DATABASE_URL, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${name}`);
  await admin.close();
  const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
  if (opts.migrate) {
    const db = openPostgres(url, { max: 1 });
    await migrate(db);
    await db.close();
  }
  return {
    name,
    url,
    async drop() {
      const a = openPostgres(TEST_DATABASE_URL, { max: 1 });
      await a.exec(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
      await a.close();
    },
  };
}

const templates: Partial<Record<Template, Promise<PgliteSnapshot>>> = {};
/** Embedded databases their test closed, kept in this process to be emptied for the next test. */
const closedPglites: Database[] = [];

/**
 * An embedded database as fresh as a copy of a template: one a test of this process closed,
 * emptied (its whole schema dropped with every table, sequence and row, then migrated again:
 * milliseconds), or else a copy of a template (pglite-template.ts: half a second of CPU; initdb
 * would cost seconds). Closing it makes it unusable to its test and keeps it for the next one.
 */
async function openTestPglite(migrated: boolean): Promise<Database> {
  let db = closedPglites.pop();
  if (db) await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public; RESET ALL;");
  else {
    const template = migrated ? "migrated" : "fresh";
    db = await openPglite(undefined, { from: await (templates[template] ??= pgliteTemplate(template)) });
  }
  const inner = db;
  let closed = false;
  const ifOpen = <T>(use: () => Promise<T>): Promise<T> => (closed ? Promise.reject(new Error("the database is closed")) : use());
  return {
    kind: inner.kind,
    query: (sql, params) => ifOpen(() => inner.query(sql, params)),
    exec: (sql) => ifOpen(() => inner.exec(sql)),
    transaction: (fn) => ifOpen(() => inner.transaction(fn)),
    ping: (timeoutMs) => ifOpen(() => inner.ping(timeoutMs)),
    async close() {
      if (closed) return;
      closed = true;
      closedPglites.push(inner);
    },
  };
}

/**
 * A fresh, migrated database: in-memory PGlite, or a new schema of the test PostgreSQL database
 * (dropped on close), so test files never see each other's rows.
 */
export async function openTestDatabase(backend: Backend = "pglite", opts: { migrate?: boolean } = {}): Promise<Database> {
  let db: Database;
  if (backend === "pglite") {
    db = await openTestPglite(opts.migrate !== false);
  } else {
    const schema = await createTestSchema();
    const inner = openPostgres(TEST_DATABASE_URL, { searchPath: schema.name, max: 5 });
    db = {
      ...inner,
      async close() {
        await inner.close();
        await schema.drop();
      },
    };
  }
  if (opts.migrate !== false) await migrate(db);
  return db;
}
