import type { Redis } from "ioredis";
import { hashTag, redisKey } from "../src/redis.js";
import { jobId, QUEUE } from "../src/queues/names.js";
import { shardPrefix } from "../src/queues/shards.js";

/**
 * Where a message waits between the webhook and Zalo, read from the outside: the bench looks at the
 * BullMQ job hashes of the messages it follows every few ms, while they exist (inbound and reply
 * jobs are removed once done). Nothing is added to the hotline's hot path: the stamps are the ones
 * BullMQ writes anyway — `timestamp` (the job added), `processedOn` (a worker took it; rewritten
 * at every activation, so the last one seen is the run that did the work) — and the fake Zalo's
 * arrival time.
 *
 * Steps of one message, each in ms:
 * - `inboundWait`: inbound job added (by the webhook) → a worker took it for the run that handled it;
 * - `step`: that → the reply job added (the conversation step and the dispatch's MULTI);
 * - `outboundWait`: reply job added → an outbound worker took it;
 * - `send`: that → the reply reached the fake Zalo (the lane's turn and the HTTP send).
 * A job that lived less than one look is not seen: its steps stay unknown (counted as such).
 */
export interface Trace {
  msgId: string;
  inAdded?: number;
  inTaken?: number;
  /** Activations of the inbound job seen (more than one: parked over the cap or behind its lane). */
  inActivations: number;
  replyAdded?: number;
  replyTaken?: number;
  done: boolean;
  /** Looked at every `slowEveryMs` only (the flood's backlog: waits of seconds, thousands open). */
  slow: boolean;
  /**
   * A slow trace whose inbound job sleeps until its slot is not looked at again before then:
   * 200 flood messages looked at every 100 ms while they waited was 4,000 reads a second in F
   * alone, in bursts, on the Redis every process shares.
   */
  dueAt?: number;
}

export interface StepTimes {
  inboundWait: number | null;
  step: number | null;
  outboundWait: number | null;
  send: number | null;
}

export class QueueTracer {
  private readonly traces = new Map<string, Trace>();
  private readonly keysOf = new Map<string, [string, string]>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** Per look: the shard's queue depths, the largest seen (wait + delayed + active), by shard prefix. */
  readonly depth = new Map<string, { inbound: number; outbound: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly prefixOfCommune: (communeId: string) => string,
    private readonly everyMs = 4,
    private readonly slowEveryMs = 100,
  ) {}
  private lastSlow = 0;

  /** The shard map as the hotline stored it; `shards` 0: every commune under the bare prefix. */
  static async shardPrefixes(redis: Redis, prefix: string, shards: number): Promise<(communeId: string) => string> {
    if (shards === 0) return () => prefix;
    const map = await redis.hgetall(redisKey(prefix, "shard-map"));
    return (communeId) => {
      const s = map[communeId];
      if (s === undefined) throw new Error(`no shard for ${communeId}`);
      return shardPrefix(prefix, Number(s));
    };
  }

  follow(communeId: string, msgId: string, opts: { slow?: boolean } = {}): void {
    const tag = hashTag(this.prefixOfCommune(communeId));
    this.traces.set(msgId, { msgId, inActivations: 0, done: false, slow: opts.slow ?? false });
    this.keysOf.set(msgId, [
      `${tag}:${QUEUE.inbound}:${jobId("in", "zalo", msgId)}`,
      `${tag}:${QUEUE.outbound}:${jobId("reply", "zalo", msgId)}`,
    ]);
  }

  /** The reply reached Zalo: stop looking at this message's jobs. */
  arrived(msgId: string): void {
    const t = this.traces.get(msgId);
    if (t) t.done = true;
  }

  start(): void {
    this.timer = setInterval(() => void this.look(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  trace(msgId: string): Trace | undefined {
    return this.traces.get(msgId);
  }

  steps(msgId: string, arrivedAt: number | null): StepTimes {
    const t = this.traces.get(msgId);
    const d = (a?: number, b?: number | null) => (a !== undefined && b !== undefined && b !== null ? b - a : null);
    return {
      inboundWait: d(t?.inAdded, t?.inTaken),
      step: d(t?.inTaken, t?.replyAdded),
      outboundWait: d(t?.replyAdded, t?.replyTaken),
      send: d(t?.replyTaken, arrivedAt),
    };
  }

  /** Queue depths of every shard named, sampled now (wait + prioritized + delayed + active). */
  async sampleDepths(prefixes: string[]): Promise<void> {
    const p = this.redis.pipeline();
    for (const prefix of prefixes)
      for (const q of [QUEUE.inbound, QUEUE.outbound]) {
        const k = (s: string) => `${hashTag(prefix)}:${q}:${s}`;
        p.llen(k("wait")).zcard(k("prioritized")).zcard(k("delayed")).llen(k("active"));
      }
    const r = ((await p.exec()) ?? []).map(([, v]) => Number(v ?? 0));
    prefixes.forEach((prefix, i) => {
      const at = i * 8;
      const inbound = r[at]! + r[at + 1]! + r[at + 2]! + r[at + 3]!;
      const outbound = r[at + 4]! + r[at + 5]! + r[at + 6]! + r[at + 7]!;
      const was = this.depth.get(prefix) ?? { inbound: 0, outbound: 0 };
      this.depth.set(prefix, { inbound: Math.max(was.inbound, inbound), outbound: Math.max(was.outbound, outbound) });
    });
  }

  private async look(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      // The tracer's own cost: every open trace is one pipelined HMGET pair per look.
      const slowToo = Date.now() - this.lastSlow >= this.slowEveryMs;
      if (slowToo) this.lastSlow = Date.now();
      const now = Date.now();
      const open = [...this.traces.values()].filter((t) => !t.done && (slowToo || !t.slow) && !(t.dueAt && t.dueAt > now));
      if (!open.length) return;
      const p = this.redis.pipeline();
      for (const t of open) {
        const [inKey, replyKey] = this.keysOf.get(t.msgId)!;
        p.hmget(inKey, "timestamp", "processedOn", "delay");
        p.hmget(replyKey, "timestamp", "processedOn");
      }
      const rows = (await p.exec()) ?? [];
      open.forEach((t, i) => {
        const [inAdded, inTaken, delay] = (rows[2 * i]?.[1] ?? []) as (string | null)[];
        // Looked at again a little before its slot (a worker takes it then).
        if (t.slow && inAdded && delay && Number(delay) > 0 && !inTaken) t.dueAt = Number(inAdded) + Number(delay) - 150;
        const [replyAdded, replyTaken] = (rows[2 * i + 1]?.[1] ?? []) as (string | null)[];
        if (inAdded) t.inAdded = Number(inAdded);
        if (inTaken && Number(inTaken) !== t.inTaken) {
          t.inTaken = Number(inTaken);
          t.inActivations++;
        }
        if (replyAdded) t.replyAdded = Number(replyAdded);
        if (replyTaken) t.replyTaken = Number(replyTaken);
      });
    } finally {
      this.busy = false;
    }
  }
}
