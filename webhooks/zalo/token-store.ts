import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import axios, { type AxiosInstance } from "axios";
import { z } from "zod";
import { logger } from "../../src/logger.js";
import { redisKey, type RedisConnection } from "../../src/redis.js";
import { ZaloTokenError } from "./errors.js";
import { ZALO_REQUEST_TIMEOUT_MS } from "./http.js";
import { type OAuthPair, postOAuthForm } from "./oauth.js";

/**
 * The OA's access/refresh token pair, shared by every process through Redis. Zalo's refresh token
 * is single-use: two processes refreshing at once would break the chain, so a refresh happens under
 * a Redis lock, re-reads the pair after taking it, and stores the new pair before anyone uses it.
 */

/** What a client needs from a token source. */
export interface AccessTokenProvider {
  /** The current access token, refreshed ahead of its expiry. */
  getAccessToken(): Promise<string>;
  /** Zalo refused `staleToken`: return a newer one (refreshing it if nobody has yet). */
  refreshAfterRejection(staleToken: string): Promise<string>;
}

const storedPairSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms; null for the pair seeded from the environment (its age is unknown). */
  expiresAt: z.number().nullable(),
  updatedAt: z.number(),
});
export type StoredTokenPair = z.infer<typeof storedPairSchema>;

/** Where the pair lives, how to refresh it, and the timings of the lock. */
export interface ZaloTokenStoreOptions {
  redis: RedisConnection;
  prefix: string;
  appId: string;
  /** The app secret (header `secret_key` of the OAuth call), not the OA secret key. */
  appSecret: string;
  oauthBaseUrl: string;
  /**
   * The OA whose pair this is. Absent in a province of one whose commune names no OA (the pair's
   * key is then today's, `{prefix}:zalo:token`).
   */
  oaId?: string;
  /**
   * Written to Redis only if no pair is stored yet (first start). Absent: the pair must already be
   * stored (onboarded), or be adopted from the single-OA key (`adoptUnnamedPair`).
   */
  seed?: { accessToken: string; refreshToken: string } | undefined;
  /**
   * A province of one that names its OA for the first time: the pair stored under the unnamed key
   * is this OA's (and newer than any seed, the refresh token being single-use), so it moves over.
   */
  adoptUnnamedPair?: boolean;
  /**
   * Told when Zalo refused a refresh or could not be reached for it (not when another process's
   * failure is merely remembered): the OA fleet's figures. Must not throw.
   */
  onRefreshFailed?: (err: unknown) => void;
  /** Refresh this long before `expires_in` runs out. Default 30 min. */
  refreshAheadMs?: number;
  /** Longest a refresh may hold the lock. Default 30 s (three OAuth timeouts). */
  lockTtlMs?: number;
  /** Longest a caller waits for another process's refresh. Default 20 s. */
  waitTimeoutMs?: number;
  /** How often a waiter looks for the new pair. Default 50 ms. */
  pollMs?: number;
  /** Timeout of the OAuth request. Default 10 s. */
  timeoutMs?: number;
  http?: AxiosInstance;
}

const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** How long a failed refresh makes waiters give up at once instead of trying again themselves. */
const FAILURE_MEMORY_MS = 5_000;

/** The OA's token pair in Redis (key `{prefix}:zalo:token`), refreshed by one process at a time. */
export class ZaloTokenStore implements AccessTokenProvider {
  private readonly key: string;
  private readonly lockKey: string;
  private readonly failedKey: string;
  private readonly http: AxiosInstance;
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly o: Required<Omit<ZaloTokenStoreOptions, "http" | "oaId" | "seed" | "adoptUnnamedPair" | "onRefreshFailed">> &
    Pick<ZaloTokenStoreOptions, "oaId" | "seed" | "adoptUnnamedPair" | "onRefreshFailed">;

  constructor(options: ZaloTokenStoreOptions) {
    this.o = {
      refreshAheadMs: 30 * 60_000,
      lockTtlMs: 30_000,
      waitTimeoutMs: 20_000,
      pollMs: 50,
      timeoutMs: ZALO_REQUEST_TIMEOUT_MS,
      ...options,
    };
    const oa = options.oaId === undefined ? [] : ["oa", options.oaId];
    this.key = redisKey(options.prefix, "zalo", "token", ...oa);
    this.lockKey = redisKey(options.prefix, "zalo", "token", ...oa, "lock");
    this.failedKey = redisKey(options.prefix, "zalo", "token", ...oa, "failed");
    this.http = options.http ?? axios.create();
  }

  /** Seed the pair from the configuration unless one is stored. True when this call seeded it. */
  async init(): Promise<boolean> {
    if (this.o.adoptUnnamedPair && this.o.oaId !== undefined && !(await this.o.redis.exists(this.key))) {
      const unnamed = redisKey(this.o.prefix, "zalo", "token");
      const pair = await this.o.redis.get(unnamed);
      if (pair !== null && (await this.o.redis.set(this.key, pair, "NX")) === "OK") {
        await this.o.redis.del(unnamed);
        logger.info("zalo token pair of the single OA moved under its OA id", { oaId: this.o.oaId });
        return false;
      }
    }
    if (!this.o.seed) return false;
    const pair: StoredTokenPair = { ...this.o.seed, expiresAt: null, updatedAt: Date.now() };
    const res = await this.o.redis.set(this.key, JSON.stringify(pair), "NX");
    if (res === "OK") logger.info("zalo token pair seeded from the configuration", { oaId: this.o.oaId });
    return res === "OK";
  }

