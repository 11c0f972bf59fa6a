/**
 * End to end on the embedded default (issue 22): one `ROLE=all` process on PGlite, as a commune
 * runs it out of the box, and citizens holding conversations. Each citizen sends "phản ánh xây
 * dựng không phép" (a report starts), a dossier code, then "menu", `--gap` ms apart; the citizens
 * start one after another so that `--rate` messages a second arrive in all. Baseline, same run, on
 * a fresh process: the same messages at the same moments, each from a citizen of its own (no
 * conversation to continue, nothing waits for an earlier message).
 *
 *   npx tsx bench/conversations.ts [--citizens 167] [--rate 50] [--gap 4000] [--profile]
 *
 * `--profile`: the conversations' process runs under `--cpu-prof`; where its CPU went during the
 * load (web and worker work together: one ROLE=all process) is printed after the figures.
 *
 * Figures: webhook POST → the first reply at the fake Zalo (p50/p99); what Redis holds after the
 * load minus before it, per message (every key under the run's prefix: sessions and capped event
 * streams included, and without the streams); resident size at rest and 20 s after the load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { SAMPLE_CODES } from "../test/support/bursts.js";
import { fakeZaloEnv, testEnv } from "../test/support/env.js";
import { type FakeZalo, startFakeZalo } from "../test/support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../test/support/redis.js";
import { freshMsgId, signedWebhook } from "../test/support/sign.js";
import { memoryOf, sleep, spawnHotline, stop, waitReady } from "./built-hotline.js";
import { freePort } from "./child.js";
import { drained } from "./pipeline.js";
import { type KeyFamily, redisFootprint } from "./redis-footprint.js";
import { newestProfile, type ProfileSummary, summarizeProfile } from "./profile.js";
import { buildIfStale } from "./start-command.js";

const { values: args } = parseArgs({
  options: {
    citizens: { type: "string", default: "167" },
    rate: { type: "string", default: "50" },
    gap: { type: "string", default: "4000" },
    profile: { type: "boolean", default: false },
  },
});
const CITIZENS = Number(args.citizens);
const RATE = Number(args.rate);
const GAP_MS = Number(args.gap);
const SETTLE_MS = 20_000;
const TEXTS = (i: number) => ["phản ánh xây dựng không phép", SAMPLE_CODES[i % SAMPLE_CODES.length] ?? "", "menu"];

/** A message to send: who, what, and when (ms after the load starts). */
interface Planned {
  userId: string;
  text: string;
  atMs: number;
}

function conversations(run: string): Planned[][] {
  const perCitizenStart = (1000 * TEXTS(0).length) / RATE;
  return Array.from({ length: CITIZENS }, (_, c) =>
    TEXTS(c).map((text, k) => ({ userId: `7${run}${String(c).padStart(5, "0")}`, text, atMs: c * perCitizenStart + k * GAP_MS })),
  );
}

/** The same messages at the same moments, each from a citizen of its own. */
const oneEach = (plan: Planned[][]): Planned[][] => plan.flatMap((c) => c.map((m, k) => [{ ...m, userId: `${m.userId}${k}` }]));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) : 0;
};
const total = (fs: KeyFamily[], keep: (f: KeyFamily) => boolean = () => true) => fs.filter(keep).reduce((a, f) => a + f.bytes, 0);
const notStream = (f: KeyFamily) => !f.family.endsWith("event stream");

interface Figures {
  messages: number;
  missing: number;
  firstReply: { p50: number; p90: number; p99: number; max: number };
  redisPerMessage: number;
  redisPerMessageWithoutStreams: number;
  rssAtRestMb: number;
  rssAfterMb: number;
  peakMb: number;
  /** Bytes each family of keys grew by over the load. */
  growth: Array<{ family: string; bytes: number }>;
}

