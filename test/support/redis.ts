import { randomBytes } from "node:crypto";
import { Cluster, Redis } from "ioredis";
import { everyKeyPattern, type RedisConnection, type RedisTarget, scanKeys } from "../../src/redis.js";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A prefix of its own for each test, so tests never share keys or queues. */
export function uniquePrefix(name = "t"): string {
  return `${name}-${randomBytes(4).toString("hex")}`;
}

/** A connection for a test to look with (a single Redis, or a cluster's seed nodes); waits out outages. */
export function testConnection(target: RedisTarget = TEST_REDIS_URL): RedisConnection {
  return typeof target === "string"
    ? new Redis(target, { maxRetriesPerRequest: null })
    : new Cluster(
        target.map((n) => ({ ...n })),
        { redisOptions: { maxRetriesPerRequest: null } },
      );
}

/** Delete every key under a prefix (its hash tag). */
export async function dropPrefix(prefix: string, target: RedisTarget = TEST_REDIS_URL): Promise<void> {
  const redis = testConnection(target);
  try {
    // One key at a time: on a cluster, keys of different hash tags cannot go in one DEL.
    for await (const keys of scanKeys(redis, everyKeyPattern(prefix))) await Promise.all(keys.map((k) => redis.del(k)));
  } finally {
    redis.disconnect();
  }
}