  /**
   * The pair stored for OA `oaId` (undefined: the unnamed pair of a province of one) as it is, or
   * null when none is stored. Never seeds nor refreshes: for a page that only looks.
   */
  static async peek(redis: RedisConnection, prefix: string, oaId: string | undefined): Promise<StoredTokenPair | null> {
    const raw = await redis.get(redisKey(prefix, "zalo", "token", ...(oaId === undefined ? [] : ["oa", oaId])));
    if (raw === null) return null;
    const parsed = storedPairSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** The stored pair (seeding it first if Redis has none). */
  async read(): Promise<StoredTokenPair> {
    let raw = await this.o.redis.get(this.key);
    if (raw === null) {
      await this.init();
      raw = await this.o.redis.get(this.key);
    }
    if (raw === null)
      throw new ZaloTokenError(`no Zalo token pair for OA ${this.o.oaId ?? "(unnamed)"}: add it to ZALO_OA_TOKENS_FILE or connect the OA`);
    const parsed = storedPairSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new ZaloTokenError("the stored Zalo token pair is unreadable");
    return parsed.data;
  }

  async getAccessToken(): Promise<string> {
    const pair = await this.read();
    if (pair.expiresAt === null || Date.now() < pair.expiresAt - this.o.refreshAheadMs) return pair.accessToken;
    try {
      return await this.refreshFrom(pair.accessToken);
    } catch (err) {
      // Ahead of expiry the old token still works: use it and let a later call try again.
      if (Date.now() < pair.expiresAt) {
        logger.warn("zalo token refresh ahead of expiry failed; the current token is still valid", { err });
        return pair.accessToken;
      }
      throw err;
    }
  }

  async refreshAfterRejection(staleToken: string): Promise<string> {
    return this.refreshFrom(staleToken);
  }

  /**
   * Keep the pair Zalo gave for a new authorization of the OA (onboarding, or connecting it again
   * after its refresh token was lost). Taken under the refresh lock, so a refresh that started
   * from the old pair cannot write it back over this one.
   */
  async storeAuthorized(fresh: OAuthPair): Promise<void> {
    const deadline = Date.now() + this.o.waitTimeoutMs;
    const lockToken = randomBytes(16).toString("hex");
    while ((await this.o.redis.set(this.lockKey, lockToken, "PX", this.o.lockTtlMs, "NX")) !== "OK") {
      if (Date.now() >= deadline) throw new ZaloTokenError("timed out waiting for a token refresh to finish");
      await sleep(this.o.pollMs);
    }
    try {
      await this.save(fresh);
      await this.o.redis.del(this.failedKey);
      logger.info("zalo token pair stored from the OA's authorization", { oaId: this.o.oaId });
    } finally {
      await this.o.redis.eval(RELEASE_LOCK, 1, this.lockKey, lockToken);
    }
  }

  private async save(fresh: OAuthPair): Promise<StoredTokenPair> {
    const pair: StoredTokenPair = {
      accessToken: fresh.access_token,
      refreshToken: fresh.refresh_token,
      expiresAt: Date.now() + fresh.expires_in * 1000,
      updatedAt: Date.now(),
    };
    await this.o.redis.set(this.key, JSON.stringify(pair));
    return pair;
  }

  /** One refresh per stale token per process; across processes the Redis lock decides. */
  private refreshFrom(staleToken: string): Promise<string> {
    let p = this.inflight.get(staleToken);
    if (!p) {
      p = this.refreshUnderLock(staleToken).finally(() => this.inflight.delete(staleToken));
      this.inflight.set(staleToken, p);
    }
    return p;
  }

  private async refreshUnderLock(staleToken: string): Promise<string> {
    const deadline = Date.now() + this.o.waitTimeoutMs;
    const redis = this.o.redis;
    for (;;) {
      const current = await this.read();
      if (current.accessToken !== staleToken) return current.accessToken;
      if ((await redis.get(this.failedKey)) === staleToken) {
        throw new ZaloTokenError("the Zalo access token could not be refreshed (another attempt just failed)");
      }
      const lockToken = randomBytes(16).toString("hex");
      if ((await redis.set(this.lockKey, lockToken, "PX", this.o.lockTtlMs, "NX")) === "OK") {
        try {
          // Someone may have finished a refresh between our read and our lock.
          const again = await this.read();
          if (again.accessToken !== staleToken) return again.accessToken;
          try {
            const fresh = await this.callOAuth(again.refreshToken);
            // Stored before use: the old refresh token is already spent at Zalo.
            const pair = await this.save(fresh);
            logger.info("zalo access token refreshed", { expiresInS: fresh.expires_in });
            return pair.accessToken;
          } catch (err) {
            this.o.onRefreshFailed?.(err);
            await redis.set(this.failedKey, staleToken, "PX", FAILURE_MEMORY_MS);
            throw err;
          }
        } finally {
          await redis.eval(RELEASE_LOCK, 1, this.lockKey, lockToken);
        }
      }
      if (Date.now() >= deadline) throw new ZaloTokenError("timed out waiting for another process to refresh the Zalo token");
      await sleep(this.o.pollMs);
    }
  }

  private callOAuth(refreshToken: string): Promise<OAuthPair> {
    return postOAuthForm(
      {
        http: this.http,
        oauthBaseUrl: this.o.oauthBaseUrl,
        appSecret: this.o.appSecret,
        timeoutMs: this.o.timeoutMs,
        what: "token refresh",
      },
      { refresh_token: refreshToken, app_id: this.o.appId, grant_type: "refresh_token" },
    );
  }
}
