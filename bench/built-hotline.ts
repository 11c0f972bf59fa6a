import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO } from "./child.js";
import { startFlags } from "./start-command.js";

/** Resident size now and its peak so far (Linux /proc), MB. */
export interface Memory {
  rssMb: number;
  hwmMb: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), hwmMb: Math.round(kb("VmHWM") / 1024) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitReady(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${url} not ready in ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after 15 s; the process's working folder goes with it. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
  }
  const cwd = workDirs.get(child);
  if (cwd) rmSync(cwd, { recursive: true, force: true });
}

const workDirs = new WeakMap<ChildProcess, string>();

/** node with `args`, from an empty working folder (no local .env leaks in), with exactly `env` plus PATH. */
export function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  const cwd = mkdtempSync(path.join(tmpdir(), "hotline-bench-"));
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: "ignore" });
  workDirs.set(child, cwd);
  return child;
}

/** The built hotline as `npm start` runs it (dist/, package.json's node flags). */
export function spawnHotline(env: Record<string, string>, extraFlags: string[] = []): ChildProcess {
  return spawnNode([...startFlags(), ...extraFlags, path.join(REPO, "dist/src/main.js")], env);
}
