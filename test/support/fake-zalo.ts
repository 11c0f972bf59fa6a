import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { z } from "zod";
import { SANDBOX_SECRETS } from "../../src/sandbox.js";
import { ZaloTokenStore, type ZaloTokenStoreOptions } from "../../webhooks/zalo/token-store.js";
import { FakeZns } from "./fake-zns.js";
import { samplePng } from "./sample-png.js";
import { SANDBOX, signedWebhook } from "./sign.js";

/**
 * A fake Zalo OA API that behaves like the real one where the hotline can tell: HTTP 200 with an
 * `error` field for refusals, single-use refresh tokens, -216 for a token that is not the current
 * one, -201 for a body Zalo would reject. Tests steer it with the controls below.
 *
 * OAuth refusals (our choice of a plausible shape; Zalo's v4 errors look like this):
 * `{ error: -14014, error_name: "Invalid refresh token", error_reason, error_description }` with HTTP 200
 * (-14001 for a wrong app_id/secret_key, -14003 for a wrong grant_type; for an OA's authorization,
 * -14002 for an unknown or used code and -14019 for a code_verifier that does not match the challenge).
 *
 * Each OA's consultation-message quota: `POST /v2.0/oa/quota/message` answers
 * `{ error: 0, data: { type: "active", remain, total } }` (HexaSync's documented shape; `setQuota`).
 * `refuseRefreshes` makes every refresh fail as a spent refresh token does (-14014).
 *
 * OA authorization (OAuth v4 + PKCE): `GET /v4/oa/permission?app_id&redirect_uri&code_challenge&state`
 * plays the admin granting access on Zalo's page for the OA `authorizingOa`, and redirects to
 * `redirect_uri?code&state&oa_id`; the code is single-use and bound to the S256 challenge.
 */
export interface FakeZaloOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  appId?: string;
  appSecret?: string;
  accessToken?: string;
  refreshToken?: string;
  /** `expires_in` given with each new pair (a string, as Zalo sends it). Default "90000". */
  expiresIn?: string;
}

/**
 * A picture this fake serves as Zalo's CDN serves a citizen's photo: `npm run chat`'s `/img`
 * sends its URL, which the sandbox hotline copies (see sandboxPhotoHosts in src/sandbox.ts).
 */
export const SAMPLE_PHOTO_PATH = "/sample/photo.png";

/** One message accepted by `POST /v3.0/oa/message/cs`. */
export interface RecordedMessage {
  /** The OA whose access token sent it (`SANDBOX.oaId` for the first OA). */
  oaId: string;
  userId: string;
  message: Record<string, unknown>;
  messageId: string;
  at: number;
}

/** A failure to inject: an HTTP status, a Zalo error code (HTTP 200), or a dropped connection. */
export type FailureSpec = { httpStatus: number } | { zaloError: number; message?: string } | { network: true };

const ZALO_ERROR_MESSAGES: Record<number, string> = {
  [-32]: "Request limit exceeded",
  [-201]: "Parameters are invalid",
  [-211]: "Out of quota",
  [-213]: "User has not followed OA",
  [-216]: "Access token is invalid",
  [-220]: "Access token has expired",
  [-227]: "User is banned or inactive",
  [-230]: "User has not interacted with the OA in the last 7 days",
  [-232]: "User has not interacted with the OA in the allowed window",
  [-234]: "Sending messages at night is not allowed",
  [-244]: "User has restricted this message type",
};

