import type { Redis } from "ioredis";
import { z } from "zod";
import type { Reply } from "../core/reply.js";
import { redisKey } from "../redis.js";
import type { Effect } from "./flow.js";
import { emptySession, type Session, sessionSchema } from "./session.js";

/** Replies and effects of one handled event, committed with the session. */
export interface Outbox {
  userId: string;
  replies: Reply[];
  effects: Effect[];
}
const outboxSchema = z.object({
  userId: z.string(),
  replies: z.array(z.custom<Reply>()),
  effects: z.array(z.custom<Effect>()),
});

// KEYS: session, outbox. ARGV: expected version, session JSON, outbox JSON, outbox TTL, session TTL.
// The outbox key doubles as "this event was handled": it is checked and written in one step with
// the version, so an event is committed once even when two workers race on it.
const COMMIT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 'handled' end
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = tonumber(cjson.decode(current).version) end
if version ~= tonumber(ARGV[1]) then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[5])
redis.call('HSET', KEYS[2], 'body', ARGV[3], 'dispatched', '0')
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 'ok'
`;

const DAY_S = 24 * 3600;

export type CommitResult = "ok" | "conflict" | "handled";

/** Sessions and outboxes in Redis; every write goes through one Lua script. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly opts: { outboxTtlS?: number; sessionTtlS?: number } = {},
  ) {
    redis.defineCommand("hotlineCommit", { numberOfKeys: 2, lua: COMMIT });
  }

  private sessionKey(channel: string, userId: string) {
    return redisKey(this.prefix, "session", channel, userId);
  }

  private outboxKey(eventId: string) {
    return redisKey(this.prefix, "outbox", eventId);
  }

  async load(channel: string, userId: string): Promise<Session> {
    const raw = await this.redis.get(this.sessionKey(channel, userId));
    if (!raw) return emptySession();
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    // A session written by an older release that no longer parses starts over rather than wedging the user.
    return parsed.success ? parsed.data : { ...emptySession(), version: versionOf(raw) };
  }

  /** Commit `next` (whose version must be the loaded one + 1) with the event's outbox. */
  async commit(channel: string, userId: string, eventId: string, loadedVersion: number, next: Session, outbox: Outbox): Promise<CommitResult> {
    const run = (this.redis as unknown as { hotlineCommit: (...args: (string | number)[]) => Promise<string> }).hotlineCommit;
    const result = await run.call(
      this.redis,
      this.sessionKey(channel, userId),
      this.outboxKey(eventId),
      loadedVersion,
      JSON.stringify({ ...next, version: loadedVersion + 1 }),
      JSON.stringify(outbox),
      this.opts.outboxTtlS ?? 3 * DAY_S,
      this.opts.sessionTtlS ?? 30 * DAY_S,
    );
    return result as CommitResult;
  }

  /** The outbox of an event already committed, and whether its jobs were already enqueued. */
  async outbox(eventId: string): Promise<{ outbox: Outbox; dispatched: boolean } | null> {
    const h = await this.redis.hgetall(this.outboxKey(eventId));
    if (!h.body) return null;
    return { outbox: outboxSchema.parse(JSON.parse(h.body)) as Outbox, dispatched: h.dispatched === "1" };
  }

  async markDispatched(eventId: string): Promise<void> {
    await this.redis.hset(this.outboxKey(eventId), "dispatched", "1");
  }
}

function versionOf(raw: string): number {
  const v = z.object({ version: z.number() }).safeParse(JSON.parse(raw));
  return v.success ? v.data.version : 0;
}
