import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelEvent } from "../core/channel-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { redisKey } from "../redis.js";
import { DEDUPE_WINDOW_S, jobId, QUEUE } from "./names.js";
import { createWorker } from "./worker.js";

/**
 * Longest one event may take. Handling is a few Redis round trips and look-ups; an attempt that
 * hangs (a look-up that never answers) fails and is retried, and after the job's attempts the
 * event ends in the failed set instead of holding a worker slot forever.
 */
const HANDLE_DEADLINE_MS = 30_000;

/**
 * How often a job is put back after its worker stopped renewing the lock (killed, or frozen).
 * One crash mid-event is recovered; an event that stalls its worker again and again is more
 * likely the cause than the victim, so it goes to the failed set rather than stopping every
 * worker that picks it up.
 */
const MAX_STALLS = 2;

/**
 * Stores accepted events in the `inbound` queue. The job id (from the event id) makes every
 * delivery of one event — concurrent or days apart — a single job: BullMQ adds a job id once, in
 * one Lua step. The `seen` key (SET NX, same window) tells the first delivery from the repeats.
 * Both are sent at once (one round trip): the answer waits for the job to be stored, so a 200 is
 * never given for an event Redis did not take.
 */
export class QueueInboundSink implements InboundSink {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async accept(event: ChannelEvent): Promise<"queued" | "duplicate"> {
    const seen = redisKey(this.prefix, "seen", event.channel, event.eventId);
    const [, first] = await Promise.all([
      this.queue.add(event.kind, event, { jobId: jobId("in", event.channel, event.eventId) }),
      this.redis.set(seen, "1", "EX", DEDUPE_WINDOW_S, "NX"),
    ]);
    return first === "OK" ? "queued" : "duplicate";
  }
}

/** The worker of the `inbound` queue: `handle` (the conversation engine) runs once per event job. */
export function createInboundWorker(
  redis: Redis,
  prefix: string,
  handle: (event: ChannelEvent) => Promise<unknown>,
  opts: { concurrency?: number; lockDurationMs?: number; deadlineMs?: number } = {},
): Worker<ChannelEvent> {
  const deadlineMs = opts.deadlineMs ?? HANDLE_DEADLINE_MS;
  return createWorker<ChannelEvent, unknown>(QUEUE.inbound, (job) => withinDeadline(handle(job.data), deadlineMs), {
    connection: redis,
    prefix,
    concurrency: opts.concurrency ?? 8,
    maxStalls: MAX_STALLS,
    ...(opts.lockDurationMs ? { lockMs: opts.lockDurationMs } : {}),
  });
}

/** `work`, or a rejection once `ms` have passed (the work itself is left to settle unobserved). */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`event not handled within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
