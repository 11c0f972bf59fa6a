/**
 * Fairness between communes (issue 23): a province of `--communes` communes, each on its own OA,
 * served by one ROLE=web and two ROLE=worker processes on PostgreSQL, a fake Zalo for every OA.
 *
 * - Phase Q: every commune but the first is quiet, each citizen sending one message, 0.2 messages
 *   a second per commune.
 * - Phase F: the same, while the first commune floods: `--flood-rate` messages a second from
 *   `--flood-citizens` citizens for `--seconds` (more than this machine answers, so a backlog
 *   builds).
 *
 * Reported: the time from posting a message to its first reply reaching Zalo, p50 and p99 for the
 * quiet communes together and the worst quiet commune, and for the flooding commune (and how long
 * its backlog took to be answered), each phase. Run it with shards and the per-commune cap (the
 * default here) and with `--shards 0 --cap 0` for the single queue of before.
 *
 * `--profile-dir DIR` samples the CPU of each hotline process for its first `--profile-s` seconds
 * (bench/profile-preload.mjs) and writes DIR/<pid>.cpuprofile.
 *
 * `--trace-ms 0` leaves out the queue tracer (its looks every 4 ms cost the bench and Redis CPU the
 * hotline does not spend in production): the first-reply times without the split into steps.
 *
 *   npx tsx bench/fairness.ts [--communes 100] [--seconds 20] [--flood-rate 200] [--flood-citizens 400] [--shards 8] [--cap 4] [--rate 20] [--wait-s 420] [--trace-ms 4]
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, setPriority } from "node:os";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import type { CommuneConfig } from "../src/commune/config.js";
import { SANDBOX_SECRETS } from "../src/sandbox.js";
import { exampleConfig } from "../test/commune/fixture.js";
import { HotlineProcesses } from "../test/support/hotline-processes.js";
import { otherCommune } from "../test/support/province-harness.js";
import { freshMsgId, SANDBOX } from "../test/support/sign.js";
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "../test/support/redis.js";
import { processCpuMs, ownCpuMs, redisCpuMs } from "./cpu.js";
import { QueueTracer, type StepTimes } from "./queue-trace.js";
import { communeBytes } from "./commune-bytes.js";
import { buildIfStale } from "./start-command.js";
import type { FloodReport } from "./flood-sender.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const settings = {
  communes: arg("communes", 100),
  seconds: arg("seconds", 20),
  floodRate: arg("flood-rate", 200),
  floodCitizens: arg("flood-citizens", 400),
  quietRate: 0.2,
  shards: arg("shards", 8),
  cap: arg("cap", 4),
  /** COMMUNE_EVENTS_PER_SECOND (-1: the hotline's default; 0: no pace). Ignored by a hotline without paces. */
  rate: arg("rate", -1),
  /** How long to wait for the flood's backlog after a phase (a slow pace may take minutes). */
  waitS: arg("wait-s", 420),
  /** How often the queue tracer looks at the followed jobs (0: no tracer). */
  traceMs: arg("trace-ms", 4),
  profileS: arg("profile-s", 60),
  /**
   * The flood's sender runs in a process of its own at this niceness (19: it takes only CPU the
   * hotline leaves idle, as a flood from outside the machine would; 0: a share like any other).
   */
  floodNice: arg("flood-nice", 19),
};
const profileDir = ((i) => (i > 0 ? process.argv[i + 1] : undefined))(process.argv.indexOf("--profile-dir"));
const log = (s: string) => console.error(`[fairness] ${s}`);

const oaOf = (i: number) => (i === 0 ? SANDBOX.oaId : `41${String(i).padStart(17, "0")}`);
const pairOf = (i: number) =>
  i === 0
    ? { accessToken: SANDBOX_SECRETS.ZALO_ACCESS_TOKEN, refreshToken: SANDBOX_SECRETS.ZALO_REFRESH_TOKEN }
    : { accessToken: `bench-access-${i}`, refreshToken: `bench-refresh-${i}` };

function province(n: number): CommuneConfig[] {
  const base = exampleConfig();
  const first: CommuneConfig = { ...exampleConfig(), id: "xa-000", name: "Xã 000", zalo: { oaId: oaOf(0) } };
  const rest = Array.from({ length: n - 1 }, (_, k) => {
    const i = k + 1;
    const id = `xa-${String(i).padStart(3, "0")}`;
    return otherCommune(base, { id, name: `Xã ${String(i).padStart(3, "0")}`, oaId: oaOf(i), zaloPrefix: "52" });
  });
  return [first, ...rest];
}

