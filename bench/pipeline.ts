/**
 * End to end through the production layout (one ROLE=web, two ROLE=worker processes, PostgreSQL,
 * a fake Zalo): citizens sending 2–5 messages 0–30 ms apart, and a baseline in the same run with
 * the same messages at the same moments, each from a citizen of its own (so nothing waits for an
 * earlier message). Afterwards, what Redis still holds per handled message.
 */
import { readFileSync } from "node:fs";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE, queueOptions } from "../src/queues/names.js";
import { type Burst, burstWorkload, type MessageTiming, oneMessageEach, runBursts } from "../test/support/bursts.js";
import { HotlineProcesses } from "../test/support/hotline-processes.js";
import { TEST_REDIS_URL } from "../test/support/redis.js";
import { bytesGrowingWith, growthOf, type KeyFamily, redisFootprint } from "./redis-footprint.js";

export interface PipelineSettings {
  citizens: number;
  ratePerS: number;
  workers: number;
}

/** One workload's figures. */
export interface PipelineFigures {
  name: string;
  messages: number;
  citizens: number;
  non2xx: number;
  missingReplies: number;
  /** Citizens whose replies came in another order than their messages. */
  outOfOrder: number;
  ingest: { p50: number; p99: number };
  endToEnd: { p50: number; p90: number; p99: number; max: number };
  /** CPU time per message (ms) of the web process and of the worker processes together: unlike latency, not moved by other work on the machine. */
  cpuMsPerMessage: { web: number; workers: number };
  /** Redis after every reply arrived and the queues emptied. */
  redis: { families: KeyFamily[]; totalBytes: number; perMessage: number; perCitizen: number; fixed: number };
}

export interface PipelineReport {
  settings: PipelineSettings;
  ordered: PipelineFigures;
  baseline: PipelineFigures;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) : 0;
};

