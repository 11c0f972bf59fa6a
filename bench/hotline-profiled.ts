/**
 * src/main.ts with a CPU profiler the bench can switch on and off over IPC, so the profile covers
 * the measured load only (not tsx compiling, migrations, warm-up). `node --cpu-prof` would
 * profile the whole life of the process instead.
 *
 * Messages: "profile:start" → starts sampling; "profile:stop" → writes the profile to
 * BENCH_PROFILE_OUT and answers "profile:written".
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

const out = process.env.BENCH_PROFILE_OUT;
if (!out) throw new Error("BENCH_PROFILE_OUT is required");

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
      writeFileSync(out, JSON.stringify(profile));
      process.send?.("profile:written");
    });
  }
});

await import("../src/main.js");
