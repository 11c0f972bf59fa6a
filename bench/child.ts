import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export { freePort } from "../test/support/listen.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TSX = import.meta.resolve("tsx");

/** A server under test, running in its own process (so it has a core to itself). */
export interface ServerChild {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, wait for a clean exit (a CPU profile is written then), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Run an entry of the repo (TypeScript under tsx, or a built .js file on plain node), from an empty working directory (no local `.env`
 * leaks in), with exactly `env` plus PATH, and wait until `readyPath` answers 200.
 */
export async function startChild(opts: {
  name: string;
  entry: string;
  env: Record<string, string>;
  port: number;
  readyPath: string;
  nodeFlags?: string[];
  /** The checkout whose entry runs (default: this one). */
  repo?: string;
  /** Open an IPC channel to the child (the profiled hotline takes its orders over it). */
  ipc?: boolean;
  timeoutMs?: number;
}): Promise<ServerChild> {
  const cwd = mkdtempSync(path.join(tmpdir(), "hotline-bench-"));
  // A built entry (dist/….js) runs on plain node, as `npm start` runs it; a .ts one under tsx.
  const loader = opts.entry.endsWith(".ts") ? ["--import", TSX] : [];
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), ...loader, path.join(opts.repo ?? REPO, opts.entry)], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...opts.env },
    stdio: opts.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  // Keep the tail only: a server that logs per request must not grow the bench's memory.
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${opts.port}`;

  const stop = async (graceMs = 15_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited ${child.exitCode} before it was ready:\n${out}`);
    const ok = await fetch(url + opts.readyPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop(2000);
      throw new Error(`${opts.name} not ready within ${opts.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name: opts.name, url, child, output: () => out, stop };
}
