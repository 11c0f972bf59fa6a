import { readdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Queryable } from "../db/database.js";

/** A kept photo's file name: its content hash and type (photoStoredPath). */
const KEPT_NAME = /^[0-9a-f]{64}\.[a-z]+$/;
/** Files younger than this are left: a keeper or an upload may be about to refer to them. */
export const SWEEP_GRACE_MS = 24 * 3600_000;

/**
 * Remove the kept photos no case refers to any more. A file is shared by every case whose photo
 * has that content (one file per content hash), so it goes only when the last reference does —
 * looked up across every commune of the database, since they share the data dir. Files touched
 * within the grace period stay (a keeper writes the file before the row that refers to it).
 * `nowMs` is the wall clock: files' times are real even when the hotline runs on a test clock.
 * Returns how many files were removed.
 */
export async function sweepUnreferencedPhotos(db: Queryable, dataDir: string, nowMs = Date.now()): Promise<number> {
  const dir = path.join(dataDir, "photos");
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [] as string[];
    throw err;
  });
  const candidates = names.filter((n) => KEPT_NAME.test(n));
  if (!candidates.length) return 0;
  const referenced = new Set(
    (await db.query<{ p: string }>("SELECT DISTINCT stored_path AS p FROM case_photos WHERE stored_path IS NOT NULL")).map((r) =>
      path.posix.basename(r.p),
    ),
  );
  let removed = 0;
  for (const name of candidates) {
    if (referenced.has(name)) continue;
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (!s || nowMs - s.mtimeMs < SWEEP_GRACE_MS) continue;
    // Checked again for this file alone: a case may have taken it since the list was read.
    const still = await db.query("SELECT 1 FROM case_photos WHERE stored_path = $1 LIMIT 1", [path.posix.join("photos", name)]);
    if (still.length) continue;
    await unlink(file).catch(() => undefined);
    removed++;
  }
  return removed;
}
