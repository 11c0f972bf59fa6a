import axios, { type AxiosInstance } from "axios";
import { z } from "zod";
import type { Reply } from "../../src/core/reply.js";
import { ZaloApiError, ZaloHttpError } from "./errors.js";
import { fromAxiosError, ZALO_REQUEST_TIMEOUT_MS } from "./http.js";
import { renderReply, type ZaloMessage } from "./render.js";
import type { AccessTokenProvider } from "./token-store.js";

/**
 * The Zalo OA API client: customer-service messages and user profiles. Success is HTTP 200 AND
 * `error === 0` (Zalo answers 200 to most failures). A refused token is refreshed once and the
 * request retried once; everything else is thrown as a typed error for the caller to classify.
 */
export interface ZaloClientOptions {
  /** `ZALO_API_BASE_URL`, e.g. https://openapi.zalo.me */
  apiBaseUrl: string;
  tokens: AccessTokenProvider;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  http?: AxiosInstance;
}

/** What Zalo returned for one delivered message. */
export interface SentMessage {
  messageId?: string;
}

/** A user as `GET /v3.0/oa/user/detail` describes them. */
export interface ZaloUserProfile {
  userId: string;
  displayName?: string;
  isFollower?: boolean;
  /** As Zalo sends it, e.g. "12/07/2025". */
  lastInteraction?: string;
}

/**
 * The OA's consultation-message quota (`remain` of `total`), as `POST /v2.0/oa/quota/message`
 * answers it (HexaSync's guide "lấy quota tin Tư vấn", a single source: ZALO.md R38).
 */
export interface MessageQuota {
  remain: number;
  total: number;
}

const zaloId = z.union([z.string(), z.number()]).transform(String);
const answerSchema = z.looseObject({
  error: z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number),
  message: z.string().optional(),
  data: z.unknown().optional(),
});
const sentDataSchema = z.looseObject({ message_id: zaloId.optional() }).optional();
const quotaDataSchema = z.looseObject({
  remain: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  total: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
});
const profileDataSchema = z.looseObject({
  user_id: zaloId,
  display_name: z.string().optional(),
  user_is_follower: z.boolean().optional(),
  user_last_interaction_date: z.string().optional(),
});

/** One OA's API client; share one per process (the token store coordinates processes). */
export class ZaloClient {
  private readonly base: string;
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;

  constructor(private readonly options: ZaloClientOptions) {
    this.base = options.apiBaseUrl.replace(/\/$/, "");
    this.http = options.http ?? axios.create();
    this.timeoutMs = options.timeoutMs ?? ZALO_REQUEST_TIMEOUT_MS;
  }

  /** Send every message one reply renders to, in order. Stops at the first failure. */
  async send(userId: string, reply: Reply): Promise<SentMessage[]> {
    const sent: SentMessage[] = [];
    for (const message of renderReply(reply)) sent.push(await this.sendMessage(userId, message));
    return sent;
  }

  /** Send one rendered Zalo message to a user. */
  async sendMessage(userId: string, message: ZaloMessage): Promise<SentMessage> {
    const data = await this.call("message/cs", (token) =>
      this.http.post<unknown>(`${this.base}/v3.0/oa/message/cs`, { recipient: { user_id: userId }, message }, this.config(token)),
    );
    const parsed = sentDataSchema.safeParse(data);
    return { messageId: parsed.success ? parsed.data?.message_id : undefined };
  }

  /** A user's profile (display name, follower flag, last interaction). */
  async getUserDetail(userId: string): Promise<ZaloUserProfile> {
    const data = await this.call("user/detail", (token) =>
      this.http.get<unknown>(`${this.base}/v3.0/oa/user/detail`, {
        ...this.config(token),
        params: { data: JSON.stringify({ user_id: userId }) },
      }),
    );
    const p = profileDataSchema.safeParse(data);
    if (!p.success) throw new ZaloHttpError(200, "user/detail", "unexpected profile shape");
    return {
      userId: p.data.user_id,
      displayName: p.data.display_name,
      isFollower: p.data.user_is_follower,
      lastInteraction: p.data.user_last_interaction_date,
    };
  }

  /** The OA's consultation-message quota: what is left of its package's messages. */
  async getMessageQuota(): Promise<MessageQuota> {
    const data = await this.call("quota/message", (token) =>
      this.http.post<unknown>(`${this.base}/v2.0/oa/quota/message`, {}, this.config(token)),
    );
    const q = quotaDataSchema.safeParse(data);
    if (!q.success) throw new ZaloHttpError(200, "quota/message", "unexpected quota shape");
    return { remain: q.data.remain, total: q.data.total };
  }

  private config(token: string) {
    return {
      headers: { access_token: token, "Content-Type": "application/json" },
      timeout: this.timeoutMs,
      validateStatus: () => true,
    };
  }

  /** Make the request; on -216/-220 refresh the token once and make it once more. */
  private async call(endpoint: string, request: (token: string) => Promise<{ status: number; data: unknown }>): Promise<unknown> {
    const token = await this.options.tokens.getAccessToken();
    try {
      return await this.once(endpoint, () => request(token));
    } catch (err) {
      if (!(err instanceof ZaloApiError && err.tokenInvalid)) throw err;
      const fresh = await this.options.tokens.refreshAfterRejection(token);
      return this.once(endpoint, () => request(fresh));
    }
  }

  private async once(endpoint: string, request: () => Promise<{ status: number; data: unknown }>): Promise<unknown> {
    let res;
    try {
      res = await request();
    } catch (err) {
      throw fromAxiosError(err, endpoint);
    }
    if (res.status !== 200) throw new ZaloHttpError(res.status, endpoint);
    const answer = answerSchema.safeParse(res.data);
    if (!answer.success) throw new ZaloHttpError(res.status, endpoint, "answer is not Zalo's JSON");
    if (answer.data.error !== 0) throw new ZaloApiError(answer.data.error, answer.data.message ?? "", endpoint);
    return answer.data.data;
  }
}

/**
 * The OA client of each commune: every OA has its own token pair, so a reply to a commune's
 * citizen goes out with that commune's client, never another's.
 */
export interface ZaloClients<C = ZaloClient> {
  /** The client of the commune's OA; throws for a commune this deployment does not serve. */
  of(communeId: string): C;
}