interface Sent {
  commune: number;
  userId: string;
  msgId: string;
  /** Followed queue by queue (queue-trace.ts): every quiet message, every message of one flood citizen in twenty. */
  traced: boolean;
  postedAt: number;
  /** ms from posting to the webhook's answer: the web process's share of the wait. */
  ingestMs: number;
  status: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const ms = (x: number) => (Number.isNaN(x) ? "—" : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

/** Busy and total jiffies of the whole machine (every process, other helpers' too). */
function machineBusy(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - (f[4] ?? 0), total };
}

/**
 * Wait (up to 30 s) until the machine is nearly idle for a second: a phase that starts while
 * PostgreSQL still cleans up after the last run (its autovacuum took a third of a core for
 * seconds) measures that, not the hotline.
 */
async function settled(): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const a = machineBusy();
    await sleep(1000);
    const b = machineBusy();
    const busy = (100 * (b.busy - a.busy)) / (b.total - a.total);
    if (busy < 15) return;
    log(`waiting for the machine to settle (${Math.round(busy)}% busy)`);
  }
}

async function main(): Promise<void> {
  buildIfStale();
  const communes = province(settings.communes);
  const dir = mkdtempSync(path.join(tmpdir(), "bench-fairness-"));
  const tokens = path.join(dir, "oa-tokens.json");
  const communesDir = path.join(dir, "communes");
  writeFileSync(tokens, JSON.stringify(Object.fromEntries(communes.map((_, i) => [oaOf(i), pairOf(i)]))));
  mkdirSync(communesDir, { recursive: true });
  for (const c of communes) writeFileSync(path.join(communesDir, `${c.id}.json`), JSON.stringify(c));

  log(`${communes.length} communes, shards ${settings.shards}, cap ${settings.cap}, rate ${settings.rate}; starting 1 web + 2 workers`);
  const procs = await HotlineProcesses.start({
    workers: 2,
    env: {
      COMMUNES_DIR: communesDir,
      ZALO_OA_TOKENS_FILE: tokens,
      REDIS_SHARDS: String(settings.shards),
      ...(settings.cap > 0 ? { COMMUNE_EVENTS_IN_FLIGHT: String(settings.cap) } : {}),
      ...(settings.rate >= 0 ? { COMMUNE_EVENTS_PER_SECOND: String(settings.rate) } : {}),
      ZALO_SEND_RATE_PER_MINUTE: "4000",
      ...(profileDir
        ? {
            NODE_OPTIONS: `--import ${fileURLToPath(new URL("./profile-preload.mjs", import.meta.url))}`,
            PROFILE_DIR: path.resolve(profileDir),
            PROFILE_MS: String(settings.profileS * 1000),
          }
        : {}),
      LOG_LEVEL: "warn",
    },
    prepare: (zalo) => {
      communes.forEach((_, i) => i > 0 && zalo.addOa(oaOf(i), pairOf(i)));
      return {};
    },
  });
  const redis = new Redis(TEST_REDIS_URL);
  const prefixOf = await QueueTracer.shardPrefixes(redis, procs.prefix, settings.shards);
  const tracer = new QueueTracer(redis, (communeId) => prefixOf(communeId), settings.traceMs || 4);
  const floodShard = prefixOf(communes[0]!.id);
  const shardPrefixesInUse = [...new Set(communes.map((c) => prefixOf(c.id)))];
  // Which message a reply answers: a citizen's n-th reply answers their n-th followed message.
  const followedOf = new Map<string, string[]>();
  const arrivals = new Map<string, number>();
  procs.zalo.onMessage((m) => {
    const list = followedOf.get(m.userId);
    if (!list) return;
    const n = arrivals.get(m.userId) ?? 0;
    arrivals.set(m.userId, n + 1);
    const msgId = list[n];
    if (msgId) tracer.arrived(msgId);
  });
  if (settings.traceMs > 0) tracer.start();
  try {
    let serial = 0;
    /** Flood citizens whose every message is followed (one in twenty, looked at every 100 ms), to check their order too. */
    const followedFlood = new Set<string>();
    const sent: Sent[] = [];
    const communeOfMsg = new Map<string, number>();
    const messagesOf = new Map<number, number>();
    /** Register a message before it is posted: its commune, and its place among its citizen's replies. */
    const expect = (commune: number, userId: string): { msgId: string; traced: boolean } => {
      const msgId = freshMsgId();
      communeOfMsg.set(msgId, commune);
      messagesOf.set(commune, (messagesOf.get(commune) ?? 0) + 1);
      const traced = commune !== 0 || followedFlood.has(userId);
      if (traced) {
        tracer.follow(communes[commune]!.id, msgId, { slow: commune === 0 });
        followedOf.set(userId, [...(followedOf.get(userId) ?? []), msgId]);
      } else followedOf.set(userId, [...(followedOf.get(userId) ?? []), ""]);
      return { msgId, traced };
    };
    const post = async (commune: number, userId: string) => {
      const { msgId, traced } = expect(commune, userId);
      const postedAt = Date.now();
      const status = await procs.postText(userId, msgId, "xin chào", oaOf(commune)).catch(() => 0);
      sent.push({ commune, userId, msgId, traced, postedAt, ingestMs: Date.now() - postedAt, status });
    };
    // Started (and its TypeScript loaded) long before the flood: its start cost the first second
    // of F half a core.
    const floodSender = new Promise<ChildProcess>((resolve, reject) => {
      const child = fork(fileURLToPath(new URL("./flood-sender.ts", import.meta.url)), { execArgv: ["--import", "tsx"], stdio: "inherit" });
      if (child.pid && settings.floodNice) setPriority(child.pid, settings.floodNice);
      process.once("exit", () => child.kill());
      child.once("message", () => resolve(child));
      child.once("error", reject);
    });
    /** The flood, from its own process (flood-sender.ts); resolves once every post is answered. */
    const sendFlood = async (users: string[]): Promise<{ sendingMs: number; posted: number; senderCpuPct: number; nice: number }> => {
      const plan = Array.from({ length: Math.round(settings.seconds * settings.floodRate) }, (_, f) => {
        const userId = users[f % users.length]!;
        return { userId, ...expect(0, userId) };
      });
      const child = await floodSender;
      const report = new Promise<FloodReport>((resolve, reject) => {
        child.once("message", (m) => resolve(m as FloodReport));
        child.once("exit", (code) => reject(new Error(`the flood's sender exited ${code} before it reported`)));
      });
      child.send({
        url: procs.url,
        oaId: oaOf(0),
        ratePerS: settings.floodRate,
        seconds: settings.seconds,
        plan: plan.map((m) => [m.userId, m.msgId]),
      });
      const { posts, sendingMs, cpuPct } = await report;
      posts.forEach(([postedAt, ingestMs, status], i) => sent.push({ commune: 0, ...plan[i]!, postedAt, ingestMs, status }));
      return { sendingMs, posted: posts.length, senderCpuPct: cpuPct, nice: settings.floodNice };
    };
    const citizen = (commune: number) => `53${String(commune).padStart(3, "0")}${String(serial++).padStart(12, "0")}`;
    const pids = { web: procs.web.child.pid, worker1: procs.workers[0]?.child.pid, worker2: procs.workers[1]?.child.pid };
    /** CPU of each process over a stretch, % of one core; `machine`: every process, from /proc/stat. */
    const cpuMeter = async () => {
      const t0 = Date.now();
      const at0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid) ?? 0]));
      const own0 = ownCpuMs();
      const redis0 = await redisCpuMs(redis);
      const machine0 = machineBusy();
      return async () => {
        const wall = Date.now() - t0;
        const pct = (x: number) => Math.round((100 * x) / wall);
        const m1 = machineBusy();
        const processes: Record<string, number> = {
          ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pct((processCpuMs(pid) ?? 0) - at0[k]!)])),
          bench: pct(ownCpuMs() - own0),
          redis: pct((await redisCpuMs(redis)) - redis0),
        };
        const machine = (100 * (m1.busy - machine0.busy)) / (m1.total - machine0.total);
        return {
          ...processes,
          machine: Math.round(machine),
          /** % of a core spent outside the processes above: PostgreSQL, the flood's sender, the kernel, anything else. */
          elsewhere: Math.round(machine * cpus().length - Object.values(processes).reduce((a, b) => a + b, 0)),
        };
      };
    };

    /** Quiet communes for `seconds`; with `flood`, the first commune floods at the same time. */
    const phase = async (name: string, flood: boolean) => {
      const from = sent.length;
      const start = Date.now();
      const jobs: Promise<void>[] = [];
      const quietEveryMs = 1000 / (settings.quietRate * (communes.length - 1));
      const floodUsers = Array.from({ length: settings.floodCitizens }, () => citizen(0));
      floodUsers.forEach((u, i) => i % 20 === 0 && followedFlood.add(u));
      const cpu = await cpuMeter();
      tracer.depth.clear();
      const depths = setInterval(() => void tracer.sampleDepths(shardPrefixesInUse).catch(() => undefined), 250);
      let q = 0;
      const flooding = flood ? sendFlood(floodUsers) : null;
      while (Date.now() - start < settings.seconds * 1000) {
        const t = Date.now() - start;
        while (q * quietEveryMs <= t) {
          const commune = 1 + (q % (communes.length - 1));
          jobs.push(post(commune, citizen(commune)));
          q++;
        }
        await sleep(5);
      }
      const cpuWhileSending = await cpu();
      await Promise.all(jobs);
      const floodSending = await flooding;
      const mine = sent.slice(from);
      // The i-th message of a citizen is answered by their i-th reply (one reply each, in order).
      const byUser = new Map<string, Sent[]>();
      for (const m of mine) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
      for (const list of byUser.values()) list.sort((a, b) => a.postedAt - b.postedAt);
      const before = new Map([...byUser.keys()].map((u) => [u, procs.zalo.messagesFor(u).filter((r) => r.at < start).length]));
      const answered = (u: string) => procs.zalo.messagesFor(u).length - (before.get(u) ?? 0);
      // Every message gets its answer: wait for the flood's backlog too (bounded; a paced flood
      // of 4,000 messages at 20 a second needs 200 s).
      const deadline = Date.now() + settings.waitS * 1000;
      while (Date.now() < deadline && [...byUser].some(([u, list]) => answered(u) < list.filter((x) => x.status === 200).length))
        await sleep(250);
      clearInterval(depths);
      const replyOf = (m: Sent) => {
        const list = byUser.get(m.userId)!;
        return procs.zalo.messagesFor(m.userId)[(before.get(m.userId) ?? 0) + list.indexOf(m)];
      };
      const firstReply = (m: Sent): number | null => {
        const reply = replyOf(m);
        return reply ? reply.at - m.postedAt : null;
      };
      // Per followed citizen: did their replies' jobs run in the order of their messages? (The
      // replies' texts are alike; the reply jobs' stamps tell them apart.)
      const outOfOrder = [...byUser.values()].filter((list) => {
        const taken = list.filter((m) => m.traced).map((m) => tracer.trace(m.msgId)?.replyAdded);
        return taken.some((t, i) => i > 0 && t !== undefined && taken[i - 1] !== undefined && t < taken[i - 1]!);
      }).length;
      const orderChecked = [...byUser.values()].filter((list) => list.length > 1 && list.every((m) => m.traced)).length;
      const lastAnswer = Math.max(...[...byUser.keys()].map((u) => procs.zalo.messagesFor(u).at(-1)?.at ?? 0));
      const quiet = mine.filter((s) => s.commune !== 0);
      const quietTimes = quiet.map(firstReply).filter((x): x is number => x !== null);
      const perCommune = new Map<number, number[]>();
      for (const s of quiet) {
        const t = firstReply(s);
        if (t !== null) perCommune.set(s.commune, [...(perCommune.get(s.commune) ?? []), t]);
      }
      const worstP99 = Math.max(...[...perCommune.values()].map((xs) => pct(xs, 99)));
      const floodSent = mine.filter((s) => s.commune === 0);
      const floodTimes = floodSent.map(firstReply).filter((x): x is number => x !== null);
      const refused = mine.filter((s) => s.status !== 200).length;
      const unanswered = mine.filter((s) => s.status === 200 && firstReply(s) === null).length;
      const stepsOf = (list: Sent[]) => {
        const rows = list.map((m) => ({ total: firstReply(m), ingest: m.ingestMs, ...tracer.steps(m.msgId, replyOf(m)?.at ?? null) }));
        const stat = (k: keyof StepTimes | "total" | "ingest") => {
          const xs = rows.map((r) => r[k]).filter((x): x is number => x !== null);
          return { n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) };
        };
        // The slowest 1%: which step held them.
        const slow = [...rows].sort((a, b) => (b.total ?? 0) - (a.total ?? 0)).slice(0, Math.max(1, Math.ceil(rows.length / 100)));
        const mean = (k: keyof StepTimes) => {
          const xs = slow.map((r) => r[k]).filter((x): x is number => x !== null);
          return xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
        };
        return {
          messages: list.length,
          total: stat("total"),
          webhook: stat("ingest"),
          inboundWait: stat("inboundWait"),
          step: stat("step"),
          outboundWait: stat("outboundWait"),
          send: stat("send"),
          slowest1pc: {
            n: slow.length,
            inboundWait: mean("inboundWait"),
            step: mean("step"),
            outboundWait: mean("outboundWait"),
            send: mean("send"),
          },
        };
      };
      const onFloodShard = (s: Sent) => prefixOf(communes[s.commune]!.id) === floodShard;
      const inboundActivations = floodSent.filter((s) => s.traced).map((s) => tracer.trace(s.msgId)?.inActivations ?? 0);
      return {
        name,
        quiet: {
          messages: quiet.length,
          p50: pct(quietTimes, 50),
          p99: pct(quietTimes, 99),
          worstCommuneP99: worstP99,
          /** The slowest few: when in the phase each was posted (s) and its time (ms), to tell a stall of everything from a spread. */
          slowest: quiet
            .map((m) => ({ atS: Math.round((m.postedAt - start) / 100) / 10, ms: firstReply(m) ?? Infinity, commune: m.commune }))
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 6),
          ingestP50: pct(
            quiet.map((m) => m.ingestMs),
            50,
          ),
          ingestP99: pct(
            quiet.map((m) => m.ingestMs),
            99,
          ),
        },
        steps: {
          quiet: stepsOf(quiet),
          quietOnFloodShard: stepsOf(quiet.filter(onFloodShard)),
          quietElsewhere: stepsOf(quiet.filter((s) => !onFloodShard(s))),
          ...(flood ? { floodSample: stepsOf(floodSent.filter((s) => s.traced)) } : {}),
        },
        floodInboundActivationsP50: pct(inboundActivations, 50),
        floodInboundActivationsP99: pct(inboundActivations, 99),
        maxDepth: Object.fromEntries([...tracer.depth].filter(([, d]) => d.inbound + d.outbound > 0)),
        cpuWhileSending,
        flood: flood
          ? {
              messages: floodSent.length,
              p50: pct(floodTimes, 50),
              p99: pct(floodTimes, 99),
              answeredAfterStartS: (lastAnswer - start) / 1000,
              sender: floodSending,
            }
          : null,
        order: settings.traceMs > 0 ? { citizensChecked: orderChecked, outOfOrder } : null,
        refused,
        unanswered,
      };
    };

    // Every commune's conversation keys and token exist once: a first message each, not measured.
    await Promise.all(communes.map((_, i) => post(i, citizen(i))));
    await sleep(5000);
    await settled();
    sent.length = 0;
    const q = await phase("Q (quiet only)", false);
    await sleep(3000);
    await settled();
    const fl = await phase("F (one commune floods)", true);
    // Redis bytes per commune once everything is answered and the queues are idle: what a
    // commune keeps (sessions, seen and sent keys, guards, rate counters, paces) after its traffic.
    await sleep(3000);
    const zaloMsgCommune = new Map<string, number>();
    const communeOfUser = (u: string) => (/^53(\d{3})\d{12}$/u.test(u) ? Number(u.slice(2, 5)) : undefined);
    for (const m of procs.zalo.allMessages) {
      const c = communeOfUser(m.userId);
      if (c !== undefined) zaloMsgCommune.set(m.messageId, c);
    }
    const bytes = await communeBytes(redis, procs.prefix, {
      communeOfUser,
      communeOfMessage: (id) => communeOfMsg.get(id) ?? zaloMsgCommune.get(id),
      communeOfId: (id) => (/^xa-\d{3}$/u.test(id) ? Number(id.slice(3)) : undefined),
    });
    const quietBytes = [...bytes.byCommune].filter(([c]) => c !== 0).map(([c, b]) => ({ c, ...b, messages: messagesOf.get(c) ?? 0 }));
    const usedMemory = Number(/used_memory:(\d+)/u.exec(await redis.info("memory"))?.[1] ?? 0);
    const redisBytes = {
      quietCommunes: quietBytes.length,
      quietMessagesEach: pct(
        quietBytes.map((b) => b.messages),
        50,
      ),
      quietBytesPerCommuneP50: pct(
        quietBytes.map((b) => b.bytes),
        50,
      ),
      quietBytesPerCommuneMax: Math.max(...quietBytes.map((b) => b.bytes)),
      quietBytesPerMessage: Math.round(
        quietBytes.reduce((a, b) => a + b.bytes, 0) /
          Math.max(
            1,
            quietBytes.reduce((a, b) => a + b.messages, 0),
          ),
      ),
      floodCommune: { ...bytes.byCommune.get(0), messages: messagesOf.get(0) ?? 0 },
      shared: bytes.shared,
      sharedFamilies: bytes.sharedFamilies,
      communeFamilies: bytes.communeFamilies,
      usedMemoryMB: Math.round(usedMemory / 1e5) / 10,
    };
    const report = { settings, phases: [q, fl], redisBytes };
    console.log(JSON.stringify(report, null, 2));
    for (const p of report.phases) {
      log(
        `${p.name}: quiet ${p.quiet.messages} msgs p50 ${ms(p.quiet.p50)} p99 ${ms(p.quiet.p99)} (worst commune p99 ${ms(p.quiet.worstCommuneP99)}; webhook answered p50 ${ms(p.quiet.ingestP50)} p99 ${ms(p.quiet.ingestP99)})` +
          (p.flood
            ? `; flooding commune ${p.flood.messages} msgs (sent in ${p.flood.sender ? (p.flood.sender.sendingMs / 1000).toFixed(1) : "?"} s by a sender at nice ${settings.floodNice}, its CPU ${p.flood.sender?.senderCpuPct ?? "?"}%) p50 ${ms(p.flood.p50)} p99 ${ms(p.flood.p99)}, all answered ${p.flood.answeredAfterStartS.toFixed(1)} s after the phase began`
            : "") +
          `; refused ${p.refused}, unanswered ${p.unanswered}; slowest quiet (posted at s: ms) ${p.quiet.slowest.map((x) => `${x.atS}: ${x.ms}`).join(", ")}`,
      );
    }
    for (const p of report.phases) {
      const line = (name: string, st: ReturnType<typeof Object> | undefined) => {
        if (!st) return;
        const x = st as Record<string, { n: number; p50: number; p99: number }> & { slowest1pc: Record<string, number | null> };
        const f = (k: string) => `${k} ${ms(x[k]!.p50)}/${ms(x[k]!.p99)} (n ${x[k]!.n})`;
        log(
          `  ${p.name} ${name}: ${["total", "webhook", "inboundWait", "step", "outboundWait", "send"].map(f).join(", ")}; slowest 1%: ${JSON.stringify(x.slowest1pc)}`,
        );
      };
      line("quiet", p.steps.quiet);
      line("quiet on the flood's shard", p.steps.quietOnFloodShard);
      line("quiet elsewhere", p.steps.quietElsewhere);
      line("flood sample", (p.steps as { floodSample?: unknown }).floodSample);
      log(
        `  cpu % while sending: ${JSON.stringify(p.cpuWhileSending)}; max depths ${JSON.stringify(p.maxDepth)}; order ${JSON.stringify(p.order)}`,
      );
    }
    log(
      `Redis bytes: a quiet commune ${redisBytes.quietBytesPerCommuneP50} B (p50; max ${redisBytes.quietBytesPerCommuneMax}; ${redisBytes.quietMessagesEach} messages each, ${redisBytes.quietBytesPerMessage} B per message), the flooding commune ${JSON.stringify(redisBytes.floodCommune)}, shared ${JSON.stringify(redisBytes.shared)}; by family ${JSON.stringify(redisBytes.communeFamilies)}`,
    );
    log(`quiet p99 F / Q = ${(fl.quiet.p99 / q.quiet.p99).toFixed(2)}× (goal ≤ 2×)`);
  } finally {
    tracer.stop();
    redis.disconnect();
    await procs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
