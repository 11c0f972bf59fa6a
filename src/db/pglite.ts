import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import { type Database, type Queryable, withTimeout } from "./database.js";

/** The lock file of the embedded database under `dataDir` (see `data-dir-lock.ts`). */
export function pgliteLockFile(dataDir: string): string {
  return path.resolve(dataDir, "pglite.lock");
}

/**
 * Embedded PostgreSQL (PGlite) under `dataDir`, or in memory when `dataDir` is undefined.
 * It lives inside this one process: only ROLE=all may use it, and the files under `dataDir` are
 * locked while open, so another process (the dossier import, a second hotline) is refused with
 * `DatabaseHeldError` instead of writing behind this one's back.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  let db: PGlite;
  let lock: DataDirLock | undefined;
  if (dataDir) {
    const dir = path.resolve(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    lock = lockDataDir(pgliteLockFile(dataDir));
    try {
      db = await PGlite.create(dir);
    } catch (err) {
      lock.release();
      throw err;
    }
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
      try {
        if (!db.closed) await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}
