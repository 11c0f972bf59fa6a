import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelEvent } from "../core/channel-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { handleEvent, type EventHandlerDeps } from "../conversation/handle-event.js";
import { logger, withLogContext } from "../logger.js";
import { jobsProcessed } from "../metrics.js";
import { redisKey } from "../redis.js";
import { DEFAULT_JOB_OPTIONS, jobId, QUEUE, queueOptions } from "./names.js";

const SEEN_TTL_S = 3 * 24 * 3600;

export function createInboundQueue(redis: Redis, prefix: string): Queue {
  return new Queue(QUEUE.inbound, { ...queueOptions(prefix, redis), defaultJobOptions: DEFAULT_JOB_OPTIONS });
}

/**
 * Stores accepted events in the `inbound` queue. The job id (from the event id) makes concurrent
 * deliveries of one event a single job; the `seen` key, written after the job exists, keeps
 * recognising the event after its job is cleaned up. The key is never written before the job,
 * so a failure half-way can only cause a redelivery to be stored again, never to be dropped.
 */
export class QueueInboundSink implements InboundSink {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async accept(event: ChannelEvent): Promise<"queued" | "duplicate"> {
    const seen = redisKey(this.prefix, "seen", event.channel, event.eventId);
    if (await this.redis.exists(seen)) return "duplicate";
    await this.queue.add(event.kind, event, { jobId: jobId("in", event.channel, event.eventId) });
    const first = await this.redis.set(seen, "1", "EX", SEEN_TTL_S, "NX");
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
