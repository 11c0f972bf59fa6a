/**
 * Webhook-ingest benchmark (issue 3): the real hotline (ROLE=web) against a bare node:http
 * baseline doing the same essential work, both fed distinct signed Zalo events by autocannon.
 *
 *   npm run bench -- [--duration 10] [--connections 50] [--rate 1000] [--warmup 3] [--rounds 3]
 *                    [--profile] [--only baseline|hotline|ordering] [--pool 200000] [--what-if-autopipeline]
 *                    [--citizens 150] [--citizen-rate 50] [--hotline-node-flags "…"]
 *
 * The hotline runs as `npm start` runs it: dist/ (built first when stale) with package.json's node
 * flags; `--hotline-node-flags ""` is the what-if without them. `--compare-repo DIR` adds a third
 * server taking turns with the other two: another checkout's src/main.ts (under tsx), to compare
 * an older commit against the same baseline in the same run (its figures go to the log).
 *
 * Then (issue 14, issue 10's memory) what keeping each citizen's messages in order costs: the
 * webhook's store step ordered vs unordered (bench/sink.ts), and end to end through one web and
 * two worker processes, bursts vs one message per citizen, with the Redis bytes left per handled
 * message (bench/pipeline.ts). `--only ordering` runs just those.
 *
 * Writes bench/results/latest.{json,md}. Loopback only; every phase is bounded in time; Redis keys
 * live under a unique prefix per server and are dropped at the end, as is the database schema.
 */
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE, queueOptions } from "../src/queues/names.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../test/support/redis.js";
import { TEST_DATABASE_URL } from "../test/support/db.js";
import { type ServerChild, freePort, startChild } from "./child.js";
import { type CpuShare, cpuMeter } from "./cpu.js";
import { BENCH_SECRET, EventPool, type EventStream } from "./events.js";
import { type HotlineServer, type HotlineServerOptions, startHotlineServer } from "./hotline-server.js";
import { type LoadResult, runLoad } from "./load.js";
import { runPaced } from "./paced.js";
import { summarizeProfile } from "./profile.js";
import { runPipeline } from "./pipeline.js";
import { buildIfStale } from "./start-command.js";
import { type BenchReport, RESULTS, type ServerFigures, writeReport } from "./report.js";
import { benchSinks } from "./sink.js";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    rate: { type: "string", default: "1000" },
    warmup: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
    pool: { type: "string", default: "200000" },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    "what-if-autopipeline": { type: "boolean", default: false },
    "hotline-node-flags": { type: "string" },
    "compare-repo": { type: "string" },
    citizens: { type: "string", default: "150" },
    "citizen-rate": { type: "string", default: "50" },
  },
});
const settings = {
  durationS: Number(args.duration),
  connections: Number(args.connections),
  rate: Number(args.rate),
  warmupS: Number(args.warmup),
  rounds: Math.max(1, Math.min(10, Number(args.rounds))),
};
if (Object.values(settings).some((v) => !Number.isFinite(v) || v < 0) || settings.durationS > 120) {
  throw new Error("durations, connections and rate must be numbers (duration ≤ 120 s)");
}

// The bench stops by itself, whatever happens: phases are bounded, and so is the whole run.
const HARD_LIMIT_MS = 10 * 60_000;
const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => console.error("cleanup:", err));
}
const watchdog = setTimeout(() => {
  console.error(`bench still running after ${HARD_LIMIT_MS / 60_000} min: stopping`);
  void cleanUp().finally(() => process.exit(2));
}, HARD_LIMIT_MS);
process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

