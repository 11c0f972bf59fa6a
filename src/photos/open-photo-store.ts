import type { Config } from "../config.js";
import type { PhotoStore } from "./photo-store.js";
import { dirPhotoStore } from "./store-dir.js";

type PhotoSettings = Pick<
  Config,
  | "PHOTO_STORE"
  | "PHOTO_DIR"
  | "DATA_DIR"
  | "S3_BUCKET"
  | "S3_ENDPOINT"
  | "S3_REGION"
  | "S3_ACCESS_KEY_ID"
  | "S3_SECRET_ACCESS_KEY"
  | "S3_PREFIX"
  | "S3_FORCE_PATH_STYLE"
>;

/** The photo store the configuration names (`PHOTO_STORE`); the S3 client is loaded only when used. */
export async function openPhotoStore(c: PhotoSettings): Promise<PhotoStore> {
  if (c.PHOTO_STORE === "dir") return dirPhotoStore(c.PHOTO_DIR ?? c.DATA_DIR);
  const { s3PhotoStore } = await import("./store-s3.js");
  return s3PhotoStore({
    bucket: c.S3_BUCKET!,
    endpoint: c.S3_ENDPOINT,
    region: c.S3_REGION,
    credentials:
      c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY }
        : undefined,
    prefix: c.S3_PREFIX,
    forcePathStyle: c.S3_FORCE_PATH_STYLE ?? c.S3_ENDPOINT !== undefined,
  });
}
