import path from "node:path";
import type { Queryable } from "../db/database.js";
import type { PhotoStore } from "../photos/photo-store.js";

/** A kept photo's file name: its content hash and type (photoStoredPath). */
const KEPT_NAME = /^[0-9a-f]{64}\.[a-z]+$/;
/** Where kept photos are, in the photo store (photoStoredPath: `photos/<sha256>.<ext>`). */
const KEPT_FOLDER = "photos/";
/** Files younger than this are left: a keeper or an upload may be about to refer to them. */
export const SWEEP_GRACE_MS = 24 * 3600_000;

/**
 * Remove the kept photos no case refers to any more, wherever the photo store keeps them (a
 * directory or an S3 bucket: through the `PhotoStore` port). A photo is shared by every case
 * whose photo has that content (one per content hash), so it goes only when the last reference
 * does — looked up across every commune of the database, since they share the store. Photos
 * written or touched within the grace period stay (a keeper writes the photo before the row that
 * refers to it). `nowMs` is the wall clock: the store's times are real even when the hotline runs
 * on a test clock. Returns how many photos were removed.
 */
export async function sweepUnreferencedPhotos(db: Queryable, store: PhotoStore, nowMs = Date.now()): Promise<number> {
  const referenced = new Set(
    (await db.query<{ p: string }>("SELECT DISTINCT stored_path AS p FROM case_photos WHERE stored_path IS NOT NULL")).map((r) =>
      path.posix.basename(r.p),
    ),
  );
  // Listed first, removed after: an S3 listing is paged, and is not changed under its own feet.
  const old: string[] = [];
  for await (const photo of store.list(KEPT_FOLDER)) {
    const name = photo.key.slice(KEPT_FOLDER.length);
    if (!KEPT_NAME.test(name) || referenced.has(name)) continue;
    if (nowMs - photo.lastModified.getTime() >= SWEEP_GRACE_MS) old.push(photo.key);
  }
  let removed = 0;
  for (const key of old) {
    // Checked again for this photo alone: a case may have taken it since the list was read.
    const still = await db.query("SELECT 1 FROM case_photos WHERE stored_path = $1 LIMIT 1", [key]);
    if (still.length) continue;
    await store.delete(key);
    removed++;
  }
  return removed;
}
