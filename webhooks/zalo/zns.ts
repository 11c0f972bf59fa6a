import axios, { type AxiosInstance } from "axios";
import { z } from "zod";
import type { TemplateFailure, TemplateMessage, TemplateSender, TemplateSent } from "../../src/core/template-sender.js";
import type { ZaloClients } from "./client.js";
import { ZaloHttpError, ZaloNetworkError, ZaloTokenError } from "./errors.js";
import { fromAxiosError, ZALO_REQUEST_TIMEOUT_MS } from "./http.js";
import type { AccessTokenProvider } from "./token-store.js";
import { ZNS_TOKEN_INVALID, ZnsApiError } from "./zns-errors.js";

/**
 * Zalo's ZNS: a pre-approved template to a phone number, from the OA whose token sends it
 * (`POST {ZALO_ZNS_BASE_URL}/message/template`, header `access_token`, body `{phone, template_id,
 * template_data, tracking_id}`; answer `{error, message, data: {msg_id, sent_time, quota:
 * {dailyQuota, remainingQuota}}}`, HTTP 200 even when refused). A refused token is refreshed once
 * and the request made once more (the first was refused, so nothing went out).
 */
export interface ZnsClientOptions {
  /** `ZALO_ZNS_BASE_URL`, e.g. https://business.openapi.zalo.me */
  baseUrl: string;
  tokens: AccessTokenProvider;
  timeoutMs?: number;
  http?: AxiosInstance;
}

const count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);
const answerSchema = z.looseObject({
  error: z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number),
  message: z.string().optional(),
  data: z
    .looseObject({
      msg_id: z.union([z.string(), z.number()]).transform(String).optional(),
      quota: z.looseObject({ dailyQuota: count, remainingQuota: count }).optional(),
    })
    .optional(),
});

const ENDPOINT = "message/template";

export class ZnsClient {
  private readonly base: string;
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;

  constructor(private readonly options: ZnsClientOptions) {
    this.base = options.baseUrl.replace(/\/$/, "");
    this.http = options.http ?? axios.create();
    this.timeoutMs = options.timeoutMs ?? ZALO_REQUEST_TIMEOUT_MS;
  }

  async sendTemplate(m: TemplateMessage): Promise<TemplateSent> {
    const token = await this.options.tokens.getAccessToken();
    try {
      return await this.once(token, m);
    } catch (err) {
      if (!(err instanceof ZnsApiError && err.code === ZNS_TOKEN_INVALID)) throw err;
      return this.once(await this.options.tokens.refreshAfterRejection(token), m);
    }
  }

  private async once(token: string, m: TemplateMessage): Promise<TemplateSent> {
    let res;
    try {
      res = await this.http.post<unknown>(
        `${this.base}/message/template`,
        { phone: m.phone, template_id: m.templateId, template_data: m.templateData, tracking_id: m.trackingId },
        { headers: { access_token: token, "Content-Type": "application/json" }, timeout: this.timeoutMs, validateStatus: () => true },
      );
    } catch (err) {
      throw fromAxiosError(err, ENDPOINT);
    }
    if (res.status !== 200) throw new ZaloHttpError(res.status, ENDPOINT);
    const answer = answerSchema.safeParse(res.data);
    if (!answer.success) throw new ZaloHttpError(res.status, ENDPOINT, "answer is not Zalo's JSON");
    if (answer.data.error !== 0) throw new ZnsApiError(answer.data.error, answer.data.message ?? "");
    const d = answer.data.data;
    // Sent without an id: still sent (a retry would send it twice); the id is only for reports.
    return {
      messageId: d?.msg_id ?? "",
      ...(d?.quota ? { quota: { daily: d.quota.dailyQuota, remaining: d.quota.remainingQuota } } : {}),
    };
  }
}

/** Network failures where the request cannot have reached Zalo: trying again sends nothing twice. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Retry, quota, refused or unknown, for whatever sending a ZNS threw. */
export function classifyZnsFailure(err: unknown): TemplateFailure {
  if (err instanceof ZnsApiError) return { outcome: err.outcome, code: err.code, reason: err.message };
  if (err instanceof ZaloNetworkError)
    return { outcome: err.causeCode && NOT_SENT.has(err.causeCode) ? "retry" : "unknown", code: err.causeCode, reason: err.message };
  if (err instanceof ZaloHttpError) {
    // 429 and 503 say "not now" before doing anything; another 5xx or an unreadable 200 may come
    // after the message went out.
    if (err.status === 429 || err.status === 503) return { outcome: "retry", code: `http-${err.status}`, reason: err.message };
    if (err.status >= 500 || err.status === 200) return { outcome: "unknown", code: `http-${err.status}`, reason: err.message };
    return { outcome: "refused", code: `http-${err.status}`, reason: err.message };
  }
  // The token store could not give a token: nothing was sent.
  if (err instanceof ZaloTokenError) return { outcome: "retry", code: err.code, reason: err.message };
  return { outcome: "retry", reason: err instanceof Error ? err.message : String(err) };
}

/** ZNS as a `TemplateSender`: each commune's OA sends with its own token. */
export function znsSender(clients: ZaloClients<Pick<ZnsClient, "sendTemplate">>): TemplateSender {
  return {
    send: (communeId, m) => clients.of(communeId).sendTemplate(m),
    classify: classifyZnsFailure,
  };
}
