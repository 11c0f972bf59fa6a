import type { RedisConnection } from "../../src/redis.js";
import { createHash, randomBytes } from "node:crypto";
import axios, { type AxiosInstance } from "axios";
import { z } from "zod";
import { logger } from "../../src/logger.js";
import { redisKey } from "../../src/redis.js";
import { ZaloTokenError } from "./errors.js";
import { ZALO_REQUEST_TIMEOUT_MS } from "./http.js";
import { type OAuthPair, postOAuthForm } from "./oauth.js";

/**
 * Onboarding a commune's OA with Zalo's OAuth v4 and PKCE (ZALO.md, "Many OAs"): an admin asks
 * for the commune's connect link, authorizes the OA on Zalo's permission page, and Zalo sends the
 * browser back to the callback with a code, which is exchanged for the OA's token pair.
 *
 * The state is random, bound to the commune in Redis, short-lived and single-use (taken with
 * GETDEL): a link cannot be replayed, nor a code be stored for another commune. The verifier never
 * leaves the server; Zalo sees only its SHA-256 (S256).
 */

/** A commune's OA as onboarding needs it: which OA it must be, and the app that exchanges the code. */
export interface ConnectableOa {
  communeId: string;
  communeName: string;
  oaId: string;
  appId: string;
  /** The app secret (header `secret_key`). */
  appSecret: string;
}

export interface ZaloOaConnectOptions {
  redis: RedisConnection;
  prefix: string;
  oauthBaseUrl: string;
  /** The commune's OA, or undefined when the commune names none (`zalo.oaId`) or is unknown. */
  oaOf(communeId: string): ConnectableOa | undefined;
  /** Where the OA's new pair is kept (the token store every process reads). */
  storeOf(oa: ConnectableOa): { storeAuthorized(pair: OAuthPair): Promise<void> };
  /** How long a connect link can be used. Default 10 minutes. */
  stateTtlMs?: number;
  timeoutMs?: number;
  http?: AxiosInstance;
}

/** What the callback came to. */
export type ConnectOutcome =
  | { ok: true; oa: ConnectableOa }
  /** No code or no state: the admin refused on Zalo's page, or the address was cut. */
  | { ok: false; reason: "incomplete" }
  /** Unknown, expired or already used state. */
  | { ok: false; reason: "state" }
  /** The OA authorized is not the commune's. */
  | { ok: false; reason: "wrong_oa"; oa: ConnectableOa; authorizedOaId: string }
  /** Zalo refused the code (or could not be reached). */
  | { ok: false; reason: "refused"; oa: ConnectableOa; code?: number | undefined };

const pendingSchema = z.strictObject({ communeId: z.string(), oaId: z.string(), verifier: z.string() });

const DEFAULT_STATE_TTL_MS = 10 * 60_000;

/** A PKCE verifier (43 base64url characters, 256 bits) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export class ZaloOaConnect {
  private readonly http: AxiosInstance;
  private readonly ttlMs: number;

  constructor(private readonly o: ZaloOaConnectOptions) {
    this.http = o.http ?? axios.create();
    this.ttlMs = o.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
  }

  /** The Redis key of a pending authorization (exported for tests that age it). */
  stateKey(state: string): string {
    return redisKey(this.o.prefix, "zalo", "connect", state);
  }

  /** The link to Zalo's permission page for the commune's OA, or undefined when it names no OA. */
  async start(communeId: string, redirectUri: string): Promise<{ url: string; oaId: string; expiresAt: Date } | undefined> {
    const oa = this.o.oaOf(communeId);
    if (!oa) return undefined;
    const state = randomBytes(24).toString("base64url");
    const { verifier, challenge } = pkcePair();
    const pending: z.infer<typeof pendingSchema> = { communeId, oaId: oa.oaId, verifier };
    await this.o.redis.set(this.stateKey(state), JSON.stringify(pending), "PX", this.ttlMs);
    const url = new URL(`${this.o.oauthBaseUrl.replace(/\/$/, "")}/v4/oa/permission`);
    url.search = new URLSearchParams({ app_id: oa.appId, redirect_uri: redirectUri, code_challenge: challenge, state }).toString();
    return { url: url.toString(), oaId: oa.oaId, expiresAt: new Date(Date.now() + this.ttlMs) };
  }

  /** Zalo's redirect back: check the state and the OA, exchange the code, keep the pair. */
  async finish(q: { code?: string | undefined; state?: string | undefined; oaId?: string | undefined }): Promise<ConnectOutcome> {
    if (!q.state || !q.code) return { ok: false, reason: "incomplete" };
    // Taken whatever comes next: a state is good for one try.
    const raw = await this.o.redis.getdel(this.stateKey(q.state));
    const pending = raw === null ? undefined : pendingSchema.safeParse(JSON.parse(raw)).data;
    const oa = pending && this.o.oaOf(pending.communeId);
    if (!pending || !oa) return { ok: false, reason: "state" };
    // Zalo names the OA the admin picked on its page; a code for another OA must not become this commune's pair.
    if (q.oaId !== oa.oaId || pending.oaId !== oa.oaId) {
      logger.warn("zalo OA authorization for the wrong OA refused", { communeId: oa.communeId, oaId: oa.oaId, authorizedOaId: q.oaId });
      return { ok: false, reason: "wrong_oa", oa, authorizedOaId: q.oaId ?? "" };
    }
    let pair: OAuthPair;
    try {
      pair = await postOAuthForm(
        {
          http: this.http,
          oauthBaseUrl: this.o.oauthBaseUrl,
          appSecret: oa.appSecret,
          timeoutMs: this.o.timeoutMs ?? ZALO_REQUEST_TIMEOUT_MS,
          what: "authorization code exchange",
        },
        { code: q.code, app_id: oa.appId, grant_type: "authorization_code", code_verifier: pending.verifier },
      );
    } catch (err) {
      logger.warn("zalo OA authorization not completed", { communeId: oa.communeId, oaId: oa.oaId, err });
      return { ok: false, reason: "refused", oa, code: err instanceof ZaloTokenError ? err.code : undefined };
    }
    // Stored before use, as a refresh does: the pair is the OA's from now on, for every process.
    await this.o.storeOf(oa).storeAuthorized(pair);
    logger.info("zalo OA connected", { communeId: oa.communeId, oaId: oa.oaId });
    return { ok: true, oa };
  }
}