const nonEmpty = z.string().min(1);
const button = z.object({
  title: nonEmpty.max(100),
  type: z.enum(["oa.query.show", "oa.query.hide", "oa.open.url", "oa.open.phone", "oa.open.sms"]),
  payload: z.union([z.string(), z.record(z.string(), z.unknown())]),
});
const text = nonEmpty.max(2000);
const messageSchema = z.union([
  z.strictObject({ text }),
  z.strictObject({
    text,
    attachment: z.object({ type: z.literal("template"), payload: z.strictObject({ buttons: z.array(button).min(1).max(5) }) }),
  }),
  z.strictObject({
    text: text.optional(),
    attachment: z.object({
      type: z.literal("template"),
      payload: z.object({
        template_type: z.literal("media"),
        elements: z.array(z.object({ media_type: z.literal("image"), url: nonEmpty })).length(1),
      }),
    }),
  }),
  z.strictObject({
    attachment: z.object({
      type: z.literal("template"),
      payload: z.object({
        template_type: z.literal("request_user_info"),
        elements: z.array(z.object({ title: nonEmpty.max(100), subtitle: nonEmpty.max(500), image_url: z.string().optional() })).length(1),
      }),
    }),
  }),
]);
const sendSchema = z.object({ recipient: z.object({ user_id: nonEmpty }), message: messageSchema });

export class FakeZalo {
  readonly appId: string;
  readonly appSecret: string;
  accessToken: string;
  refreshToken: string;
  /** Every call to the OAuth token endpoint, successful or not. */
  refreshCount = 0;
  /** Delay before answering a refresh (to widen races in tests). */
  refreshDelayMs = 0;
  /** Every refresh is refused (-14014, as for a spent refresh token) while true: an OA whose chain broke. */
  refuseRefreshes = false;
  /** Each OA's consultation-message quota (`/v2.0/oa/quota/message`); 2,000 of 2,000 unless set. */
  private readonly quotas = new Map<string, { remain: number; total: number }>();
  private readonly expiresIn: string;
  private readonly spentRefreshTokens = new Set<string>();
  private accessExpired = false;
  private readonly failures: FailureSpec[] = [];
  private readonly failingUsers = new Map<string, number>();
  private readonly hiddenProfiles = new Set<string>();
  private readonly recorded: RecordedMessage[] = [];
  /** The same messages by user: tests wait on one user's messages while thousands arrive. */
  private readonly recordedFor = new Map<string, RecordedMessage[]>();
  private readonly events = new EventEmitter();
  private rotation = 1;
  /** OAs other than the first, each with its own token pair (as one Zalo app serves many OAs). */
  private readonly otherOas = new Map<string, { accessToken: string; refreshToken: string }>();
  /** The OA the admin picks on the permission page (the first OA unless a test says otherwise). */
  authorizingOa: string = SANDBOX.oaId;
  /** Codes given by the permission page and not yet exchanged. */
  private readonly authCodes = new Map<string, { challenge: string; oaId: string }>();
  private echoes: { url: string; appId: string; secret: string } | null = null;
  /** ZNS template messages (`POST /message/template`), with a daily quota per OA (fake-zns.ts). */
  readonly zns = new FakeZns();
  private server!: Server;
  port = 0;

  constructor(options: FakeZaloOptions = {}) {
    this.appId = options.appId ?? "1163843031413526746";
    this.appSecret = options.appSecret ?? SANDBOX_SECRETS.ZALO_APP_SECRET;
    this.accessToken = options.accessToken ?? SANDBOX_SECRETS.ZALO_ACCESS_TOKEN;
    this.refreshToken = options.refreshToken ?? SANDBOX_SECRETS.ZALO_REFRESH_TOKEN;
    this.expiresIn = options.expiresIn ?? "90000";
    this.events.setMaxListeners(0);
  }

  /** Base URL for ZALO_API_BASE_URL, ZALO_OAUTH_BASE_URL and ZALO_ZNS_BASE_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A token store of the hotline pointed at this fake, seeded with its current pair. */
  tokenStore(redis: Redis, prefix: string, over: Partial<ZaloTokenStoreOptions> = {}): ZaloTokenStore {
    return new ZaloTokenStore({
      redis,
      prefix,
      appId: this.appId,
      appSecret: this.appSecret,
      oauthBaseUrl: this.url,
      seed: { accessToken: this.accessToken, refreshToken: this.refreshToken },
      ...over,
    });
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        res.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ error: -1, message: String(err) }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- controls ----

