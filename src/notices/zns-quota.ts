import { toLocal } from "../core/local-time.js";
import { type RedisConnection, redisKey } from "../redis.js";

/** Kept a little over a day: the count is the OA's of one Vietnamese calendar day. */
const TTL_SECONDS = 2 * 24 * 3600;

/**
 * Each OA's daily ZNS quota as Zalo last reported it (every successful send carries
 * `remainingQuota`; a "quota spent" refusal means none is left), per Vietnamese calendar day.
 * Before a send: an OA known to have none left today holds the notice without asking Zalo.
 * Shared by every worker (Redis); a new day starts unknown, and Zalo's answer is the truth.
 */
export class ZnsQuota {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  private key(oa: string, at: Date): string {
    return redisKey(this.prefix, "zns-quota", oa, toLocal(at).date);
  }

  /** Whether the OA has no ZNS left today (unknown counts as some left). */
  async exhausted(oa: string, at: Date): Promise<boolean> {
    const v = await this.redis.get(this.key(oa, at));
    return v !== null && Number(v) <= 0;
  }

  /** What Zalo said is left today. */
  async record(oa: string, remaining: number, at: Date): Promise<void> {
    await this.redis.set(this.key(oa, at), String(Math.max(0, remaining)), "EX", TTL_SECONDS);
  }

  /** Zalo refused a send for quota: nothing left today. */
  spent(oa: string, at: Date): Promise<void> {
    return this.record(oa, 0, at);
  }

  /** What is known to be left today, or null when Zalo has not said yet. */
  async remaining(oa: string, at: Date): Promise<number | null> {
    const v = await this.redis.get(this.key(oa, at));
    return v === null ? null : Number(v);
  }
}
