import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import { type Database, type Queryable, withTimeout } from "./database.js";

/**
 * PostgreSQL's memory settings for the embedded database. Its default shared_buffers (128 MB)
 * lives in this process's memory; a commune's whole data set (tens of thousands of dossiers, a
 * few thousand cases) is far smaller, and 16 MB keeps the hotline within a small VM.
 * Measured: resident size of the hotline at rest, see bench/README.md.
 */
const MEMORY_SETTINGS = ["-c", "shared_buffers=16MB", "-c", "temp_buffers=2MB", "-c", "work_mem=2MB", "-c", "maintenance_work_mem=16MB"];

/** The lock file of the embedded database under `dataDir` (see `data-dir-lock.ts`). */
export function pgliteLockFile(dataDir: string): string {
  return path.resolve(dataDir, "pglite.lock");
}

/** The files of an in-memory embedded database, to open copies of it without running initdb again. */
export interface PgliteSnapshot {
  data: File | Blob;
}

/**
 * Embedded PostgreSQL (PGlite) under `dataDir`, or in memory when `dataDir` is undefined.
 * It lives inside this one process: only ROLE=all may use it, and the files under `dataDir` are
 * locked while open, so another process (the dossier import, a second hotline) is refused with
 * `DatabaseHeldError` instead of writing behind this one's back.
 */
export async function openPglite(
  dataDir?: string,
  opts: { from?: PgliteSnapshot } = {},
): Promise<Database & { snapshot(): Promise<PgliteSnapshot> }> {
  let db: PGlite;
  let lock: DataDirLock | undefined;
  if (dataDir) {
    const dir = path.resolve(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    lock = lockDataDir(pgliteLockFile(dataDir));
    try {
      db = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS] });
    } catch (err) {
      lock.release();
      throw err;
    }
  } else {
    db = await PGlite.create({
      startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS],
      ...(opts.from ? { loadDataDir: opts.from.data } : {}),
    });
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
    snapshot: async () => ({ data: await db.dumpDataDir("none") }),
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