const log = (msg: string) => console.error(`[bench] ${msg}`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startBaseline(prefix: string): Promise<ServerChild> {
  const port = await freePort();
  return startChild({
    name: "baseline (node:http)",
    entry: "bench/baseline-server.ts",
    port,
    readyPath: "/healthz",
    env: { BENCH_PORT: String(port), BENCH_REDIS_URL: TEST_REDIS_URL, BENCH_PREFIX: prefix, BENCH_SECRET },
  });
}

/** Jobs in a prefix's inbound queue, whatever their state. */
async function countJobs(redis: Redis, prefix: string): Promise<number> {
  const queue = new Queue(QUEUE.inbound, queueOptions(prefix, redis));
  try {
    const counts = await queue.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

/** A server under test and what it has been through. */
interface Subject {
  server: ServerChild;
  prefix: string;
  events: EventStream;
  phases: LoadResult[];
  saturation: LoadResult[];
  saturationCpu: CpuShare[];
  rate: LoadResult[];
}

async function phase(s: Subject, redis: Redis, what: "warmup" | "saturation" | "rate" | "profile"): Promise<void> {
  const base = { url: s.server.url, events: s.events, connections: settings.connections };
  log(`${s.server.name}: ${what}`);
  if (what === "warmup") s.phases.push(await runLoad({ ...base, durationS: settings.warmupS }));
  if (what === "profile") s.phases.push(await runLoad({ ...base, durationS: settings.durationS }));
  if (what === "saturation") {
    const meter = await cpuMeter(s.server.child.pid, redis);
    const r = await runLoad({ ...base, durationS: settings.durationS });
    s.saturationCpu.push(await meter());
    s.saturation.push(r);
    s.phases.push(r);
  }
  if (what === "rate") {
    const r = await runPaced({ url: s.server.url, events: s.events, durationS: settings.durationS, rate: settings.rate });
    s.rate.push(r);
    s.phases.push(r);
  }
  // Let the server drain what is in flight before the next phase starts.
  await pause(500);
}

/** The middle run of several (by `key`): a figure that one noisy second cannot move. */
function median<T>(xs: T[], key: (x: T) => number): T {
  const sorted = [...xs].sort((a, b) => key(a) - key(b));
  const m = sorted[Math.floor((sorted.length - 1) / 2)];
  if (m === undefined) throw new Error("no runs");
  return m;
}

async function figures(s: Subject, redis: Redis): Promise<ServerFigures> {
  const ok2xx = s.phases.reduce((a, p) => a + p.ok2xx, 0);
  const stored = { jobs: await countJobs(redis, s.prefix), ok2xx, sent: s.events.used, liveEvents: s.events.live };
  // Every 2xx must be a stored job (never 200 for an event not stored), and distinct events must
  // not collapse into fewer jobs: a lower count means the figure measured something else.
  if (stored.jobs < ok2xx) log(`WARNING ${s.server.name}: fewer jobs (${stored.jobs}) than 2xx answers (${ok2xx})`);
  const sat = median(s.saturation, (r) => r.rps);
  return {
    name: s.server.name,
    saturation: sat,
    saturationCpu: s.saturationCpu[s.saturation.indexOf(sat)] ?? { server: null, loadgen: 0, redis: 0 },
    rate: median(s.rate, (r) => r.p99),
    rounds: { saturationRps: s.saturation.map((r) => r.rps), rateP99: s.rate.map((r) => r.p99) },
    failures: {
      non2xx: s.phases.reduce((a, p) => a + p.non2xx, 0),
      errors: s.phases.reduce((a, p) => a + p.errors, 0),
      timeouts: s.phases.reduce((a, p) => a + p.timeouts, 0),
    },
    stored,
  };
}

async function main(): Promise<void> {
  const only = args.only;
  buildIfStale();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  cleanups.push(async () => redis.disconnect());
  log(`generating ${Number(args.pool).toLocaleString("en-US")} signed events`);
  const pool = new EventPool(Number(args.pool));
  const report: BenchReport = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, loadAvgBefore: loadavg()[0] ?? 0, loadAvgAfter: 0 },
    settings,
  };
  const subject = (server: ServerChild, prefix: string): Subject => ({
    server,
    prefix,
    events: pool.stream(),
    phases: [],
    saturation: [],
    saturationCpu: [],
    rate: [],
  });

  // Both servers run for the whole bench (an idle one costs nothing) and take turns, so a burst
  // of other work on the machine hits both rather than one.
  let baseline: Subject | undefined;
  let hotline: (Subject & { server: HotlineServer }) | undefined;
  const profileFile = args.profile ? path.join(RESULTS, `hotline-${Date.now()}.cpuprofile`) : undefined;
  if (only !== "hotline" && only !== "ordering") {
    const prefix = uniquePrefix("bench-baseline");
    cleanups.push(() => dropPrefix(prefix));
    const server = await startBaseline(prefix);
    cleanups.push(() => server.stop());
    baseline = subject(server, prefix);
  }
  // A hotline under a prefix of its own (and a schema of its own), dropped at the end.
  const startHotline = async (name: string, opts: Partial<HotlineServerOptions>) => {
    const prefix = uniquePrefix(`bench-${name}`);
    cleanups.push(() => dropPrefix(prefix));
    const server = await startHotlineServer({
      redisUrl: TEST_REDIS_URL,
      redisPrefix: prefix,
      databaseUrl: process.env.BENCH_DATABASE_URL ?? TEST_DATABASE_URL,
      secret: BENCH_SECRET,
      ...(args["hotline-node-flags"] !== undefined ? { nodeFlags: args["hotline-node-flags"].split(/\s+/).filter(Boolean) } : {}),
      ...opts,
    });
    cleanups.push(() => server.close());
    return { server, prefix };
  };
  if (only !== "baseline" && only !== "ordering") {
    const { server, prefix } = await startHotline("hotline", {
      ...(profileFile ? { profileFile } : {}),
      autoPipelining: args["what-if-autopipeline"],
    });
    hotline = { ...subject(server, prefix), server };
  }
  let compare: Subject | undefined;
  if (args["compare-repo"] && only !== "ordering") {
    const repo = path.resolve(args["compare-repo"]);
    const { server, prefix } = await startHotline("compare", { repo });
    compare = subject({ ...server, name: `hotline at ${repo}` }, prefix);
  }
  const subjects = [baseline, hotline, compare].filter((s): s is Subject => s !== undefined);

  if (settings.warmupS > 0) for (const s of subjects) await phase(s, redis, "warmup");
  for (let r = 0; r < settings.rounds; r++) for (const s of subjects) await phase(s, redis, "saturation");
  for (let r = 0; r < settings.rounds; r++) for (const s of subjects) await phase(s, redis, "rate");
  if (hotline && profileFile) {
    // Sampled after the measured phases, so the profiler's own cost is in no figure.
    hotline.server.startProfile();
    await phase(hotline, redis, "profile");
    await hotline.server.stopProfile();
    report.profile = summarizeProfile(profileFile);
  }

  if (baseline) report.baseline = await figures(baseline, redis);
  if (hotline) report.hotline = await figures(hotline, redis);
  if (compare) {
    const f = await figures(compare, redis);
    const per = (x: ServerFigures | undefined) =>
      x ? `${Math.round(x.saturation.rps)} req/s, ${x.saturationCpu.server ?? "?"}% CPU, ${x.stored.sent} events in all` : "–";
    log(`saturation medians — baseline ${per(report.baseline)}; hotline ${per(report.hotline)}; ${f.name} ${per(f)}`);
    log(
      `saturated req/s per round — hotline ${report.hotline?.rounds.saturationRps.map(Math.round).join(", ") ?? "–"}; compared ${f.rounds.saturationRps.map(Math.round).join(", ")}`,
    );
  }
  // The ingest servers are idle from here on; stopped first so they take no CPU from what follows.
  for (const s of subjects) await s.server.stop();
  if (!only || only === "ordering") {
    const sinkSettings = { events: 20_000, concurrency: 50, rounds: 3 };
    log("store step: ordered vs unordered");
    report.sinks = { settings: sinkSettings, ...(await benchSinks(sinkSettings)) };
    report.pipeline = await runPipeline({ citizens: Number(args.citizens), ratePerS: Number(args["citizen-rate"]), workers: 2 }, log);
  }
  report.machine.loadAvgAfter = loadavg()[0] ?? 0;
  console.log(writeReport(report));
}

try {
  await main();
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
