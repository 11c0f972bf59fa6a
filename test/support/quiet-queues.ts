import { Queue } from "bullmq";
import { QUEUE, type QueueName, queueOptions } from "../../src/queues/names.js";
import type { RedisTarget } from "../../src/redis.js";
import { testConnection } from "./redis.js";

const SOON_MS = 10_000;

/**
 * Resolve once no job of `queues` is waiting, running, or delayed for the next few seconds (a
 * retry, a job parked in its lane), seen twice 100 ms apart. A job a killed worker held counts as
 * running until another worker takes it over and finishes it, so once the queues are quiet
 * nothing more can be handled or sent: the moment to look for a duplicate, instead of sleeping
 * "long enough".
 */
export async function waitForQuietQueues(opts: {
  /** A prefix, or several (a sharded layout: the bare prefix and each shard's). */
  prefix: string | string[];
  /** A URL, or a cluster's seed nodes. */
  redisUrl?: RedisTarget;
  queues?: QueueName[];
  timeoutMs?: number;
}): Promise<void> {
  const redis = testConnection(opts.redisUrl);
  const prefixes = typeof opts.prefix === "string" ? [opts.prefix] : opts.prefix;
  const names = opts.queues ?? [QUEUE.inbound, QUEUE.outbound];
  const queues = prefixes.flatMap((p) => names.map((name) => new Queue(name, queueOptions(p, redis))));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  try {
    // Queues that never had a job have no event stream: under a wrong prefix all would look quiet.
    const used = await Promise.all(queues.map((q) => redis.exists(q.toKey("events"))));
    if (!used.some(Boolean)) throw new Error(`no queue with jobs under prefix ${prefixes.join(", ")}`);
    let quietBefore = false;
    for (;;) {
      const busy: string[] = [];
      for (const q of queues) {
        const counts = await q.getJobCounts("active", "wait", "prioritized", "waiting-children");
        for (const [state, n] of Object.entries(counts)) if (n > 0) busy.push(`${q.opts.prefix ?? ""}:${q.name} ${state} ${n}`);
        // A delayed job due soon is work to come (a retry after its backoff, a job parked in its
        // lane); a job scheduler's next run, or a case's escalation hours away, is not.
        const soon = (await q.getDelayed()).filter((j) => !j.repeatJobKey && j.timestamp + (j.delay ?? 0) < Date.now() + SOON_MS);
        if (soon.length) busy.push(`${q.name} delayed ${soon.length}`);
      }
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
