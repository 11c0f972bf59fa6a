import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { hashTag } from "../../src/redis.js";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A prefix of its own for each test, so tests never share keys or queues. */
export function uniquePrefix(name = "t"): string {
  return `${name}-${randomBytes(4).toString("hex")}`;
}

/** Delete every key under a prefix (its hash tag). */
export async function dropPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${hashTag(prefix)}*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
