import { redisKey, type RedisConnection } from "../redis.js";

/**
 * The one budget of failed attempts at every one-time code the hotline accepts in chat (`#dangky`
 * link codes today; sign-in codes later go through the same budget, so guessing one kind never
 * buys guesses at another). Two sliding windows of an hour, in Redis so every worker shares them:
 *
 *   - per account: `PER_ACCOUNT` failures, then that Zalo account is locked out until the oldest
 *     failure leaves the window;
 *   - global: `GLOBAL` failures from all accounts together, then every attempt is refused until the
 *     window frees up (many accounts cannot add up to more guesses than one budget).
 *
 * While locked out an attempt is refused before the code is even looked at, so a correct guess
 * made then is worth nothing.
 *
 * Why the codes are long enough (LINK_CODE_LENGTH in link-codes.ts, 10 signs of a 24-sign
 * alphabet): a code lives 7 days = 168 hours, so at most 168 × GLOBAL = 168 × 30 = 5,040 guesses
 * are judged in its whole life, whatever the number of accounts. 24¹⁰ ≈ 6.3 × 10¹³ codes: even
 * with 1,000 codes outstanding at once, the chance that any guess hits any of them is
 * ≤ 5,040 × 1,000 / 6.3 × 10¹³ ≈ 8 × 10⁻⁸.
 *
 * An attempt is recorded under its event id before the code is checked (a reservation), and
 * released when the code turned out good: concurrent attempts cannot overshoot the budget, and a
 * retried job counts its attempt once.
 */
export const CODE_ATTEMPTS = { PER_ACCOUNT: 5, GLOBAL: 30, WINDOW_MS: 3600_000 } as const;

// KEYS: account, global. ARGV: now, window, per-account cap, global cap, member, ttl s.
// → {1} reserved, or {0, ms until the oldest failure leaves the fuller window}.
const RESERVE = `
local since = tonumber(ARGV[1]) - tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', since)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', since)
if redis.call('ZSCORE', KEYS[2], ARGV[5]) then return {1} end
local function waitOf(key)
  local oldest = redis.call('ZRANGE', KEYS[key], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1])
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return {0, waitOf(1)} end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return {0, waitOf(2)} end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
return {1}
`;

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number };

/** Failed one-time-code attempts, per account and for the whole hotline. */
export class CodeAttempts {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly limits: { perAccount: number; global: number; windowMs: number } = {
      perAccount: CODE_ATTEMPTS.PER_ACCOUNT,
      global: CODE_ATTEMPTS.GLOBAL,
      windowMs: CODE_ATTEMPTS.WINDOW_MS,
    },
  ) {}

  private keys(channel: string, userId: string): [string, string] {
    return [redisKey(this.prefix, "otc", "account", channel, userId), redisKey(this.prefix, "otc", "global")];
  }

  /**
   * Count this attempt (event `eventId` of the account) as a failure unless the account or the
   * hotline is out of budget; `release` it when the code was good.
   */
  async reserve(channel: string, userId: string, eventId: string, now = Date.now()): Promise<Reservation> {
    const [account, global] = this.keys(channel, userId);
    const ttl = Math.ceil(this.limits.windowMs / 1000) + 60;
    const r = (await this.redis.eval(
      RESERVE,
      2,
      account,
      global,
      now,
      this.limits.windowMs,
      this.limits.perAccount,
      this.limits.global,
      member(channel, userId, eventId),
      ttl,
    )) as [number, number?];
    return r[0] === 1 ? { ok: true } : { ok: false, retryAfterMs: Math.max(1000, Number(r[1] ?? this.limits.windowMs)) };
  }

  /** The attempt succeeded: it spends nothing. */
  async release(channel: string, userId: string, eventId: string): Promise<void> {
    const [account, global] = this.keys(channel, userId);
    const m = member(channel, userId, eventId);
    await this.redis.multi().zrem(account, m).zrem(global, m).exec();
  }
}

const member = (channel: string, userId: string, eventId: string) => `${channel}:${userId}:${eventId}`;
