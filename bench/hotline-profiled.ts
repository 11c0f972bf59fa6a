/**
 * src/main.ts, instrumented by the bench:
 *
 * - with BENCH_PROFILE_OUT, a CPU profiler the bench switches on and off over IPC, so the profile
 *   covers the measured load only (not tsx compiling, migrations, warm-up; `node --cpu-prof`
 *   would profile the whole life of the process). Messages: "profile:start" starts sampling;
 *   "profile:stop" writes the profile to BENCH_PROFILE_OUT and answers "profile:written".
 * - with BENCH_AUTOPIPELINE=1, a what-if: every ioredis connection of the process batches the
 *   commands issued in one tick into one write (`enableAutoPipelining`), to size the gain before
 *   anyone changes src/redis.ts.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
// The defaults every `new Redis()` merges in (ioredis has no public setter for them).
import { DEFAULT_REDIS_OPTIONS } from "ioredis/built/redis/RedisOptions.js";

if (process.env.BENCH_AUTOPIPELINE === "1") DEFAULT_REDIS_OPTIONS.enableAutoPipelining = true;

const out = process.env.BENCH_PROFILE_OUT;
if (out) await profiler(out);

async function profiler(file: string): Promise<void> {
  const session = new Session();
  session.connect();
  // 250 µs: fine enough to see a 20 µs function over a few seconds, cheap enough not to skew it much.
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 250 });
  process.on("message", (m: unknown) => {
    if (m === "profile:start") {
      void session.post("Profiler.start");
    } else if (m === "profile:stop") {
      void session.post("Profiler.stop").then(({ profile }) => {
        writeFileSync(file, JSON.stringify(profile));
        process.send?.("profile:written");
      });
    }
  });
}

await import("../src/main.js");
