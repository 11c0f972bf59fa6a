import type { RedisConnection } from "../redis.js";
import { type DefaultJobOptions, Queue } from "bullmq";
import { logger } from "../logger.js";
import { DEFAULT_JOB_OPTIONS, type QueueName, queueOptions } from "./names.js";

/** Where queues live, and how fast failed jobs come back (tests shorten it). */
export interface QueueSettings {
  connection: RedisConnection;
  prefix: string;
  /** Backoff base of job retries, ms (default 1 s). */
  retryDelayMs?: number;
}

/**
 * Inbound jobs go once handled: the `seen` key (a few dozen bytes, kept for the dedupe window)
 * tells a redelivery from a new event, and an event out of its lane is not handled again
 * (inbound.ts). Every other queue keeps the defaults; the jobs an event dispatches are removed
 * when done by their own options (dispatch.ts).
 */
const RETENTION: Partial<Record<QueueName, DefaultJobOptions>> = {
  inbound: { removeOnComplete: true },
};

/** The job defaults of a queue: the same attempts, backoff and retention everywhere but inbound's retention. */
export function jobDefaults(name: QueueName, retryDelayMs?: number): DefaultJobOptions {
  return {
    ...DEFAULT_JOB_OPTIONS,
    ...(retryDelayMs ? { backoff: { type: "exponential", delay: retryDelayMs } } : {}),
    ...RETENTION[name],
  };
}

/**
 * A queue of the hotline. Every process, whatever its role, makes its queues here so that a job
 * gets the same retries and retention whoever adds it.
 */
export function createQueue<Data = unknown>(name: QueueName, settings: QueueSettings): Queue<Data> {
  const queue = new Queue<Data>(name, {
    ...queueOptions(settings.prefix, settings.connection),
    defaultJobOptions: jobDefaults(name, settings.retryDelayMs),
  });
  // Without a listener BullMQ prints the error and its stack to the console; the connection's own
  // errors are logged once by createRedis, this says which queue met one.
  queue.on("error", (err) => logger.warn("queue error", { queue: name, err: err.message }));
  return queue;
}