  /** The next `n` sends fail as given (before the token is even checked). */
  failNext(n: number, spec: FailureSpec): void {
    for (let i = 0; i < n; i++) this.failures.push(spec);
  }

  /** Every send to `userId` gets Zalo error `code` until `clearFailFor(userId)`. */
  failFor(userId: string, code: number): void {
    this.failingUsers.set(userId, code);
  }

  clearFailFor(userId: string): void {
    this.failingUsers.delete(userId);
  }

  /** The user's profile cannot be read (`user/detail` answers -213, as for a user who left the OA). */
  hideProfile(userId: string): void {
    this.hiddenProfiles.add(userId);
  }

  /** Another OA of the app, with its own token pair: a send with its token is this OA's message. */
  addOa(oaId: string, pair: { accessToken: string; refreshToken: string }): void {
    this.otherOas.set(oaId, { ...pair });
  }

  /** What `/v2.0/oa/quota/message` answers for an OA. */
  setQuota(oaId: string, quota: { remain: number; total: number }): void {
    this.quotas.set(oaId, { ...quota });
  }

  /** The current access token stops working (the refresh token still works). */
  expireAccessToken(): void {
    this.accessExpired = true;
  }

  /**
   * Post Zalo's echo (`oa_send_text`, msg_id = the message id answered, no admin_id) of every
   * accepted message to a webhook, as Zalo does, right after answering the send. Null stops it.
   */
  echoTo(webhook: { url: string; appId?: string; secret?: string } | null): void {
    this.echoes = webhook && { url: webhook.url, appId: webhook.appId ?? SANDBOX.appId, secret: webhook.secret ?? SANDBOX.oaSecretKey };
  }

  /** Messages accepted for a user, in arrival order. */
  messagesFor(userId: string): RecordedMessage[] {
    return [...(this.recordedFor.get(userId) ?? [])];
  }

  get allMessages(): RecordedMessage[] {
    return [...this.recorded];
  }

  /** Called for every accepted message; returns an unsubscribe function. */
  onMessage(listener: (m: RecordedMessage) => void): () => void {
    this.events.on("message", listener);
    return () => this.events.off("message", listener);
  }

