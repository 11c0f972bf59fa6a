import type { RedisConnection } from "../redis.js";
import { logger } from "../logger.js";

/** What the hotline opened, closed at shutdown in reverse order of opening. */
export class Closers {
  private readonly opened: { name: string; close: () => Promise<unknown> }[] = [];

  /**
   * `deadlineMs`: the longest one close may take. Past it the close is given up (and named in the
   * log) and the next one runs: a connection that never answers its quit (a Redis restarted under
   * a blocking BullMQ connection, a query left running) must not keep the process from exiting.
   */
  constructor(private readonly deadlineMs = 30_000) {}

  add(name: string, close: () => Promise<unknown>): void {
    this.opened.push({ name, close });
  }

  /** A Redis connection, quit at shutdown (dropped if quitting fails). */
  redis(redis: RedisConnection, name: string): RedisConnection {
    this.add(name, () => redis.quit().catch(() => redis.disconnect()));
    return redis;
  }

  /** Close everything; a failure is logged and the rest still closed. */
  async closeAll(): Promise<void> {
    for (const c of this.opened.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), this.deadlineMs)));
      const closed = c.close().catch((err: unknown) => logger.warn("close failed", { what: c.name, err }));
      if ((await Promise.race([closed, late])) === "late")
        logger.error("close did not finish in time; going on", { what: c.name, ms: this.deadlineMs });
      clearTimeout(timer);
    }
  }
}

/** Let active work finish, but not forever: past `ms`, `force` drops it (jobs are then retried). */
export async function withDeadline(p: Promise<unknown>, ms: number, force: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  const outcome = await Promise.race([p, timedOut]);
  clearTimeout(timer);
  if (outcome === "late") {
    logger.warn("jobs still running at the end of the grace period; they will be retried");
    await force();
  }
}
