import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PhotoStore } from "../photos/photo-store.js";
import { dirPhotoStore } from "../photos/store-dir.js";
import { stripPhotoMetadata } from "./photos-metadata.js";
import { PHOTO_TYPES_TEXT, photoStoredPath, sniffImage, SNIFF_BYTES } from "./photos.js";

/**
 * Photos an officer uploads with a report taken by phone or at the counter, kept exactly like
 * the copies of a chat's photos (same types told by their bytes, same size limit, same place:
 * `DATA_DIR/photos/<sha256>.<ext>`, metadata stripped before the hash). A file is streamed to a
 * temporary file beside the kept ones, then read back (at most the size limit) to strip it; it
 * becomes a kept photo only once the whole report is valid (`keep`), and is removed otherwise
 * (`discard`).
 */

/** A photo received and checked, not kept yet. */
export interface ReceivedPhoto {
  /** Absolute path of the temporary file. */
  tmpFile: string;
  sha256: string;
  bytes: number;
  contentType: string;
}

/** An upload that is not a photo the hotline keeps: too large, or not an image type it knows. */
export class PhotoUploadError extends Error {
  override name = "PhotoUploadError";
  constructor(
    readonly kind: "too_large" | "not_image",
    message: string,
  ) {
    super(message);
  }
}

const photosDir = (dataDir: string) => path.join(dataDir, "photos");

/**
 * Stream one upload to a temporary file, hashing it and reading its first bytes; throws
 * `PhotoUploadError` (and leaves no file) past `maxBytes` or when the bytes are no image type
 * the hotline keeps. The rest of an oversized stream is read and dropped, so the request goes on.
 */
export async function receivePhoto(dataDir: string, upload: Readable, maxBytes: number): Promise<ReceivedPhoto> {
  await mkdir(photosDir(dataDir), { recursive: true });
  const tmpFile = path.join(photosDir(dataDir), `.upload-${randomBytes(8).toString("hex")}.tmp`);
  let head = Buffer.alloc(0);
  let bytes = 0;
  let tooLarge = false;
  async function* checked(source: Readable): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      // Keep reading past the limit without writing: the parser needs the part consumed.
      if (tooLarge || bytes > maxBytes) {
        tooLarge = true;
        continue;
      }
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, buf.subarray(0, SNIFF_BYTES - head.length)]);
      yield buf;
    }
  }
  try {
    await pipeline(upload, checked, createWriteStream(tmpFile, { flags: "wx" }));
    if (tooLarge) throw new PhotoUploadError("too_large", `larger than ${Math.round(maxBytes / (1024 * 1024))} MB`);
    const contentType = sniffImage(head);
    if (!contentType) throw new PhotoUploadError("not_image", `not ${PHOTO_TYPES_TEXT}`);
    const received = await readFile(tmpFile);
    const body = stripPhotoMetadata(received, contentType);
    if (!body.equals(received)) await writeFile(tmpFile, body);
    return { tmpFile, sha256: createHash("sha256").update(body).digest("hex"), bytes: body.length, contentType };
  } catch (err) {
    await unlink(tmpFile).catch(() => undefined);
    throw err;
  }
}

/**
 * Keep a received photo under its content's name (a photo already kept is kept once) and give
 * its path relative to the data dir.
 */
export async function keepReceivedPhoto(dataDir: string, p: ReceivedPhoto, store: PhotoStore = dirPhotoStore(dataDir)): Promise<string> {
  const storedPath = photoStoredPath(p.sha256, p.contentType);
  // Kept again: its age restarts, so the purge of files no case refers to cannot race this case.
  if (await store.exists(storedPath)) await store.touch?.(storedPath);
  else await store.put(storedPath, { file: p.tmpFile, bytes: p.bytes }, p.contentType);
  await unlink(p.tmpFile).catch(() => undefined);
  return storedPath;
}

/** Drop a received photo that will not be kept (the report was refused). */
export async function discardReceivedPhoto(p: ReceivedPhoto): Promise<void> {
  await unlink(p.tmpFile).catch(() => undefined);
}
