import { Redis, type RedisOptions } from "ioredis";
import { logger } from "./logger.js";

/**
 * Redis connections as BullMQ advises. `worker` connections wait out an outage
 * (maxRetriesPerRequest: null); `web` connections fail fast so a webhook answers 503 at once
 * instead of hanging while Zalo's 2-second clock runs.
 */
export type RedisPurpose = "web" | "worker";

export function createRedis(url: string, purpose: RedisPurpose, name: string = purpose): Redis {
  const options: RedisOptions =
    purpose === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: `hotline-${name}` }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2000,
          commandTimeout: 2000,
          connectionName: `hotline-${name}`,
          retryStrategy: (times) => Math.min(times * 200, 2000),
        };
  const redis = new Redis(url, options);
  let lastError = "";
  redis.on("error", (err: Error) => {
    // ioredis repeats the same error on every reconnect attempt; log each new one once.
    if (err.message !== lastError) logger.warn("redis connection error", { purpose: name, err: err.message });
    lastError = err.message;
  });
  redis.on("ready", () => {
    if (lastError) logger.info("redis connection restored", { purpose: name });
    lastError = "";
  });
  return redis;
}

/**
 * Every key of the hotline starts with `{prefix}`: the hash tag keeps them in one Redis Cluster
 * slot, which Lua scripts touching a session and its outbox together require.
 */
export function hashTag(prefix: string): string {
  return `{${prefix}}`;
}

export function redisKey(prefix: string, ...parts: string[]): string {
  return [hashTag(prefix), ...parts].join(":");
}

/** A connection URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Wait (bounded) for a fail-fast connection to be ready, so the first requests after start do
 * not see a Redis that is merely still connecting. Returns false when it is really not there.
 */
export async function waitUntilReady(redis: Redis, timeoutMs = 3000): Promise<boolean> {
  if (redis.status === "ready") return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on("ready", onReady);
  });
}
