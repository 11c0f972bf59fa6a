// Loaded into each hotline process by `bench/fairness.ts --profile-dir DIR` (NODE_OPTIONS=--import:
// node refuses --cpu-prof there): samples the CPU from the process's start for PROFILE_MS and writes
// DIR/<pid>.cpuprofile. Open it in Chrome DevTools, or sum it by place with bench/profile.ts.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { setTimeout } from "node:timers";

const session = new Session();
session.connect();
session.post("Profiler.setSamplingInterval", { interval: 500 }, () =>
  session.post("Profiler.enable", () => session.post("Profiler.start")),
);
setTimeout(
  () =>
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(`${process.env.PROFILE_DIR}/${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    }),
  Number(process.env.PROFILE_MS ?? 60_000),
).unref();
