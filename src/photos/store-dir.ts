import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkPhotoFolder, checkPhotoKey, type PhotoStore } from "./photo-store.js";

/**
 * Photos as files under `root` (`PHOTO_DIR`, a path every process mounts; default `DATA_DIR`):
 * `photos/<sha256>.jpg` is `<root>/photos/<sha256>.jpg`. Written beside the final name and
 * renamed into place, so a reader never sees half a photo.
 */
export function dirPhotoStore(root: string): PhotoStore {
  const base = path.resolve(root);
  const fileOf = (key: string) => path.join(base, checkPhotoKey(key));
  return {
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        if (Buffer.isBuffer(body)) await writeFile(tmp, body);
        else await copyFile(body.file, tmp);
        await rename(tmp, file);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
    },
    async get(key) {
      const file = fileOf(key);
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) return null;
      return { body: createReadStream(file), bytes: st.size };
    },
    async delete(key) {
      await unlink(fileOf(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
    },
    async touch(key) {
      const now = new Date();
      await utimes(fileOf(key), now, now).catch(() => undefined);
    },
    async exists(key) {
      return (await stat(fileOf(key)).catch(() => null))?.isFile() === true;
    },
    async *list(folder) {
      const dir = path.join(base, checkPhotoFolder(folder));
      const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return [];
        throw err;
      });
      for (const e of entries) {
        if (!e.isFile()) continue;
        // Gone since the folder was read: not listed.
        const st = await stat(path.join(dir, e.name)).catch(() => null);
        if (st) yield { key: `${folder}${e.name}`, lastModified: st.mtime };
      }
    },
  };
}
