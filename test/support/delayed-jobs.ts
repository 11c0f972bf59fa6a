import type { Queue } from "bullmq";

/**
 * Run a delayed job now, after reading when it was due: the end-to-end tests check an escalation's
 * time as a number instead of sleeping until it (test/cases/escalation-jobs.test.ts waits for real
 * delays, once). Resolves with the time the job was due.
 */
export async function runDelayedNow(queue: Queue, id: string, timeoutMs = 10_000): Promise<Date> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(id);
    if (job) {
      const due = new Date(job.timestamp + (job.delay ?? 0));
      // Already due and taken by a worker: nothing to hurry.
      if ((await job.getState()) === "delayed") await job.promote().catch(() => undefined);
      return due;
    }
    if (Date.now() > deadline) throw new Error(`no job ${queue.name}/${id} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
