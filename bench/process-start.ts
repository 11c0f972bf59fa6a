/**
 * What one hotline process costs to start, as the tests start theirs (test/support/process.ts):
 * from the build (`node dist/src/main.js`) against under tsx (`node --import tsx src/main.ts`),
 * ROLE=worker on a migrated PostgreSQL schema. Wall time until "hotline listening" and the
 * process's CPU time by then (read from /proc: Linux only), interleaved, median of the rounds.
 *
 *   npx tsx bench/process-start.ts [--rounds 5]
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestSchema } from "../test/support/db.js";
import { testEnv } from "../test/support/env.js";
import { builtPath, REPO } from "../test/support/process.js";
import { dropPrefix, uniquePrefix } from "../test/support/redis.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);

/** CPU seconds a running process has used (utime + stime). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function start(args: string[], env: Record<string, string>): Promise<{ ms: number; cpuS: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("hotline listening")) resolve(performance.now() - began);
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => reject(new Error(`exited ${code} before ready:\n${out}`)));
  });
  const ms = await ready;
  const cpuS = cpuOf(child.pid!);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  return { ms, cpuS };
}

const schema = await createTestSchema({ migrate: true });
const prefix = uniquePrefix("bench-start");
const env = testEnv({ ROLE: "worker", DATABASE_URL: schema.url, REDIS_PREFIX: prefix, LOG_LEVEL: "info" });
const built: { ms: number; cpuS: number }[] = [];
const underTsx: { ms: number; cpuS: number }[] = [];
try {
  execFileSync(process.execPath, [path.join(REPO, "scripts/build.mjs"), "--if-stale"]);
  for (let i = 0; i < rounds; i++) {
    built.push(await start(["--enable-source-maps", builtPath("src/main.ts")], env));
    underTsx.push(await start(["--import", "tsx", path.join(REPO, "src/main.ts")], env));
  }
} finally {
  await schema.drop();
  await dropPrefix(prefix);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (name: string, xs: { ms: number; cpuS: number }[]) =>
  `  ${name.padEnd(34)} ${median(xs.map((x) => x.ms))
    .toFixed(0)
    .padStart(5)} ms to ready  ${median(xs.map((x) => x.cpuS)).toFixed(2)} s CPU`;
console.log(
  [
    `a hotline worker process starting, median of ${rounds}:`,
    line("node dist/src/main.js (the tests)", built),
    line("node --import tsx src/main.ts", underTsx),
    `  CPU ratio built/tsx: ${(median(built.map((x) => x.cpuS)) / median(underTsx.map((x) => x.cpuS))).toFixed(2)}`,
  ].join("\n"),
);