  /** Resolves with the user's messages once there are at least `n`; rejects after `timeoutMs`. */
  waitForMessages(userId: string, n: number, timeoutMs = 5000): Promise<RecordedMessage[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const got = this.messagesFor(userId);
        if (got.length < n) return false;
        clearTimeout(timer);
        off();
        resolve(got);
        return true;
      };
      const timer = setTimeout(() => {
        off();
        reject(new Error(`fake Zalo: ${this.messagesFor(userId).length}/${n} messages for ${userId} after ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onMessage(() => void check());
      check();
    });
  }

  // ---- the API ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await readBody(req);
    if (req.method === "POST" && url.pathname === "/v3.0/oa/message/cs") return this.sendMessage(req, res, body);
    if (req.method === "POST" && url.pathname === "/v4/oa/access_token") return this.refresh(req, res, body);
    if (req.method === "POST" && url.pathname === "/v2.0/oa/quota/message") return this.quota(req, res);
    if (req.method === "POST" && url.pathname === "/message/template")
      return this.zns.handle(res, body, this.oaOfToken(req), () => req.socket.destroy());
    if (req.method === "GET" && url.pathname === "/v4/oa/permission") return this.permission(res, url);
    if (req.method === "GET" && url.pathname === "/v3.0/oa/user/detail") return this.userDetail(req, res, url);
    if (req.method === "GET" && url.pathname === SAMPLE_PHOTO_PATH)
      return void res.writeHead(200, { "Content-Type": "image/png" }).end(samplePng());
    json(res, 404, { error: 404, message: "Not found" });
  }

  private tokenOk(req: IncomingMessage): boolean {
    return this.oaOfToken(req) !== null;
  }

  /** The OA an access token belongs to, or null for none (or the first OA's expired one). */
  private oaOfToken(req: IncomingMessage): string | null {
    const token = req.headers["access_token"];
    if (token === this.accessToken && !this.accessExpired) return SANDBOX.oaId;
    for (const [oaId, pair] of this.otherOas) if (pair.accessToken === token) return oaId;
    return null;
  }

  private sendMessage(req: IncomingMessage, res: ServerResponse, body: string): void {
    const failure = this.failures.shift();
    if (failure) {
      if ("network" in failure) return void req.socket.destroy();
      if ("httpStatus" in failure) return json(res, failure.httpStatus, { message: "Internal error" });
      return zaloError(res, failure.zaloError, failure.message);
    }
    const oaId = this.oaOfToken(req);
    if (oaId === null) return zaloError(res, -216);
    let parsed;
    try {
      parsed = sendSchema.safeParse(JSON.parse(body));
    } catch {
      return zaloError(res, -201);
    }
    if (!parsed.success) return zaloError(res, -201);
    const userId = parsed.data.recipient.user_id;
    const code = this.failingUsers.get(userId);
    if (code !== undefined) return zaloError(res, code);
    const rec: RecordedMessage = {
      oaId,
      userId,
      message: parsed.data.message as Record<string, unknown>,
      messageId: randomBytes(10).toString("hex"),
      at: Date.now(),
    };
    this.recorded.push(rec);
    const mine = this.recordedFor.get(rec.userId);
    if (mine) mine.push(rec);
    else this.recordedFor.set(rec.userId, [rec]);
    json(res, 200, { error: 0, message: "Success", data: { message_id: rec.messageId, user_id: userId } });
    this.events.emit("message", rec);
    if (this.echoes) void this.echo(rec, this.echoes);
  }

  private async echo(rec: RecordedMessage, to: { url: string; appId: string; secret: string }): Promise<void> {
    const text = typeof rec.message.text === "string" ? rec.message.text : "";
    const hook = signedWebhook({ type: "oa_echo", text }, { userId: rec.userId, msgId: rec.messageId, appId: to.appId, secret: to.secret });
    await fetch(to.url, { method: "POST", headers: hook.headers, body: hook.body }).catch(() => undefined);
  }

  private async refresh(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    this.refreshCount++;
    if (this.refreshDelayMs) await new Promise((r) => setTimeout(r, this.refreshDelayMs));
    const form = new URLSearchParams(body);
    const refuse = (error: number, error_name: string, error_description: string) =>
      json(res, 200, { error, error_name, error_reason: error_description, ref_doc: "https://developers.zalo.me/docs", error_description });
    if (req.headers["secret_key"] !== this.appSecret || form.get("app_id") !== this.appId) {
      return refuse(-14001, "Invalid parameter", "app_id or secret_key is invalid");
    }
    if (form.get("grant_type") === "authorization_code") return this.exchangeCode(res, form, refuse);
    if (form.get("grant_type") !== "refresh_token") return refuse(-14003, "Invalid grant type", "grant_type must be refresh_token");
    if (this.refuseRefreshes) return refuse(-14014, "Invalid refresh token", "Refresh token is invalid or has already been used");
    const given = form.get("refresh_token") ?? "";
    for (const [oaId, pair] of this.otherOas) {
      if (pair.refreshToken !== given) continue;
      this.rotation++;
      const next = { accessToken: `fake-access-${oaId}-${this.rotation}`, refreshToken: `fake-refresh-${oaId}-${this.rotation}` };
      this.otherOas.set(oaId, next);
      return json(res, 200, { access_token: next.accessToken, refresh_token: next.refreshToken, expires_in: this.expiresIn });
    }
    if (given !== this.refreshToken || this.spentRefreshTokens.has(given)) {
      return refuse(-14014, "Invalid refresh token", "Refresh token is invalid or has already been used");
    }
    this.spentRefreshTokens.add(given);
    this.rotation++;
    this.accessToken = `fake-access-token-${this.rotation}-${randomBytes(3).toString("hex")}`;
    this.refreshToken = `fake-refresh-token-${this.rotation}-${randomBytes(3).toString("hex")}`;
    this.accessExpired = false;
    json(res, 200, { access_token: this.accessToken, refresh_token: this.refreshToken, expires_in: this.expiresIn });
  }

  /** The admin grants the app access to `authorizingOa`: back to the redirect URI with a code. */
  private permission(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const redirect = q.get("redirect_uri");
    const challenge = q.get("code_challenge");
    if (q.get("app_id") !== this.appId || !redirect || !challenge)
      return json(res, 400, { error: -14003, error_name: "Invalid parameter" });
    const code = randomBytes(24).toString("base64url");
    this.authCodes.set(code, { challenge, oaId: this.authorizingOa });
    const back = new URL(redirect);
    back.searchParams.set("code", code);
    back.searchParams.set("oa_id", this.authorizingOa);
    if (q.get("state") !== null) back.searchParams.set("state", q.get("state")!);
    res.writeHead(302, { Location: back.toString() }).end();
  }

  /** An authorization code and its verifier for the OA's new pair (the OA's old pair stops working). */
  private exchangeCode(
    res: ServerResponse,
    form: URLSearchParams,
    refuse: (error: number, name: string, description: string) => void,
  ): void {
    const code = form.get("code") ?? "";
    const granted = this.authCodes.get(code);
    if (!granted) return refuse(-14002, "Invalid code", "The authorization code is invalid or has already been used");
    this.authCodes.delete(code);
    const verifier = form.get("code_verifier") ?? "";
    if (createHash("sha256").update(verifier).digest("base64url") !== granted.challenge)
      return refuse(-14019, "Invalid code verifier", "code_verifier does not match code_challenge");
    this.rotation++;
    const pair = {
      accessToken: `fake-access-${granted.oaId}-${this.rotation}`,
      refreshToken: `fake-refresh-${granted.oaId}-${this.rotation}`,
    };
    if (granted.oaId === SANDBOX.oaId) {
      this.accessToken = pair.accessToken;
      this.refreshToken = pair.refreshToken;
      this.accessExpired = false;
    } else this.otherOas.set(granted.oaId, pair);
    json(res, 200, { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: this.expiresIn });
  }

  /** The OA's consultation-message quota, in HexaSync's documented shape (`type: "active"`). */
  private quota(req: IncomingMessage, res: ServerResponse): void {
    const oaId = this.oaOfToken(req);
    if (oaId === null) return zaloError(res, -216);
    const q = this.quotas.get(oaId) ?? { remain: 2000, total: 2000 };
    json(res, 200, { error: 0, message: "Success", data: { type: "active", remain: q.remain, total: q.total } });
  }

  private userDetail(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!this.tokenOk(req)) return zaloError(res, -216);
    let userId: unknown;
    try {
      userId = (JSON.parse(url.searchParams.get("data") ?? "{}") as { user_id?: unknown }).user_id;
    } catch {
      return zaloError(res, -201);
    }
    if (typeof userId !== "string" || !userId) return zaloError(res, -201);
    if (this.hiddenProfiles.has(userId)) return zaloError(res, -213);
    json(res, 200, {
      error: 0,
      message: "Success",
      data: {
        user_id: userId,
        display_name: `Người dân ${userId.slice(-4)}`,
        user_is_follower: true,
        user_last_interaction_date: new Date().toLocaleDateString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }),
      },
    });
  }
}

/** Start a fake Zalo OA API (port 0 = any free port). */
export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  return new FakeZalo(options).listen(options.port ?? 0, options.host);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function zaloError(res: ServerResponse, code: number, message?: string): void {
  json(res, 200, { error: code, message: message ?? ZALO_ERROR_MESSAGES[code] ?? "Unknown error" });
}