/** Resolves once the hotline's queues under `prefix` hold no job waiting, running or delayed. */
export async function drained(redis: Redis, prefix: string, timeoutMs: number): Promise<void> {
  const queues = [QUEUE.inbound, QUEUE.outbound, QUEUE.cases].map((n) => new Queue(n, queueOptions(prefix, redis)));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts("waiting", "active", "delayed", "prioritized")));
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      if (Date.now() > deadline) throw new Error(`queues not drained: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

async function runOne(name: string, bursts: Burst[], settings: PipelineSettings, log: (m: string) => void): Promise<PipelineFigures> {
  log(`pipeline: ${name} — starting 1 web + ${settings.workers} worker processes`);
  const procs = await HotlineProcesses.start({ workers: settings.workers, dossiers: true });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    // Warm up (connections, compiled code) with citizens outside the figures.
    await runBursts(
      burstWorkload({ citizens: 10, ratePerS: 50, userPrefix: `56${Date.now()}` }),
      procs.zalo,
      (u, m, t) => procs.postText(u, m, t),
      { timeoutMs: 30_000 },
    );
    const messages = bursts.reduce((a, b) => a + b.messages.length, 0);
    log(`pipeline: ${name} — ${messages} messages from ${bursts.length} citizens`);
    const cpuBefore = [procs.web, ...procs.workers].map((p) => cpuMs(p.child.pid));
    const timings: MessageTiming[] = await runBursts(bursts, procs.zalo, (u, m, t) => procs.postText(u, m, t), { timeoutMs: 120_000 });
    await drained(redis, procs.prefix, 60_000);
    const cpu = [procs.web, ...procs.workers].map((p, i) => cpuMs(p.child.pid) - (cpuBefore[i] ?? 0));
    // Jobs removed on completion go a moment after the reply is sent.
    await new Promise((r) => setTimeout(r, 500));
    const families = await redisFootprint(redis, procs.prefix);
    const totalBytes = families.reduce((a, f) => a + f.bytes, 0);
    let outOfOrder = 0;
    for (const b of bursts) {
      const got = procs.zalo.messagesFor(b.userId).map((m) => String(m.message.text ?? ""));
      const inOrder = b.messages.every((m, i) =>
        m.text.startsWith("tra") ? got[i]?.startsWith("Mời ông/bà nhập mã hồ sơ") : got[i]?.includes(m.text),
      );
      if (!inOrder) outOfOrder++;
    }
    const e2e = timings.map((t) => t.endToEndMs).filter((x): x is number => x !== null);

    return {
      name,
      messages,
      citizens: bursts.length,
      non2xx: timings.filter((t) => t.status !== 200).length,
      missingReplies: timings.length - e2e.length,
      outOfOrder,
      ingest: {
        p50: pct(
          timings.map((t) => t.ingestMs),
          50,
        ),
        p99: pct(
          timings.map((t) => t.ingestMs),
          99,
        ),
      },
      endToEnd: { p50: pct(e2e, 50), p90: pct(e2e, 90), p99: pct(e2e, 99), max: pct(e2e, 100) },
      cpuMsPerMessage: { web: (cpu[0] ?? 0) / messages, workers: cpu.slice(1).reduce((a, b) => a + b, 0) / messages },
      redis: {
        families,
        totalBytes,
        perMessage: bytesGrowingWith(families, "message") / messages,
        perCitizen: bytesGrowingWith(families, "citizen") / bursts.length,
        fixed: bytesGrowingWith(families, "fixed"),
      },
    };
  } finally {
    redis.disconnect();
    await procs.stop();
  }
}

/** User + system CPU time of a process so far, ms (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Both workloads, one after the other, each on fresh processes, prefix and schema. */
export async function runPipeline(settings: PipelineSettings, log: (m: string) => void): Promise<PipelineReport> {
  const bursts = burstWorkload({ citizens: settings.citizens, ratePerS: settings.ratePerS });
  const ordered = await runOne("bursts of 2–5 per citizen", bursts, settings, log);
  const baseline = await runOne("same messages, one per citizen", oneMessageEach(bursts), settings, log);
  return { settings, ordered, baseline };
}

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : "–");

export function renderPipeline(r: PipelineReport): string[] {
  const { ordered: o, baseline: b, settings: s } = r;
  const row = (label: string, get: (x: PipelineFigures) => number, fmt = f0) =>
    `| ${label} | ${fmt(get(o))} | ${fmt(get(b))} | ${ratio(get(o), get(b))} |`;
  const families = new Map<string, [number, number]>();
  for (const f of o.redis.families) families.set(f.family, [f.bytes, 0]);
  for (const f of b.redis.families) families.set(f.family, [families.get(f.family)?.[0] ?? 0, f.bytes]);
  return [
    `## End to end: ${s.workers} worker processes, bursts from each citizen`,
    ``,
    `One ROLE=web and ${s.workers} ROLE=worker processes (PostgreSQL, local Redis, a fake Zalo in the bench process); ` +
      `${f0(o.messages)} messages at ${s.ratePerS}/s through the signed webhook: each citizen sends 2–5 messages 0–30 ms apart ` +
      `("tra cứu hồ sơ", a dossier code, …). Baseline, same run: the same messages at the same moments, each from a citizen of its own ` +
      `(nothing waits for an earlier message of the same citizen).`,
    ``,
    `| figure | bursts (kept in order) | one message per citizen (baseline) | bursts / baseline |`,
    `|---|---:|---:|---:|`,
    row(
      `webhook answer p50 ms`,
      (x) => x.ingest.p50,
      (n) => n.toFixed(1),
    ),
    row(
      `webhook answer p99 ms`,
      (x) => x.ingest.p99,
      (n) => n.toFixed(1),
    ),
    row(`message → its reply at Zalo, p50 ms`, (x) => x.endToEnd.p50),
    row(`… p90 ms`, (x) => x.endToEnd.p90),
    row(`… p99 ms`, (x) => x.endToEnd.p99),
    row(`… max ms`, (x) => x.endToEnd.max),
    row(
      `CPU ms per message, web process`,
      (x) => x.cpuMsPerMessage.web,
      (n) => n.toFixed(2),
    ),
    row(
      `CPU ms per message, worker processes`,
      (x) => x.cpuMsPerMessage.workers,
      (n) => n.toFixed(2),
    ),
    `| citizens whose replies came out of order | ${o.outOfOrder} of ${o.citizens} | ${b.outOfOrder} of ${b.citizens} | |`,
    `| non-2xx answers, missing replies | ${o.non2xx}, ${o.missingReplies} | ${b.non2xx}, ${b.missingReplies} | |`,
    ``,
    `### What Redis keeps per handled message`,
    ``,
    `After every reply arrived and the queues emptied; \`MEMORY USAGE … SAMPLES 0\` over every key of the run's prefix, by family, ` +
      `and what each family grows with: each message handled, each citizen (session 30 days, rate counter 2 minutes), or nothing ` +
      `(a queue's event stream, capped by BullMQ at ~10,000 entries; its empty lists). The baseline has 517 citizens, so more sessions.`,
    ``,
    `| family | grows with | bursts: bytes | baseline: bytes |`,
    `|---|---|---:|---:|`,
    ...[...families.entries()].map(([name, [ob, bb]]) => `| ${name} | ${growthOf(name)} | ${f0(ob)} | ${f0(bb)} |`),
    `| **total** | | ${f0(o.redis.totalBytes)} | ${f0(b.redis.totalBytes)} |`,
    `| **per handled message** (families that grow with messages ÷ messages) | | **${f0(o.redis.perMessage)}** | ${f0(b.redis.perMessage)} |`,
    `| per citizen (session, rate counter) | | ${f0(o.redis.perCitizen)} | ${f0(b.redis.perCitizen)} |`,
    `| fixed (event streams, token pair) | | ${f0(o.redis.fixed)} | ${f0(b.redis.fixed)} |`,
    ``,
  ];
}

// `tsx bench/pipeline.ts [citizens] [rate]`: this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runPipeline({ citizens: Number(process.argv[2] ?? 150), ratePerS: Number(process.argv[3] ?? 50), workers: 2 }, (m) =>
    console.error(`[bench] ${m}`),
  );
  console.log(renderPipeline(report).join("\n"));
  console.log(JSON.stringify({ ordered: { ...report.ordered, redis: undefined }, baseline: { ...report.baseline, redis: undefined } }));
}
