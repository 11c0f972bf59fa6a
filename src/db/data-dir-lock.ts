import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";

/**
 * Who holds the embedded database (PGlite) of a `DATA_DIR`. PGlite is PostgreSQL in single-user
 * mode inside one process and takes no lock of its own: a second process opening the same files
 * (the dossier import beside a running hotline, a second hotline) would write behind the first
 * one's back — the first neither sees those rows nor sends their notices, and the files can be
 * damaged. So every process that opens them first takes a lock file holding its pid:
 *
 * - created atomically (written aside, then hard-linked into place: it is never seen empty);
 * - held while the database is open, removed on close;
 * - stale once its process is gone (crash, `kill -9`, power cut): the next opener removes it. A
 *   pid reused by an unrelated process makes a stale lock look held; the refusal names the file
 *   to delete in that case.
 */

/** The embedded database is held by another process that is still running. */
export class DatabaseHeldError extends Error {
  override name = "DatabaseHeldError";
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database is in use by process ${pid} (a running hotline?): stop it first, or use PostgreSQL (DATABASE_URL), ` +
        `which allows this beside the hotline. If no such process runs, delete ${lockFile}.`,
    );
  }
}

export interface DataDirLock {
  readonly lockFile: string;
  /** Remove the lock if it is still ours. Idempotent. */
  release(): void;
}

// Lock files this process holds: a second open in the same process is refused too.
const heldHere = new Set<string>();

function holderOf(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeIfExists(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/** Take `lockFile` for this process, or throw `DatabaseHeldError` naming the process holding it. */
export function lockDataDir(lockFile: string): DataDirLock {
  if (heldHere.has(lockFile)) throw new DatabaseHeldError(lockFile, process.pid);
  const aside = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(aside, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(aside, lockFile);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const holder = holderOf(lockFile);
        // Our own pid in the file is a previous life of this pid (e.g. pid 1 in a container).
        if (holder !== null && holder !== process.pid && isRunning(holder)) throw new DatabaseHeldError(lockFile, holder);
        // Stale. Read again just before removing, so a lock just retaken by a racer is left alone.
        if (holderOf(lockFile) === holder) removeIfExists(lockFile);
        continue;
      }
      heldHere.add(lockFile);
      let released = false;
      return {
        lockFile,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(lockFile);
          if (holderOf(lockFile) === process.pid) removeIfExists(lockFile);
        },
      };
    }
    throw new Error(`could not take ${lockFile}: it keeps changing`);
  } finally {
    removeIfExists(aside);
  }
}
