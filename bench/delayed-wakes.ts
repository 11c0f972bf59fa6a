/**
 * What a delayed job costs the workers of its queue before it is due (issue 23): BullMQ's delayed
 * add writes the queue's marker, which wakes a worker blocked on it although nothing is due. A
 * bare BullMQ worker in a process of its own; its CPU (from /proc) while nothing is added (the
 * baseline), then while jobs are added `--rate` a second, each due in ten minutes.
 *
 *   npx tsx bench/delayed-wakes.ts [--rate 100] [--seconds 8]
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { TEST_REDIS_URL } from "../test/support/redis.js";
import { processCpuMs } from "./cpu.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rate = arg("rate", 100);
const seconds = arg("seconds", 8);
const prefix = `bench-wakes-${process.pid}`;
const worker = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("./delayed-wakes-worker.ts", import.meta.url)), TEST_REDIS_URL, prefix],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const pid = Number(await new Promise<string>((resolve) => worker.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()))));
const queue = new Queue("inbound", { connection: { url: TEST_REDIS_URL }, prefix });
await sleep(2000);
try {
  let added = 0;
  for (const phase of ["baseline", "delayed adds", "baseline", "delayed adds"]) {
    const cpu0 = processCpuMs(pid)!;
    const t0 = Date.now();
    const adds = added;
    while (Date.now() - t0 < seconds * 1000) {
      if (phase !== "baseline") {
        const due = Math.floor(((Date.now() - t0) * rate) / 1000);
        while (added - adds < due) await queue.add("event", { n: added }, { delay: 600_000 + added++ });
      }
      await sleep(10);
    }
    const wall = Date.now() - t0;
    const cpu = processCpuMs(pid)! - cpu0;
    const n = added - adds;
    console.log(
      `${phase}: ${Math.round((n * 1000) / wall)} adds/s, worker ${((100 * cpu) / wall).toFixed(1)}% of a core` +
        (n ? `, ${((1000 * cpu) / n).toFixed(0)} µs of its CPU per add (baseline included)` : ""),
    );
  }
} finally {
  await queue.obliterate({ force: true });
  await queue.close();
  worker.kill();
}
