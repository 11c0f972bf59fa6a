import { redisKey, type RedisConnection } from "../redis.js";

/**
 * What the province's IT team is shown of each commune's OA, kept in Redis as it happens: one
 * small hash per commune (`{tag}:fleet:<communeId>`, under the commune's shard tag like its
 * sessions and queues) and the list of its recent quiet spells (`…:gaps`). Each fact is one
 * script call: one round trip, a few bytes, no database write. Events of an OA no commune
 * declares are counted under the bare prefix (`{prefix}:fleet:unknown`).
 */

/** Quiet spells shorter than this are the ordinary pauses of a conversation, not kept. */
export const QUIET_SPELL_MIN_MS = 5 * 60_000;
/** How many of the latest quiet spells are kept per OA. */
export const QUIET_SPELLS_KEPT = 50;

// KEYS: the hash, the spells list. ARGV: the first event's time (ms), the shortest spell kept, how
// many are kept, the last event's time, how many events (a webhook sums a flood's events: tally.ts).
// Events may be recorded a little out of order by several web processes: an older one is counted
// and changes nothing else.
const EVENT = `
redis.call('HINCRBY', KEYS[1], 'events', tonumber(ARGV[5]))
local first, latest = tonumber(ARGV[1]), tonumber(ARGV[4])
local last = tonumber(redis.call('HGET', KEYS[1], 'lastEventAt'))
if last == nil or latest > last then
  redis.call('HSET', KEYS[1], 'lastEventAt', ARGV[4])
  if last ~= nil and first - last >= tonumber(ARGV[2]) then
    redis.call('LPUSH', KEYS[2], first - last)
    redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
  end
end
return 1
`;

// KEYS: the hash. ARGV: a counter field, by how much, then field/value pairs to set.
const COUNT = `
redis.call('HINCRBY', KEYS[1], ARGV[1], tonumber(ARGV[2]))
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
`;

type ScriptedRedis = RedisConnection & {
  hotlineFleetEvent(hash: string, gaps: string, first: string, minGap: string, kept: string, last: string, count: string): Promise<number>;
  hotlineFleetCount(hash: string, ...args: string[]): Promise<number>;
};

/** One commune's OA as recorded. Times are epoch ms; null when it never happened. */
export interface RecordedOaFacts {
  events: number;
  lastEventAt: number | null;
  /** The latest quiet spells (≥ QUIET_SPELL_MIN_MS), newest first, ms. */
  quietSpells: number[];
  sent: number;
  lastSentAt: number | null;
  /** Failed sends by failure label (a code of Zalo's error table, or "other"). */
  failures: Record<string, number>;
  lastFailureAt: number | null;
  lastFailureCode: string | null;
  refreshFailures: number;
  lastRefreshFailureAt: number | null;
  /** Zalo's code of the last refused refresh, or null (a network failure has none). */
  lastRefreshFailureCode: string | null;
  quota: { remain: number; total: number; at: number } | null;
  /** The last quota check that failed (and when), newer than `quota`. */
  quotaError: { code: string; at: number } | null;
}

const FAIL = "fail:";

/** Where a commune's facts live: the key prefix of its shard (the bare prefix without shards). */
export type PrefixOf = (communeId: string) => string | Promise<string>;

