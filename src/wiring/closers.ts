import type { Redis } from "ioredis";
import { logger } from "../logger.js";

/** What the hotline opened, closed at shutdown in reverse order of opening. */
export class Closers {
  private readonly opened: { name: string; close: () => Promise<unknown> }[] = [];

  add(name: string, close: () => Promise<unknown>): void {
    this.opened.push({ name, close });
  }

  /** A Redis connection, quit at shutdown (dropped if quitting fails). */
  redis(redis: Redis, name: string): Redis {
    this.add(name, () => redis.quit().catch(() => redis.disconnect()));
    return redis;
  }

  /** Close everything; a failure is logged and the rest still closed. */
  async closeAll(): Promise<void> {
    for (const c of this.opened.splice(0).reverse()) {
      await c.close().catch((err: unknown) => logger.warn("close failed", { what: c.name, err }));
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
