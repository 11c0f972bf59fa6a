import { logger } from "../logger.js";
import { redisKey, type RedisConnection } from "../redis.js";

/**
 * Shards: a fixed number of queue sets, each under its own hash tag that keeps the prefix
 * (`{hotline:s07}`), so a Redis Cluster spreads the communes over its masters while every
 * script and transaction of one conversation (its session, lanes, seen keys, outbox, rate
 * counters and the queues' job keys) stays in one slot. A commune belongs to one shard, by a
 * stored map: assigned once, the least-loaded shard first, and read from then on, so adding a
 * commune or restarting never moves another one.
 */

/** The key prefix of shard `index`: `<prefix>:s07`, whose hash tag is `{<prefix>:s07}`. */
export function shardPrefix(prefix: string, index: number): string {
  return `${prefix}:s${String(index).padStart(2, "0")}`;
}

// KEYS: the map (a hash commune id → shard index). ARGV: number of shards, then the commune ids.
// One step, so two processes starting together assign a new commune the same shard.
const ASSIGN = `
local map = redis.call('HGETALL', KEYS[1])
local count = tonumber(ARGV[1])
local load = {}
for i = 0, count - 1 do load[i] = 0 end
for i = 2, #map, 2 do
  local s = tonumber(map[i])
  load[s] = (load[s] or 0) + 1
end
for a = 2, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[a]) == 0 then
    local best = 0
    for i = 1, count - 1 do if load[i] < load[best] then best = i end end
    redis.call('HSET', KEYS[1], ARGV[a], best)
    load[best] = load[best] + 1
  end
end
return redis.call('HGETALL', KEYS[1])
`;

type AssigningRedis = RedisConnection & { hotlineAssignShards(key: string, ...args: string[]): Promise<string[]> };

/** The commune → shard map, read once per process (a commune's shard never changes). */
export class ShardMap {
  private constructor(
    readonly prefix: string,
    private readonly byCommune: ReadonlyMap<string, number>,
    /** Every shard a worker must consume: the configured ones and any the map still names. */
    readonly indexes: readonly number[],
  ) {}

  /** Read the map, giving each commune not in it yet a shard. */
  static async load(redis: RedisConnection, prefix: string, count: number, communeIds: readonly string[]): Promise<ShardMap> {
    if (!("hotlineAssignShards" in redis)) redis.defineCommand("hotlineAssignShards", { numberOfKeys: 1, lua: ASSIGN });
    const flat = await (redis as AssigningRedis).hotlineAssignShards(mapKey(prefix), String(count), ...communeIds);
    const byCommune = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) byCommune.set(flat[i]!, Number(flat[i + 1]));
    const indexes = new Set(Array.from({ length: count }, (_, i) => i));
    for (const s of byCommune.values()) indexes.add(s);
    if (indexes.size > count) logger.warn("the shard map names shards past REDIS_SHARDS; they are still consumed", { count });
    return new ShardMap(
      prefix,
      byCommune,
      [...indexes].sort((a, b) => a - b),
    );
  }

  /** The key prefix of a commune's shard. */
  prefixOf(communeId: string): string {
    const s = this.byCommune.get(communeId);
    if (s === undefined) throw new Error(`commune ${communeId} has no shard (it was not configured at start)`);
    return shardPrefix(this.prefix, s);
  }

  /** Every shard's key prefix, in order. */
  prefixes(): string[] {
    return this.indexes.map((i) => shardPrefix(this.prefix, i));
  }
}

function mapKey(prefix: string): string {
  return redisKey(prefix, "shard-map");
}
