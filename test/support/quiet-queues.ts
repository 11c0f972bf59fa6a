import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE, type QueueName, queueOptions } from "../../src/queues/names.js";
import { TEST_REDIS_URL } from "./redis.js";

/**
 * Resolve once no job of `queues` is waiting, running, delayed or parked in a lane, seen twice
 * 100 ms apart. A job a killed worker held counts as running until another worker takes it over
 * and finishes it, so once the queues are quiet nothing more can be handled or sent: the moment to
 * look for a duplicate, instead of sleeping "long enough".
 */
export async function waitForQuietQueues(opts: {
  prefix: string;
  redisUrl?: string;
  queues?: QueueName[];
  timeoutMs?: number;
}): Promise<void> {
  const redis = new Redis(opts.redisUrl ?? TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues = (opts.queues ?? [QUEUE.inbound, QUEUE.outbound]).map((name) => new Queue(name, queueOptions(opts.prefix, redis)));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  try {
    // A queue that never had a job has no event stream: a wrong prefix would look quiet at once.
    for (const q of queues) if (!(await redis.exists(q.toKey("events")))) throw new Error(`no ${q.name} queue under prefix ${opts.prefix}`);
    let quietBefore = false;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts("active", "wait", "delayed", "prioritized", "waiting-children")));
      const busy = counts.flatMap((c, i) =>
        Object.entries(c)
          .filter(([, n]) => n > 0)
          .map(([state, n]) => `${queues[i]!.name} ${state} ${n}`),
      );
      if (!busy.length && quietBefore) return;
      quietBefore = !busy.length;
      if (Date.now() > deadline) throw new Error(`queues not quiet within ${opts.timeoutMs ?? 30_000} ms: ${busy.join(", ")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
  }
}
