/**
 * Paces: a rate kept in Redis for every worker at once (a commune's events handled per second, an
 * OA's messages sent per minute), as a schedule rather than a counter. Each job over the rate gets
 * its own time slot, one `interval` after the last one given, and waits in BullMQ's delayed set
 * until then: the backlog of a flooding commune or OA waits there, out of the shared wait list,
 * so jobs of others are taken next. (A bounce-and-retry limiter would keep the backlog cycling
 * through the wait list, every quiet job behind it.)
 *
 * A slot is recorded for its job (a sorted set member → time), so a job that comes back early
 * (woken by its lane) keeps its slot instead of taking another, and a crash loses nothing: the
 * job sleeps in the delayed set and runs at its slot. Within `burst` ms of the schedule a job
 * goes at once (a short burst of a quiet commune waits for nothing). A slot may also be booked
 * before its job is stored (the webhook, for a commune over its pace: inbound.ts); the job is
 * then stored delayed until it, and takes it when it runs.
 */

/** How long a slot nobody came back for is remembered (a job removed by hand while it waited). */
const FORGET_SLOTS_MS = 3_600_000;

/**
 * Lua `pace(tat, slots, member, now, notBefore, interval, burst, cost)` → 0: go now; otherwise
 * the epoch ms of the job's slot. `tat` holds when the schedule is next free (a string key),
 * `slots` the waiting jobs' slots. `cost` slots are taken at once (a reply of several messages).
 * `hold(slots, member, at, now)` records a slot given elsewhere (a webhook that booked it).
 */
export const LUA_PACE = `
local function hold(slots, member, at, now)
  redis.call('ZADD', slots, at, member)
  redis.call('PEXPIRE', slots, math.ceil(at - now + ${FORGET_SLOTS_MS}))
end
local function pace(tat, slots, member, now, notBefore, interval, burst, cost)
  redis.call('ZREMRANGEBYSCORE', slots, '-inf', now - ${FORGET_SLOTS_MS})
  local mine = redis.call('ZSCORE', slots, member)
  if mine then
    mine = tonumber(mine)
    if mine <= now then
      redis.call('ZREM', slots, member)
      return 0
    end
    return mine
  end
  local from = math.max(now, notBefore)
  local t = math.max(tonumber(redis.call('GET', tat) or '0'), from)
  local start = math.max(t - burst, from)
  local nextFree = t + interval * cost
  redis.call('SET', tat, string.format('%.3f', nextFree), 'PX', math.ceil(nextFree - now + 60000))
  if start <= now then return 0 end
  hold(slots, member, start, now)
  return math.ceil(start)
end
`;

/** A rate as a pace's arguments: the interval between slots and the burst allowed, ms. */
export interface PaceRate {
  intervalMs: number;
  burstMs: number;
}

/** `perMinute` jobs a minute, up to one second's worth at once. 0: no pace. */
export function perMinute(perMinute: number): PaceRate | null {
  return perMinute > 0 ? { intervalMs: 60_000 / perMinute, burstMs: 1000 } : null;
}

/** `perSecond` jobs a second, up to `burstMs` worth at once (default one second's). 0: no pace. */
export function perSecond(perSecond: number, burstMs = 1000): PaceRate | null {
  return perSecond > 0 ? { intervalMs: 1000 / perSecond, burstMs } : null;
}

/** The script's arguments after its keys: member, now, notBefore, interval, burst, cost. */
export function paceArgs(
  member: string,
  now: number,
  rate: PaceRate,
  opts: { notBefore?: number; cost?: number } = {},
): (string | number)[] {
  return [member, now, opts.notBefore ?? 0, rate.intervalMs, rate.burstMs, Math.max(1, opts.cost ?? 1)];
}
