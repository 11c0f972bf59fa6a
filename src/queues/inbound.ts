import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelEvent } from "../core/channel-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { redisKey } from "../redis.js";
import { DEDUPE_WINDOW_S, jobId, QUEUE } from "./names.js";
import { createWorker } from "./worker.js";

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
  opts: { concurrency?: number; lockDurationMs?: number } = {},
): Worker<ChannelEvent> {
  return createWorker<ChannelEvent, unknown>(QUEUE.inbound, (job) => handle(job.data), {
    connection: redis,
    prefix,
    concurrency: opts.concurrency ?? 8,
    ...(opts.lockDurationMs ? { lockMs: opts.lockDurationMs } : {}),
  });
}
