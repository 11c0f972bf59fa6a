import { createHash } from "node:crypto";
import { utimes } from "node:fs/promises";
import path from "node:path";
import type { Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import type { PhotoStore } from "../photos/photo-store.js";
import { dirPhotoStore } from "../photos/store-dir.js";
import { stripPhotoMetadata } from "./photos-metadata.js";
import { downloadPhoto, PhotoDownloadError, type PhotoFailure, type PhotoHostPatterns, urlRefusal } from "./photo-download.js";

/**
 * The photo keeper: platform photo URLs expire, so each report's photos are copied under
 * `DATA_DIR/photos/<sha256>.<ext>`, stripped of their metadata (photos-metadata.ts) and named by
 * the content left, so that the same photo is stored once however many cases refer to it. A file
 * no case refers to any more is removed by the retention purge (photos-sweep.ts).
 */

/** The largest photo kept, whether copied from a platform or uploaded by an officer: 10 MB. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

export interface PhotoKeeperOptions {
  dataDir: string;
  /** Where copies are kept (`PHOTO_STORE`); default files under `dataDir`. */
  store?: PhotoStore;
  /** Where photos may come from (`PHOTO_URL_HOSTS`). */
  hosts: PhotoHostPatterns;
  /** For the whole download, redirects included; default 30 s. */
  timeoutMs?: number;
  /** Default `PHOTO_MAX_BYTES`. */
  maxBytes?: number;
}

