import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Database, type Queryable, withTimeout } from "./database.js";

/**
 * Embedded PostgreSQL (PGlite) under `dataDir`, or in memory when `dataDir` is undefined.
 * It lives inside this one process: only ROLE=all may use it.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  let db: PGlite;
  if (dataDir) {
    const dir = path.resolve(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    db = await PGlite.create(dir);
  } else {
    db = await PGlite.create();
  }
  const on = (c: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const res = await c.query<T>(sql, params);
      return res.rows;
    },
    async exec(sql: string) {
      await c.exec(sql);
    },
  });
  return {
    kind: "pglite",
    ...on(db),
    transaction: (fn) => db.transaction((tx) => fn(on(tx))),
    async ping(timeoutMs = 2000) {
      await withTimeout(db.query("SELECT 1"), timeoutMs, "PGlite");
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
