import type { RedisConnection } from "../redis.js";
import { createHash, randomBytes } from "node:crypto";
import { redisKey } from "../redis.js";

/**
 * Dashboard sessions of officers signed in with a code from `#dangnhap`: a random id in an
 * HttpOnly cookie, its hash in Redis with the officer's id, for `OFFICER_SESSION_SECONDS` (a
 * working day: an officer signs in again each morning). Each officer's sessions are listed, so
 * "sign out everywhere" (the officer) and "reset sign-in" (an admin) end them all at once.
 * Deactivating an officer ends their sessions too: every request reads the officer again.
 */

export const OFFICER_SESSION_COOKIE = "hotline_session";
export const OFFICER_SESSION_SECONDS = 10 * 3600;

const hashOf = (id: string) => createHash("sha256").update(id, "utf8").digest("base64url");

export class OfficerSessions {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  private sessionKey(id: string): string {
    return redisKey(this.prefix, "session", hashOf(id));
  }
  private listKey(officerId: string): string {
    return redisKey(this.prefix, "sessions", officerId);
  }

  /** A new session of `officerId`; the id goes in the cookie and nowhere else. */
  async start(officerId: string): Promise<string> {
    const id = randomBytes(32).toString("base64url");
    await this.redis
      .multi()
      .set(this.sessionKey(id), officerId, "EX", OFFICER_SESSION_SECONDS)
      .sadd(this.listKey(officerId), hashOf(id))
      .expire(this.listKey(officerId), OFFICER_SESSION_SECONDS)
      .exec();
    return id;
  }

  /** The officer of a live session, or null. */
  async officerOf(id: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    return this.redis.get(this.sessionKey(id));
  }

  /** End one session (signing out in this browser). */
  async end(id: string): Promise<void> {
    const officerId = await this.officerOf(id);
    const multi = this.redis.multi().del(this.sessionKey(id));
    if (officerId) multi.srem(this.listKey(officerId), hashOf(id));
    await multi.exec();
  }

  /** End every session of the officer; how many were live. */
  async endAll(officerId: string): Promise<number> {
    const hashes = await this.redis.smembers(this.listKey(officerId));
    if (!hashes.length) return 0;
    const deleted = await this.redis.del(...hashes.map((h) => redisKey(this.prefix, "session", h)));
    await this.redis.del(this.listKey(officerId));
    return deleted;
  }
}