/** Post one citizen's messages on schedule; each message's first reply is the first one after it. */
async function citizen(url: string, zalo: FakeZalo, start: number, messages: Planned[], firstReplies: Array<number | null>) {
  for (const m of messages) {
    await sleep(Math.max(0, start + m.atMs - Date.now()));
    const before = zalo.messagesFor(m.userId).length;
    const hook = signedWebhook({ type: "text", text: m.text }, { userId: m.userId, msgId: freshMsgId() });
    const posted = Date.now();
    const res = await fetch(`${url}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    const reply = await zalo.waitForMessages(m.userId, before + 1, 30_000).catch(() => null);
    firstReplies.push(reply?.[before] ? reply[before].at - posted : null);
  }
}

async function measure(name: string, plan: Planned[][], zalo: FakeZalo, dataDir: string, profileDir?: string): Promise<Figures> {
  const port = await freePort();
  const prefix = uniquePrefix("conv");
  const url = `http://127.0.0.1:${port}`;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const spawnedAt = Date.now();
  const child = spawnHotline(
    {
      ...testEnv({ PORT: String(port), REDIS_PREFIX: prefix, NODE_ENV: "development", LOG_LEVEL: "error", DATA_DIR: dataDir }),
      ...fakeZaloEnv(zalo),
    },
    profileDir ? ["--cpu-prof", "--cpu-prof-interval=250", `--cpu-prof-dir=${profileDir}`] : [],
  );
  let loadFrom = 0;
  try {
    await waitReady(`${url}/readyz`, child);
    // Warm-up outside the figures: connections, compiled code, the first session writes.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => citizen(url, zalo, Date.now(), [{ userId: `8${Date.now()}${i}`, text: "menu", atMs: 0 }], [])),
    );
    await drained(redis, prefix, 30_000);
    await sleep(SETTLE_MS);
    const rest = memoryOf(child.pid!);
    const before = await redisFootprint(redis, prefix);
    const messages = plan.reduce((a, c) => a + c.length, 0);
    console.error(`[bench] ${name}: ${messages} messages from ${plan.length} citizens`);
    const firstReplies: Array<number | null> = [];
    const start = Date.now() + 200;
    loadFrom = start - spawnedAt;
    await Promise.all(plan.map((c) => citizen(url, zalo, start, c, firstReplies)));
    await drained(redis, prefix, 60_000);
    await sleep(500); // jobs removed on completion go a moment after the reply
    const after = await redisFootprint(redis, prefix);
    const peak = memoryOf(child.pid!).hwmMb;
    await sleep(SETTLE_MS);
    const got = firstReplies.filter((x): x is number => x !== null);
    return {
      messages,
      missing: firstReplies.length - got.length,
      firstReply: { p50: pct(got, 50), p90: pct(got, 90), p99: pct(got, 99), max: pct(got, 100) },
      redisPerMessage: (total(after) - total(before)) / messages,
      redisPerMessageWithoutStreams: (total(after, notStream) - total(before, notStream)) / messages,
      rssAtRestMb: rest.rssMb,
      rssAfterMb: memoryOf(child.pid!).rssMb,
      peakMb: peak,
      growth: after
        .map((f) => ({ family: f.family, bytes: f.bytes - (before.find((b) => b.family === f.family)?.bytes ?? 0) }))
        .filter((g) => g.bytes !== 0),
    };
  } finally {
    await stop(child);
    redis.disconnect();
    await dropPrefix(prefix);
    const file = profileDir ? newestProfile(profileDir) : undefined;
    if (file)
      printProfile(
        summarizeProfile(file, 20, loadFrom),
        plan.reduce((a, c) => a + c.length, 0),
      );
  }
}

function printProfile(p: ProfileSummary, messages: number): void {
  const busyMs = (p.totalMs * (100 - p.idlePct)) / 100;
  console.log(`\nCPU of the ROLE=all process from the load's start: ${(busyMs / messages).toFixed(2)} ms per message (${p.file})\n`);
  for (const l of p.places) console.log(`- ${l.name}: ${((1000 * l.ms) / messages).toFixed(0)} µs per message`);
  console.log("");
  for (const l of p.functions) console.log(`- ${l.name}: ${((1000 * l.ms) / messages).toFixed(0)} µs per message`);
}

buildIfStale();
const zalo = await startFakeZalo();
const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-bench-data-"));
try {
  // The embedded database is made on the first start (initdb: a peak of its own); measured after.
  {
    const port = await freePort();
    const first = spawnHotline({ ...testEnv({ PORT: String(port), NODE_ENV: "development", DATA_DIR: dataDir }), ...fakeZaloEnv(zalo) });
    await waitReady(`http://127.0.0.1:${port}/readyz`, first);
    await stop(first);
  }
  const run = String(Date.now()).slice(-6);
  const plan = conversations(run);
  const profileDir = args.profile ? mkdtempSync(path.join(tmpdir(), "hotline-bench-profile-")) : undefined;
  const conv = await measure("conversations", plan, zalo, dataDir, profileDir);
  const base = await measure("baseline, one message per citizen", oneEach(plan), zalo, dataDir);
  const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
  const row = (label: string, get: (f: Figures) => number) =>
    `| ${label} | ${f0(get(conv))} | ${f0(get(base))} | ${(get(conv) / (get(base) || 1)).toFixed(2)} |`;
  console.log(
    [
      `## End to end on the embedded default (ROLE=all, PGlite), ${f0(conv.messages)} messages at ${RATE}/s`,
      ``,
      `${CITIZENS} citizens each send "phản ánh xây dựng không phép", a dossier code and "menu", ${GAP_MS / 1000} s apart. ` +
        `Baseline: the same messages at the same moments, each from a citizen of its own. Node ${process.version}.`,
      ``,
      `| figure | conversations | baseline | ratio |`,
      `|---|---:|---:|---:|`,
      row("webhook POST → first reply, p50 ms", (f) => f.firstReply.p50),
      row("… p90 ms", (f) => f.firstReply.p90),
      row("… p99 ms", (f) => f.firstReply.p99),
      row("… max ms", (f) => f.firstReply.max),
      row("Redis bytes left per message (every key, sessions and event streams included)", (f) => f.redisPerMessage),
      row("… without the capped event streams", (f) => f.redisPerMessageWithoutStreams),
      row("RSS MB at rest", (f) => f.rssAtRestMb),
      row("RSS MB peak", (f) => f.peakMb),
      row("RSS MB 20 s after the load", (f) => f.rssAfterMb),
      `| messages without a reply | ${conv.missing} | ${base.missing} | |`,
      ``,
      `Redis growth by family of keys, bytes per message (conversations / baseline):`,
      ``,
      ...[...new Set([...conv.growth, ...base.growth].map((g) => g.family))].map((family) => {
        const per = (f: Figures) => ((f.growth.find((g) => g.family === family)?.bytes ?? 0) / f.messages).toFixed(0);
        return `- ${family}: ${per(conv)} / ${per(base)}`;
      }),
    ].join("\n"),
  );
} finally {
  await zalo.close();
  rmSync(dataDir, { recursive: true, force: true });
}
