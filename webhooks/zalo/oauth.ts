import type { AxiosInstance } from "axios";
import { z } from "zod";
import { logger } from "../../src/logger.js";
import { ZaloHttpError, ZaloTokenError } from "./errors.js";
import { fromAxiosError } from "./http.js";

/**
 * Zalo's OAuth v4 token endpoint for OAs, `POST {ZALO_OAUTH_BASE_URL}/v4/oa/access_token`: one
 * form-encoded call, header `secret_key` (the app secret), for both grants (a refresh, and the
 * code of an OA's authorization with its PKCE verifier). Refusals come with HTTP 200 and an
 * `error` field.
 */

const oauthSuccessSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // Documented as a number, sent as a string ("90000").
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
});
const oauthErrorSchema = z.looseObject({
  error: z.union([z.number(), z.string()]).optional(),
  error_name: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
});

export type OAuthPair = z.output<typeof oauthSuccessSchema>;

export interface OAuthCall {
  http: AxiosInstance;
  oauthBaseUrl: string;
  /** The app secret (header `secret_key`), not the OA secret key. */
  appSecret: string;
  timeoutMs: number;
  /** What is asked, for the error and the log ("token refresh", "authorization code exchange"). */
  what: string;
}

/** Post `form` to the token endpoint: the new pair, or a ZaloTokenError carrying Zalo's code. */
export async function postOAuthForm(call: OAuthCall, form: Record<string, string>): Promise<OAuthPair> {
  const endpoint = "oauth/access_token";
  let res;
  try {
    res = await call.http.post<unknown>(
      `${call.oauthBaseUrl.replace(/\/$/, "")}/v4/oa/access_token`,
      new URLSearchParams(form).toString(),
      {
        headers: { "Content-Type": "application/x-www-form-urlencoded", secret_key: call.appSecret },
        timeout: call.timeoutMs,
        validateStatus: () => true,
      },
    );
  } catch (err) {
    throw fromAxiosError(err, endpoint);
  }
  if (res.status !== 200) throw new ZaloHttpError(res.status, endpoint);
  const ok = oauthSuccessSchema.safeParse(res.data);
  if (ok.success) return ok.data;
  const e = oauthErrorSchema.safeParse(res.data);
  const code = e.success && e.data.error !== undefined ? Number(e.data.error) : undefined;
  const why = e.success ? (e.data.error_description ?? e.data.error_name ?? e.data.message ?? "no reason given") : "unexpected answer";
  logger.error(`zalo ${call.what} refused`, { code, reason: why });
  throw new ZaloTokenError(
    `Zalo refused the ${call.what}${code !== undefined ? ` (${code})` : ""}: ${why}`,
    Number.isFinite(code) ? code : undefined,
  );
}
