import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelEvent } from "../core/channel-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { handleEvent, type EventHandlerDeps } from "../conversation/handle-event.js";
import { logger, withLogContext } from "../logger.js";
import { jobsProcessed } from "../metrics.js";
import { redisKey } from "../redis.js";
import { DEFAULT_JOB_OPTIONS, jobId, QUEUE, queueOptions } from "./names.js";

/**
 * How long an event is recognised as already received. The inbound job is kept as long, so that
 * the job id alone deduplicates within the whole window (Zalo retries for hours, not days).
 */
const DEDUPE_WINDOW_S = 3 * 24 * 3600;

export function createInboundQueue(redis: Redis, prefix: string): Queue {
  return new Queue(QUEUE.inbound, {
    ...queueOptions(prefix, redis),
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: DEDUPE_WINDOW_S } },
  });
}

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

/** The conversation engine's worker: one job per inbound event. */
export function createInboundWorker(
  redis: Redis,
  prefix: string,
  deps: EventHandlerDeps,
  opts: { concurrency?: number; lockDurationMs?: number } = {},
): Worker<ChannelEvent> {
  const worker = new Worker<ChannelEvent>(
    QUEUE.inbound,
    (job) => withLogContext({ job: `${QUEUE.inbound}/${job.id ?? ""}` }, () => handleEvent(job.data, deps)),
    {
      ...queueOptions(prefix, redis),
      concurrency: opts.concurrency ?? 8,
      // A crashed worker stalls its job; it is run again, not failed, even after a few crashes.
      maxStalledCount: 5,
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs, stalledInterval: opts.lockDurationMs } : {}),
    },
  );
  worker.on("error", (err) => logger.warn("worker error", { queue: QUEUE.inbound, err: err.message }));
  worker.on("completed", () => jobsProcessed.inc({ queue: QUEUE.inbound, outcome: "completed" }));
  worker.on("failed", () => jobsProcessed.inc({ queue: QUEUE.inbound, outcome: "failed" }));
  return worker;
}
