import { type DefaultJobOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "../logger.js";
import { DEDUPE_WINDOW_S, DEFAULT_JOB_OPTIONS, type QueueName, queueOptions } from "./names.js";

/** Where queues live, and how fast failed jobs come back (tests shorten it). */
export interface QueueSettings {
  connection: Redis;
  prefix: string;
  /** Backoff base of job retries, ms (default 1 s). */
  retryDelayMs?: number;
}

/**
 * Finished inbound jobs are the dedupe store of webhook deliveries: their ids must outlive every
 * redelivery, so they are kept for the whole window. Every other queue keeps the defaults.
 */
const RETENTION: Partial<Record<QueueName, DefaultJobOptions>> = {
  inbound: { removeOnComplete: { age: DEDUPE_WINDOW_S } },
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
  const queue = new Queue<Data>(name, { ...queueOptions(settings.prefix, settings.connection), defaultJobOptions: jobDefaults(name, settings.retryDelayMs) });
  // Without a listener BullMQ prints the error and its stack to the console; the connection's own
  // errors are logged once by createRedis, this says which queue met one.
  queue.on("error", (err) => logger.warn("queue error", { queue: name, err: err.message }));
  return queue;
}
