import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Run a module of the build (`dist/`, as `npm start` runs it: the tests' global setup builds it when
 * stale) in a child process, from an empty working directory (so no local `.env` leaks in; removed
 * when the process exits, unless the caller gave `cwd`), with exactly `env` (plus PATH, and the
 * run's TMPDIR). `entry` is the module's path in the repo: `src/main.ts`.
 */
export function runBuilt(entry: string, env: Record<string, string>, opts: { cwd?: string } = {}): Started {
  const cwd = opts.cwd ?? mkdtempSync(path.join(tmpdir(), "hotline-"));
  const child = spawn(process.execPath, ["--enable-source-maps", builtPath(entry)], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!opts.cwd) child.on("exit", () => rmSync(cwd, { recursive: true, force: true }));
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Where the build puts the module of `entry` (a `.ts` path in the repo). */
export function builtPath(entry: string): string {
  return path.join(REPO, "dist", entry.replace(/\.ts$/, ".js"));
}

/** Resolve once `predicate(output)` holds, or reject after `timeoutMs`. */
export async function waitForOutput(started: Started, predicate: (out: string) => boolean, timeoutMs = 30000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate(started.output())) return started.output();
    if (started.child.exitCode !== null) throw new Error(`process exited ${started.child.exitCode}:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting; output so far:\n${started.output()}`);
}
