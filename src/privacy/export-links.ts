import type { RedisConnection } from "../redis.js";
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import { redisKey } from "../redis.js";

/** How long a citizen's link to the file of their data works (once). */
export const EXPORT_LINK_TTL_MS = 24 * 3600_000;

/** The page behind a link: `${PUBLIC_BASE_URL}/du-lieu-ca-nhan/<token>`. */
export const EXPORT_LINK_PATH = "/du-lieu-ca-nhan";

/** Whose data a link gives: the account in one commune (kept in Redis for the link's life only). */
export interface ExportLinkSubject {
  communeId: string;
  channel: string;
  userId: string;
}

export type ExportLinkState = { state: "ready"; subject: ExportLinkSubject; expiresAt: number } | { state: "used" | "expired" | "unknown" };

const stored = z.union([
  z.strictObject({ used: z.literal(true), expiresAt: z.number() }),
  z.strictObject({ communeId: z.string(), channel: z.string(), userId: z.string(), expiresAt: z.number() }),
]);

/** Read the link and mark it used in one step, keeping its expiry (a second use finds the mark). */
const TAKE = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return v`;

/**
 * One-time links to the file of a citizen's data ("what do you hold about me"). The token is a
 * keyed hash of the request's event (the same answer on a redelivery, unguessable without the
 * key); the URL carries only the token, and Redis keeps only its SHA-256, so neither names the
 * person. A link works once, for 24 hours; used, it keeps a mark without the person until it
 * expires, so a second use is told apart from an unknown link. An erasure sweeps the entry with
 * the rest of the person's keys (redis-sweep.ts).
 */
export class ExportLinks {
  private readonly key: Buffer;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    secret: string,
    /** `PUBLIC_BASE_URL`; without it no link is given (the chat says to ask at the office). */
    private readonly baseUrl: string | undefined,
    private readonly ttlMs = EXPORT_LINK_TTL_MS,
  ) {
    this.key = createHmac("sha256", secret).update("civic-hotline/data-export/v1").digest();
  }

  /** The link a request (its event) gets, or null where the hotline has no public address. */
  urlFor(eventId: string, s: ExportLinkSubject): string | null {
    if (!this.baseUrl) return null;
    return `${this.baseUrl.replace(/\/+$/, "")}${EXPORT_LINK_PATH}/${this.tokenFor(eventId, s)}`;
  }

  /** Make the link of a request usable (once; a retried effect neither renews nor revives it). */
  async issue(eventId: string, s: ExportLinkSubject, now: Date): Promise<void> {
    if (!this.baseUrl) return;
    const value = JSON.stringify({ communeId: s.communeId, channel: s.channel, userId: s.userId, expiresAt: now.getTime() + this.ttlMs });
    await this.redis.set(this.redisKeyOf(this.tokenFor(eventId, s)), value, "PX", this.ttlMs, "NX");
  }

  /** What a link gives now, without using it (the page that offers the download). */
  async peek(token: string, now: Date): Promise<ExportLinkState> {
    if (!isToken(token)) return { state: "unknown" };
    return stateOf(await this.redis.get(this.redisKeyOf(token)), now);
  }

  /** Use the link: `ready` once, `used` after. */
  async take(token: string, now: Date): Promise<ExportLinkState> {
    if (!isToken(token)) return { state: "unknown" };
    const key = this.redisKeyOf(token);
    const current = stateOf(await this.redis.get(key), now);
    if (current.state !== "ready") return current;
    const raw = (await this.redis.eval(TAKE, 1, key, JSON.stringify({ used: true, expiresAt: current.expiresAt }))) as string | null;
    return stateOf(raw, now);
  }

  private tokenFor(eventId: string, s: ExportLinkSubject): string {
    return createHmac("sha256", this.key).update(`${s.communeId}\u0000${s.channel}\u0000${s.userId}\u0000${eventId}`).digest("base64url");
  }

  private redisKeyOf(token: string): string {
    return redisKey(this.prefix, "data-export", createHash("sha256").update(token).digest("hex"));
  }
}

function isToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

function stateOf(raw: string | null, now: Date): ExportLinkState {
  if (!raw) return { state: "unknown" };
  let parsed;
  try {
    parsed = stored.safeParse(JSON.parse(raw));
  } catch {
    return { state: "unknown" };
  }
  if (!parsed.success) return { state: "unknown" };
  const v = parsed.data;
  if ("used" in v) return { state: "used" };
  if (v.expiresAt <= now.getTime()) return { state: "expired" };
  return { state: "ready", subject: { communeId: v.communeId, channel: v.channel, userId: v.userId }, expiresAt: v.expiresAt };
}