export interface KeptPhoto {
  /** Relative to the data dir (the data dir may move). */
  storedPath: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

const TYPES: Record<string, { ext: string; test: (b: Buffer) => boolean }> = {
  "image/jpeg": { ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  "image/png": { ext: "png", test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  "image/gif": { ext: "gif", test: (b) => b.subarray(0, 4).toString("latin1") === "GIF8" },
  "image/webp": {
    ext: "webp",
    test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  },
  "image/heic": {
    ext: "heic",
    test: (b) => b.subarray(4, 8).toString("latin1") === "ftyp" && /^(heic|heix|mif1|msf1)$/.test(b.subarray(8, 12).toString("latin1")),
  },
};

/** The image types a kept photo may be, as said to whoever sent another kind of file. */
export const PHOTO_TYPES_TEXT = "a JPEG, PNG, GIF, WebP or HEIC image";

/** Bytes at the start of a file that are enough to tell its image type. */
export const SNIFF_BYTES = 12;

/** The image type the bytes really are (a header or a file name alone is not trusted). */
export function sniffImage(body: Buffer): string | null {
  return Object.entries(TYPES).find(([, t]) => t.test(body))?.[0] ?? null;
}

/** Where a photo of this content and type is kept, relative to the data dir: one file per content. */
export function photoStoredPath(sha256: string, contentType: string): string {
  const type = TYPES[contentType];
  if (!type) throw new Error(`not a kept photo type: ${contentType}`);
  return path.posix.join("photos", `${sha256}.${type.ext}`);
}

/**
 * Mark a kept photo as just used again (its modification time): the sweep leaves alone files
 * younger than a day, so a photo a new case is about to refer to is not removed meanwhile.
 */
export async function touchKeptPhoto(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
}

/** URL without its query, for logs: platform photo URLs carry access parameters. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(invalid url)";
  }
}

/**
 * Download one photo (allowed hosts only, one deadline, size limit, image types only: see
 * `photo-download.ts`) and keep it. Idempotent: the same content lands in the same file, written
 * atomically (temp file + rename).
 */
export async function keepPhotoCopy(opts: PhotoKeeperOptions, url: string): Promise<KeptPhoto> {
  const { contentType: header, body: received } = await downloadPhoto(url, {
    hosts: opts.hosts,
    deadlineMs: opts.timeoutMs ?? 30_000,
    maxBytes: opts.maxBytes ?? PHOTO_MAX_BYTES,
  });
  if (!header.startsWith("image/")) throw new PhotoDownloadError("not_image", `content type ${header || "(none)"}`);
  const contentType = sniffImage(received);
  if (!contentType) throw new PhotoDownloadError("not_image", `content is not ${PHOTO_TYPES_TEXT} (said ${header})`);
  // Hashed without its metadata: the same picture sent twice is one file, whatever its EXIF said.
  const body = stripPhotoMetadata(received, contentType);

  const sha256 = createHash("sha256").update(body).digest("hex");
  const storedPath = photoStoredPath(sha256, contentType);
  const store = opts.store ?? dirPhotoStore(opts.dataDir);
  // Kept again: its age restarts, so the purge of files no case refers to cannot race this case.
  if (await store.exists(storedPath)) await store.touch?.(storedPath);
  else await store.put(storedPath, body, contentType);
  return { storedPath, contentType, bytes: body.length, sha256 };
}

/** The recorded failure of a photo (`copy_failure`): its kind, then what happened (see `isRefusedPhoto`). */
function failureText(kind: PhotoFailure | "error", message: string): string {
  return `${kind}: ${message}`.slice(0, 500);
}

/**
 * For `fileCase`'s `refusePhoto`: the failure to record at filing for a photo URL the keeper
 * would refuse without fetching it (see `isRefusedPhoto`), or null. Recorded at once, such a
 * photo is not in the officers' new-case notice, which goes out before the keeper runs.
 */
export function refuseOutside(hosts: PhotoHostPatterns): (url: string) => string | null {
  return (url) => {
    const refusal = urlRefusal(url, hosts);
    return refusal ? failureText(refusal.kind, refusal.message) : null;
  };
}

/** Failures a later attempt may fix; a photo too large, not an image or not allowed will not get better. */
const RETRYABLE = new Set<PhotoFailure>(["network", "timeout", "http_status"]);

/** Whether a later attempt may succeed. */
function mayRetry(err: unknown): boolean {
  return !(err instanceof PhotoDownloadError) || RETRYABLE.has(err.kind);
}

/**
 * Keep every photo of a case not kept yet and not given up on. A photo that failed in a way a
 * retry may fix is left for the next run — the caller's job throws when `retryable > 0` to have
 * its queue retry — unless this is the `lastAttempt`: then, like a photo that cannot get better
 * (too large, not an image, not allowed), it is recorded as failed for good (`copy_failed_at`,
 * `copy_failure`), so officers are told it will not come and keep its platform URL.
 */
export async function keepCasePhotos(
  db: Queryable,
  opts: PhotoKeeperOptions,
  caseCode: string,
  attempt: { lastAttempt?: boolean } = {},
): Promise<{ kept: number; failed: number; retryable: number; givenUp: number }> {
  const pending = await db.query<{ position: number; source_url: string }>(
    "SELECT position, source_url FROM case_photos WHERE case_code = $1 AND stored_path IS NULL AND copy_failed_at IS NULL ORDER BY position",
    [caseCode],
  );
  let kept = 0;
  let failed = 0;
  let retryable = 0;
  let givenUp = 0;
  for (const p of pending) {
    try {
      const k = await keepPhotoCopy(opts, p.source_url);
      await db.query(
        "UPDATE case_photos SET stored_path = $3, content_type = $4, bytes = $5 WHERE case_code = $1 AND position = $2 AND stored_path IS NULL",
        [caseCode, p.position, k.storedPath, k.contentType, k.bytes],
      );
      kept++;
    } catch (err) {
      failed++;
      const kind = err instanceof PhotoDownloadError ? err.kind : "error";
      const final = !mayRetry(err) || attempt.lastAttempt === true;
      if (final) {
        givenUp++;
        await db.query(
          "UPDATE case_photos SET copy_failed_at = now(), copy_failure = $3 WHERE case_code = $1 AND position = $2 AND stored_path IS NULL",
          [caseCode, p.position, failureText(kind, (err as Error).message)],
        );
      } else {
        retryable++;
      }
      logger.warn(final ? "case photo could not be kept; given up" : "case photo not kept yet", {
        case: caseCode,
        position: p.position,
        url: safeUrl(p.source_url),
        kind,
        err: (err as Error).message,
      });
    }
  }
  return { kept, failed, retryable, givenUp };
}
