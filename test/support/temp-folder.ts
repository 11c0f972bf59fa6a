import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

/**
 * The tests' temp folder. Every test removes what it makes, and a run checks it: the global setup
 * gives the run a folder of its own and points TMPDIR at it (so the test processes and the
 * hotlines they start write there, and a run beside another one never sees its files), and the
 * global teardown fails the run when anything is left in it. The embedded database's templates,
 * kept on purpose from run to run, live beside the run folders.
 */
const ROOT_NAME = "civic-hotline-test";
const RUN_PREFIX = "run-";
/**
 * tsx keeps its compile cache in the temp folder (`tsx-<euid>`, its own naming): the run's is a
 * link to the machine's, so that a run does not compile every test file anew. Kept on purpose.
 */
const TSX_CACHE = `tsx-${process.geteuid?.() ?? userInfo().username}`;

let run: { dir: string; before: string | undefined } | undefined;

/**
 * In the global setup: the run's folder, made and set as TMPDIR; `root` is the folder of every
 * run, in the OS temp folder, where the kept templates go.
 */
export function startTempFolder(): { root: string; dir: string } {
  const root = path.join(tmpdir(), ROOT_NAME);
  mkdirSync(root, { recursive: true });
  removeDeadRuns(root);
  const dir = mkdtempSync(path.join(root, `${RUN_PREFIX}${process.pid}-`));
  mkdirSync(path.join(tmpdir(), TSX_CACHE), { recursive: true });
  symlinkSync(path.join(tmpdir(), TSX_CACHE), path.join(dir, TSX_CACHE));
  run = { dir, before: process.env.TMPDIR };
  process.env.TMPDIR = dir;
  return { root, dir };
}

/** In the global teardown: remove the run's folder; throws naming what the tests left in it. */
export function endTempFolder(): void {
  if (!run) return;
  const { dir, before } = run;
  run = undefined;
  if (before === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = before;
  const left = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name !== TSX_CACHE)
        .sort()
    : [];
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    const shown = left.slice(0, 20).join(", ") + (left.length > 20 ? `, … (${left.length - 20} more)` : "");
    throw new Error(`the tests left ${left.length} files or folders in their temp folder (every test must remove what it makes): ${shown}`);
  }
}

/** Folders of runs whose process is gone (killed before its teardown). */
function removeDeadRuns(root: string): void {
  for (const name of readdirSync(root)) {
    const pid = Number(new RegExp(`^${RUN_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Run `use` with a new folder in the temp folder, removed after it (also when it throws). */
export function withTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