export class OaFacts {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly prefixOf: PrefixOf,
  ) {
    const r = redis as ScriptedRedis;
    if (!("hotlineFleetEvent" in r)) redis.defineCommand("hotlineFleetEvent", { numberOfKeys: 2, lua: EVENT });
    if (!("hotlineFleetCount" in r)) redis.defineCommand("hotlineFleetCount", { numberOfKeys: 1, lua: COUNT });
  }

  private get scripted(): ScriptedRedis {
    return this.redis as ScriptedRedis;
  }

  private async hashOf(communeId: string): Promise<string> {
    return redisKey(await this.prefixOf(communeId), "fleet", communeId);
  }

  /** An event of the commune's OA reached the webhook. */
  async event(communeId: string, at = Date.now()): Promise<void> {
    await this.events(communeId, 1, at, at);
  }

  /** `count` events of the commune's OA reached the webhook, the first at `first`, the last at `last`. */
  async events(communeId: string, count: number, first: number, last: number): Promise<void> {
    const hash = await this.hashOf(communeId);
    await this.scripted.hotlineFleetEvent(
      hash,
      `${hash}:gaps`,
      String(first),
      String(QUIET_SPELL_MIN_MS),
      String(QUIET_SPELLS_KEPT),
      String(last),
      String(count),
    );
  }

  /** An event of an OA no commune of the deployment declares. */
  async unknownEvent(): Promise<void> {
    await this.redis.hincrby(redisKey(this.prefix, "fleet", "unknown"), "events", 1);
  }

  /** `messages` messages of the commune's OA were accepted by the platform. */
  async sent(communeId: string, messages: number, at = Date.now()): Promise<void> {
    await this.scripted.hotlineFleetCount(await this.hashOf(communeId), "sent", String(messages), "lastSentAt", String(at));
  }

  /** A send of the commune's OA failed with `label` (a code of the error table, or "other"). */
  async sendFailed(communeId: string, label: string, at = Date.now()): Promise<void> {
    await this.scripted.hotlineFleetCount(
      await this.hashOf(communeId),
      `${FAIL}${label}`,
      "1",
      "lastFailureAt",
      String(at),
      "lastFailureCode",
      label,
    );
  }

  /** A refresh of the OA's token failed (`code`: Zalo's, or "" when it gave none). */
  async refreshFailed(communeId: string, code: string, at = Date.now()): Promise<void> {
    await this.scripted.hotlineFleetCount(
      await this.hashOf(communeId),
      "refreshFailures",
      "1",
      "lastRefreshFailureAt",
      String(at),
      "lastRefreshFailureCode",
      code,
    );
  }

  /** What Zalo said of the OA's quota: the figures, or the code of its refusal. */
  async quota(communeId: string, result: { remain: number; total: number } | { error: string }, at = Date.now()): Promise<void> {
    const hash = await this.hashOf(communeId);
    if ("error" in result) await this.redis.hset(hash, { quotaError: result.error, quotaErrorAt: String(at) });
    else
      await this.redis.hset(hash, {
        quotaRemain: String(result.remain),
        quotaTotal: String(result.total),
        quotaAt: String(at),
        quotaError: "",
      });
  }

  /** Everything recorded of one commune's OA. */
  async read(communeId: string): Promise<RecordedOaFacts> {
    const hash = await this.hashOf(communeId);
    const [h, spells] = await Promise.all([this.redis.hgetall(hash), this.redis.lrange(`${hash}:gaps`, 0, -1)]);
    const n = (k: string) => (h[k] ? Number(h[k]) : 0);
    const time = (k: string) => (h[k] ? Number(h[k]) : null);
    const failures: Record<string, number> = {};
    for (const [k, v] of Object.entries(h)) if (k.startsWith(FAIL)) failures[k.slice(FAIL.length)] = Number(v);
    const quotaAt = time("quotaAt");
    const quotaErrorAt = time("quotaErrorAt");
    return {
      events: n("events"),
      lastEventAt: time("lastEventAt"),
      quietSpells: spells.map(Number),
      sent: n("sent"),
      lastSentAt: time("lastSentAt"),
      failures,
      lastFailureAt: time("lastFailureAt"),
      lastFailureCode: h.lastFailureCode || null,
      refreshFailures: n("refreshFailures"),
      lastRefreshFailureAt: time("lastRefreshFailureAt"),
      lastRefreshFailureCode: h.lastRefreshFailureCode || null,
      quota: quotaAt === null ? null : { remain: n("quotaRemain"), total: n("quotaTotal"), at: quotaAt },
      quotaError:
        h.quotaError && quotaErrorAt !== null && (quotaAt === null || quotaErrorAt >= quotaAt)
          ? { code: h.quotaError, at: quotaErrorAt }
          : null,
    };
  }

  /** Events of OAs no commune declares. */
  async unknownEvents(): Promise<number> {
    return Number((await this.redis.hget(redisKey(this.prefix, "fleet", "unknown"), "events")) ?? 0);
  }
}
