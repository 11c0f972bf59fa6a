/**
 * What ordering costs where the webhook stores an event: the hotline's sink (the job add and the
 * script that dedupes and places the event in its user's lane, written together) against the store it
 * replaced (the job add and a SET NX sent together, no order), in this process, on the same
 * Redis, with the same events, taking turns.
 */
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { InboundSink } from "../src/core/inbound-sink.js";
import { createQueue } from "../src/queues/factory.js";
import { QueueInboundSink } from "../src/queues/inbound.js";
import { DEDUPE_WINDOW_S, jobId, QUEUE } from "../src/queues/names.js";
import { redisKey } from "../src/redis.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../test/support/redis.js";

/** The store before lanes (issue 14), kept here as the baseline. */
class UnorderedSink implements InboundSink {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async accept(event: PlatformEvent): Promise<"queued" | "duplicate"> {
    const seen = redisKey(this.prefix, "seen", event.channel, event.eventId);
    const [, first] = await Promise.all([
      this.queue.add(event.kind, event, { jobId: jobId("in", event.channel, event.eventId) }),
      this.redis.set(seen, "1", "EX", DEDUPE_WINDOW_S, "NX"),
    ]);
    return first === "OK" ? "queued" : "duplicate";
  }
}

export interface SinkFigures {
  name: string;
  perS: number;
  p50: number;
  p99: number;
}

/** `events` accepts with `concurrency` in flight; the median of `rounds` rounds, alternating. */
export async function benchSinks(opts: {
  events: number;
  concurrency: number;
  rounds: number;
}): Promise<{ unordered: SinkFigures; ordered: SinkFigures }> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const prefixes: string[] = [];
  const open = (name: string, make: (q: Queue, prefix: string) => InboundSink) => {
    const prefix = uniquePrefix(`bench-sink-${name}`);
    prefixes.push(prefix);
    const queue = createQueue(QUEUE.inbound, { connection: redis, prefix });
    return { queue, sink: make(queue, prefix) };
  };
  const unordered = open("unordered", (q, p) => new UnorderedSink(q, redis, p));
  const ordered = open("ordered", (q, p) => new QueueInboundSink(q, p));
  const results: Record<"unordered" | "ordered", SinkFigures[]> = { unordered: [], ordered: [] };
  try {
    for (let r = 0; r < opts.rounds + 1; r++) {
      for (const [name, s] of [
        ["unordered", unordered],
        ["ordered", ordered],
      ] as const) {
        const f = await drive(name, s.sink, r, opts);
        // Round 0 warms up (connections, scripts loaded, JIT).
        if (r > 0) results[name].push(f);
      }
    }
  } finally {
    await unordered.queue.close();
    await ordered.queue.close();
    redis.disconnect();
    for (const p of prefixes) await dropPrefix(p);
  }
  const median = (xs: SinkFigures[]) => [...xs].sort((a, b) => a.perS - b.perS)[Math.floor((xs.length - 1) / 2)]!;
  return { unordered: median(results.unordered), ordered: median(results.ordered) };
}

async function drive(name: string, sink: InboundSink, round: number, opts: { events: number; concurrency: number }): Promise<SinkFigures> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.events) return;
      // 1,000 citizens, as the webhook bench: most accepts join a lane that already has events.
      const event: PlatformEvent = {
        kind: "text",
        text: "menu",
        eventId: `r${round}e${i}`,
        channel: "zalo",
        communeId: "kieu-phu",
        userId: `84${1_000_000_000 + (i % 1000)}`,
        at: Date.now(),
      };
      const t = process.hrtime.bigint();
      await sink.accept(event);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { name, perS: opts.events / seconds, p50: at(0.5), p99: at(0.99) };
}

export function renderSinks(
  r: { unordered: SinkFigures; ordered: SinkFigures },
  opts: { events: number; concurrency: number; rounds: number },
): string[] {
  const { unordered: u, ordered: o } = r;
  return [
    `## Storing an event: the cost of ordering`,
    ``,
    `The webhook's store step alone, in the bench process against the local Redis: ${opts.events.toLocaleString("en-US")} accepts ` +
      `(1,000 citizens), ${opts.concurrency} in flight, median of ${opts.rounds} alternating rounds. Ordered = the hotline's sink ` +
      `(job add + dedupe-and-lane script, one round trip); baseline = the store it replaced (job add + SET NX, no order).`,
    ``,
    `| figure | baseline (unordered) | ordered | ordered / baseline |`,
    `|---|---:|---:|---:|`,
    `| accepts/s | ${Math.round(u.perS).toLocaleString("en-US")} | ${Math.round(o.perS).toLocaleString("en-US")} | ${(o.perS / u.perS).toFixed(2)} |`,
    `| p50 ms | ${u.p50.toFixed(2)} | ${o.p50.toFixed(2)} | ${(o.p50 / u.p50).toFixed(2)} |`,
    `| p99 ms | ${u.p99.toFixed(2)} | ${o.p99.toFixed(2)} | ${(o.p99 / u.p99).toFixed(2)} |`,
    ``,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = { events: 20_000, concurrency: 50, rounds: 3 };
  console.log(renderSinks(await benchSinks(opts), opts).join("\n"));
}
