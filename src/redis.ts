import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import type { Config } from "./config.js";
import { logger } from "./logger.js";

/**
 * A connection to the hotline's Redis: one server, or a Redis Cluster. Everything the hotline
 * runs on it keeps each script and transaction within one hash tag, so either serves.
 */
export type RedisConnection = Redis | Cluster;

/** Where Redis is: a URL, or a cluster's seed nodes. */
export type RedisTarget = string | readonly { host: string; port: number }[];

/** The configured Redis: the cluster's seed nodes when REDIS_CLUSTER_NODES is set, else REDIS_URL. */
export function redisTarget(config: Pick<Config, "REDIS_URL" | "REDIS_CLUSTER_NODES">): RedisTarget {
  return config.REDIS_CLUSTER_NODES ?? config.REDIS_URL;
}

/**
 * Redis connections as BullMQ advises. `worker` connections wait out an outage
 * (maxRetriesPerRequest: null); `web` connections fail fast so a webhook answers 503 at once
 * instead of hanging while Zalo's 2-second clock runs. On a cluster each node's connection gets
 * the same options, and the cluster client queues nothing for a web request either.
 */
export type RedisPurpose = "web" | "worker";

export function createRedis(url: string, purpose: RedisPurpose, name?: string): Redis;
export function createRedis(target: RedisTarget, purpose: RedisPurpose, name?: string): RedisConnection;
export function createRedis(target: RedisTarget, purpose: RedisPurpose, name: string = purpose): RedisConnection {
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
  const redis =
    typeof target === "string"
      ? new Redis(target, options)
      : new Cluster(
          target.map((n) => ({ ...n })),
          clusterOptions(purpose, options),
        );
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

function clusterOptions(purpose: RedisPurpose, redisOptions: RedisOptions): ClusterOptions {
  // A failover (a replica taking over a dead master) takes about the node timeout plus a second:
  // worker commands wait it out (retried on the new master after the slots are refreshed); a web
  // request fails fast instead and Zalo delivers the event again.
  const { retryStrategy: _perNode, ...nodeOptions } = redisOptions;
  return {
    redisOptions: nodeOptions,
    enableReadyCheck: true,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    ...(purpose === "web" ? { enableOfflineQueue: false, maxRedirections: 6 } : { maxRedirections: 64 }),
  };
}

/** Whether a connection is a cluster client. */
export function isCluster(redis: RedisConnection): redis is Cluster {
  return redis instanceof Cluster;
}

/**
 * Every key matching `pattern`, one batch at a time. SCAN walks one server: on a cluster each
 * master is walked in turn.
 */
export async function* scanKeys(redis: RedisConnection, pattern: string, count = 500): AsyncGenerator<string[]> {
  const servers: Redis[] = isCluster(redis) ? redis.nodes("master") : [redis];
  for (const server of servers) {
    let cursor = "0";
    do {
      const [next, keys] = await server.scan(cursor, "MATCH", pattern, "COUNT", count);
      cursor = next;
      if (keys.length) yield keys;
    } while (cursor !== "0");
  }
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

/**
 * A SCAN pattern for every key of the hotline: under `{prefix}` and under each shard's
 * `{prefix:sNN}` (a prefix holds no ':', so no other prefix matches).
 */
export function everyKeyPattern(prefix: string, ...parts: string[]): string {
  return [`{${prefix}[}:]*`, ...parts].join(":");
}

/** A connection URL without its password (or a cluster's seed nodes), for logs. */
export function redactUrl(url: RedisTarget): string {
  if (typeof url !== "string") return url.map((n) => `${n.host}:${n.port}`).join(",");
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
export async function waitUntilReady(redis: RedisConnection, timeoutMs = 3000): Promise<boolean> {
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
