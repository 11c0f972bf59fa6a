import type { PlatformEvent } from "../core/platform-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { redisKey, type RedisConnection } from "../redis.js";
import { userTag } from "./names.js";

// INCR and its expiry in one step. A script, not MULTI: an ioredis transaction copies every
// script BullMQ defined on the connection (~47 µs of CPU per webhook, measured by the ingest bench).
const COUNT = `local n = redis.call("INCR", KEYS[1]) if n == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end return n`;

type CountingRedis = RedisConnection & {
  hotlineCountMinute(key: string, ttlMs: string): Promise<number>;
};

// A defined command runs by EVALSHA: EVAL would send the script's text and make Redis hash it on
// every event (measured: the largest single cost the limiter added to the webhook).
function counted(redis: RedisConnection): CountingRedis {
  if (!("hotlineCountMinute" in redis)) redis.defineCommand("hotlineCountMinute", { numberOfKeys: 1, lua: COUNT });
  return redis as CountingRedis;
}

/** What the limited sink answers for an event over the sender's limit: acknowledged, not handled. */
export type Limited = "limited";

/**
 * One sender cannot take the hotline's time from the others: past `perMinute` events in a clock
 * minute, a user's events are acknowledged to the platform (so it does not redeliver them) but not
 * stored, handled or answered. One Redis round trip per event.
 */
export function limitPerUser(
  inner: InboundSink,
  redis: RedisConnection,
  prefix: string,
  opts: { perMinute: number; onFirstLimited?: (event: PlatformEvent) => void; now?: () => number },
): InboundSink<Limited> {
  const now = opts.now ?? Date.now;
  return {
    async accept(event: PlatformEvent) {
      const minute = Math.floor(now() / 60_000);
      const key = redisKey(prefix, "rate", event.channel, userTag(event.userId), String(minute));
      const count = Number(await counted(redis).hotlineCountMinute(key, "120000"));
      if (count > opts.perMinute) {
        // Said once a minute per user: a flood must not flood the logs too.
        if (count === opts.perMinute + 1) opts.onFirstLimited?.(event);
        return "limited";
      }
      return inner.accept(event);
    },
  };
}
