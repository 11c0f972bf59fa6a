import type { RedisConnection } from "../redis.js";
import { type Job, UnrecoverableError, Worker, type WorkerOptions } from "bullmq";
import { logger, withLogContext } from "../logger.js";
import { jobsProcessed } from "../metrics.js";
import { type QueueName, queueOptions } from "./names.js";

/** How a worker runs its queue's jobs. */
export interface WorkerSettings {
  /** A `worker` connection (maxRetriesPerRequest: null). */
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  /**
   * How long a crashed worker's job waits before another worker runs it (BullMQ's lock duration
   * and stalled-check interval). Default: BullMQ's 30 s.
   */
  lockMs?: number;
  /** Times a job is put back after its worker stopped renewing the lock before it fails (default 5). */
  maxStalls?: number;
  /** Jobs per `duration` ms across every worker of the queue. */
  limiter?: WorkerOptions["limiter"];
}

/**
 * A worker of one of the hotline's queues. Every job runs with its id in the log context; jobs
 * finished and failed are counted, and a failure is logged once (an error when it is final).
 * A crashed worker stalls its job; it is run again, not failed, even after a few crashes.
 */
export function createWorker<Data, Result>(
  name: QueueName,
  run: (job: Job<Data, Result>, token?: string) => Promise<Result>,
  settings: WorkerSettings,
): Worker<Data, Result> {
  const worker = new Worker<Data, Result>(name, (job, token) => withLogContext({ job: `${name}/${job.id ?? ""}` }, () => run(job, token)), {
    ...queueOptions(settings.prefix, settings.connection),
    concurrency: settings.concurrency,
    maxStalledCount: settings.maxStalls ?? 5,
    ...(settings.lockMs ? { lockDuration: settings.lockMs, stalledInterval: settings.lockMs } : {}),
    ...(settings.limiter ? { limiter: settings.limiter } : {}),
  });
  // Without a listener BullMQ prints connection errors to the console; one line in the log is enough.
  worker.on("error", (err) => logger.warn("worker error", { queue: name, err: err.message }));
  worker.on("completed", () => jobsProcessed.inc({ queue: name, outcome: "completed" }));
  worker.on("failed", (job, err) => {
    jobsProcessed.inc({ queue: name, outcome: "failed" });
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    logger[final ? "error" : "warn"](final ? "job failed" : "job failed, will be retried", {
      queue: name,
      job: job?.id,
      attempts: job?.attemptsMade,
      err: err.message,
    });
  });
  return worker;
}
