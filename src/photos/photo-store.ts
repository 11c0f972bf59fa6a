import type { Readable } from "node:stream";

/**
 * Where kept photos live, by key (the photo's stored path, e.g. `photos/<sha256>.jpg`, as
 * `case_photos.stored_path` records it): a directory every process can read (`PHOTO_STORE=dir`),
 * or an S3-compatible bucket (`PHOTO_STORE=s3`). A photo is written once under its key and never
 * changed, so a put is all-or-nothing and a second put of the same key is harmless.
 */
export interface PhotoStore {
  /** Store the bytes (a buffer, or a local file streamed from disk) under `key`, all or nothing. */
  put(key: string, body: Buffer | { file: string; bytes: number }, contentType: string): Promise<void>;
  /** The photo's bytes as a stream, or null when nothing is stored under `key`. */
  get(key: string): Promise<{ body: Readable; bytes: number | undefined } | null>;
  /** Remove the photo; nothing stored is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** A photo kept again for a new case: its age restarts (the purge of unreferenced files spares young ones). */
  touch?(key: string): Promise<void>;
  /**
   * The photos stored directly under `folder` (a key prefix ending in `/`, e.g. `photos/`; not its
   * sub-folders), each with when it was last written or touched, in no particular order. What the
   * purge of photos no case refers to walks (`cases/photos-sweep.ts`).
   */
  list(folder: string): AsyncIterable<StoredPhoto>;
}

/** A photo as the store lists it. */
export interface StoredPhoto {
  key: string;
  lastModified: Date;
}

/** A folder to list: a key prefix of plain names ending in `/`. */
export function checkPhotoFolder(folder: string): string {
  if (!folder.endsWith("/")) throw new PhotoKeyError(`not a photo folder: ${JSON.stringify(folder.slice(0, 80))}`);
  checkPhotoKey(`${folder}x`);
  return folder;
}

/** Refused for a key that could reach outside the store (`..`, an absolute path, odd characters). */
export class PhotoKeyError extends Error {
  override name = "PhotoKeyError";
}

/** Keys are relative paths of plain names: the stored paths the hotline makes, nothing a caller could steer elsewhere. */
export function checkPhotoKey(key: string): string {
  const parts = key.split("/");
  if (!/^[A-Za-z0-9._/-]{1,300}$/.test(key) || parts.some((p) => p === "" || p === "." || p === ".."))
    throw new PhotoKeyError(`not a photo key: ${JSON.stringify(key.slice(0, 80))}`);
  return key;
}
