import { everyKeyPattern, type RedisConnection, scanKeys } from "../redis.js";
import { ERASED } from "./erase.js";

/** What a sweep did, and what it had to leave for a later run. */
export interface SweepResult {
  keysDeleted: number;
  valuesBlanked: number;
  /** Keys of jobs not finished yet that carry the person (the sweep runs again once they are). */
  unfinishedJobs: string[];
}

/**
 * Look through every key under the hotline's prefix for the strings that identify a person (their
 * account id, phones, full names) and remove them: a key named after them is deleted (their
 * session and hand-off keys); a value holding them is deleted, or blanked
 * where other data shares its key (a finished job keeps its id, so a redelivery still finds it
 * done). A job not finished yet is left alone and counted: it runs with the person's id (a reply
 * being sent), and the caller sweeps again after it. `skipKeys`: the caller's own job, which
 * blanks its own data as it ends. Lanes (`:lane:`) empty themselves as their jobs finish.
 *
 * On a Redis Cluster every master is walked.
 */
export async function sweepRedis(
  redis: RedisConnection,
  prefix: string,
  needles: readonly string[],
  skipKeys: readonly string[] = [],
): Promise<SweepResult> {
  const wanted = needles.filter((n) => n.length >= 3);
  const holds = (s: string) => wanted.some((n) => s.includes(n));
  const blank = (s: string) => wanted.reduce((out, n) => out.split(n).join(ERASED), s);
  const result: SweepResult = { keysDeleted: 0, valuesBlanked: 0, unfinishedJobs: [] };
  if (!wanted.length) return result;
  for await (const keys of scanKeys(redis, everyKeyPattern(prefix))) {
    for (const key of keys) {
      if (skipKeys.includes(key)) continue;
      if (holds(key)) {
        if (key.includes(":lane:")) continue;
        result.keysDeleted += await redis.del(key);
        continue;
      }
      await sweepValue(redis, key, holds, blank, result);
    }
  }
  return result;
}

async function sweepValue(
  redis: RedisConnection,
  key: string,
  holds: (s: string) => boolean,
  blank: (s: string) => string,
  result: SweepResult,
): Promise<void> {
  switch (await redis.type(key)) {
    case "string": {
      const v = await redis.get(key);
      if (v !== null && holds(v)) result.keysDeleted += await redis.del(key);
      return;
    }
    case "hash": {
      const h = await redis.hgetall(key);
      const fields = Object.entries(h).filter(([f, v]) => holds(f) || holds(v));
      if (!fields.length) return;
      // A BullMQ job: blanked in place once finished (its hash is how its id stays taken).
      if ("data" in h && "timestamp" in h) {
        if (!("finishedOn" in h)) {
          result.unfinishedJobs.push(key);
          return;
        }
        for (const [f, v] of fields) await redis.hset(key, f, blank(v));
      } else {
        await redis.hdel(key, ...fields.map(([f]) => f));
      }
      result.valuesBlanked += fields.length;
      return;
    }
    case "list": {
      const items = await redis.lrange(key, 0, -1);
      for (const item of new Set(items.filter(holds))) result.valuesBlanked += await redis.lrem(key, 0, item);
      return;
    }
    case "set": {
      const members = (await redis.smembers(key)).filter(holds);
      if (members.length) result.valuesBlanked += await redis.srem(key, ...members);
      return;
    }
    case "zset": {
      const members = (await redis.zrange(key, "0", "-1")).filter(holds);
      if (members.length) result.valuesBlanked += await redis.zrem(key, ...members);
      return;
    }
    case "stream": {
      const entries = await redis.xrange(key, "-", "+");
      const ids = entries.filter(([, fields]) => fields.some(holds)).map(([id]) => id);
      if (ids.length) result.valuesBlanked += await redis.xdel(key, ...ids);
      return;
    }
  }
}
