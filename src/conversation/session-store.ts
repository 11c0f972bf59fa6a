import { z } from "zod";
import type { Reply } from "../core/reply.js";
import { redisKey, type RedisConnection } from "../redis.js";
import type { Effect } from "./flow.js";
import { logger } from "../logger.js";
import { emptySession, fitSession, type Session, sessionSchema } from "./session.js";

/** Replies and effects of one handled event, committed with the session. */
export interface Outbox {
  userId: string;
  replies: Reply[];
  effects: Effect[];
  /** The commune they belong to when not the event's (an event to the province OA, once its commune is chosen). */
  communeId?: string;
}
const outboxSchema = z.object({
  userId: z.string(),
  communeId: z.string().optional(),
  replies: z.array(z.custom<Reply>()),
  effects: z.array(z.custom<Effect>()),
});

/** Where the event stands among its user's events (its lane in the inbound queue, see src/queues/lanes.ts). */
export interface EventPlace {
  lane: string;
  member: string;
}

// KEYS: session, lane, outbox. ARGV: member, expected version, session JSON, outbox JSON ('' when
// there is nothing to send or do), outbox TTL, session TTL.
// An event is handled once: while it is first in its user's lane and has no outbox yet. The commit
// either keeps it first with its outbox (the dispatch then sends the outbox's jobs and takes the
// event out of the lane in one step: dispatch.ts), or, with nothing to dispatch, takes it out at once.
// Only the first event of a lane commits, so one user's events change the session in their order.
const COMMIT = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 'handled' end
local first = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
if first ~= ARGV[1] then
  if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'not-first' end
  return 'handled'
end
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = tonumber(cjson.decode(current).version) end
if version ~= tonumber(ARGV[2]) then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[6])
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[3], 'body', ARGV[4])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
end
return 'ok'
`;

const DAY_S = 24 * 3600;

/** `not-first`: an earlier event of the user is not handled yet (the caller lost its turn: a bug). */
export type CommitResult = "ok" | "conflict" | "handled" | "not-first";

/**
 * How long a committed outbox waits for its dispatch before it is dropped: only a lane given up
 * on (its event failed for good) leaves one behind; the failed-job retention is as long.
 */
const OUTBOX_TTL_S = 14 * DAY_S;

/** Sessions and outboxes in Redis; every write goes through one Lua script. */
export class SessionStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    /**
     * `legacyPrefix`: where sessions were kept before this store's prefix (a shard's): a session
     * found only there is carried over by the next commit.
     */
    private readonly opts: { sessionTtlS?: number; legacyPrefix?: string } = {},
  ) {
    redis.defineCommand("hotlineCommitInLane", { numberOfKeys: 3, lua: COMMIT });
  }

  private sessionKey(channel: string, userId: string) {
    return redisKey(this.prefix, "session", channel, userId);
  }

  /** Where a committed outbox waits for its dispatch (dispatch.ts deletes it as it enqueues). */
  outboxKey(eventId: string) {
    return redisKey(this.prefix, "outbox", eventId);
  }

  async load(channel: string, userId: string): Promise<Session> {
    let raw = await this.redis.get(this.sessionKey(channel, userId));
    if (!raw && this.opts.legacyPrefix !== undefined) {
      // From the layout before shards: taken as it is, at version 0, since no copy here has one yet.
      const legacy = await this.redis.get(redisKey(this.opts.legacyPrefix, "session", channel, userId));
      if (legacy) raw = JSON.stringify({ ...(JSON.parse(legacy) as object), version: 0 });
    }
    if (!raw) return emptySession();
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    // A session written by an older release that no longer parses starts over rather than wedging the user.
    return parsed.success ? parsed.data : { ...emptySession(), version: versionOf(raw) };
  }

  /**
   * Commit `next` (whose version must be the loaded one + 1) with the event's outbox — `null`
   * when the event has nothing to send or do, which also ends its turn.
   */
  async commit(
    place: EventPlace,
    channel: string,
    userId: string,
    eventId: string,
    loadedVersion: number,
    next: Session,
    outbox: Outbox | null,
  ): Promise<CommitResult> {
    const run = (this.redis as unknown as { hotlineCommitInLane: (...args: (string | number)[]) => Promise<string> }).hotlineCommitInLane;
    // Never more than SESSION_MAX_BYTES per citizen, whatever a flow put in it.
    const fitted = fitSession({ ...next, version: loadedVersion + 1 });
    if (fitted.dropped.length) logger.warn("session over its byte cap: parts dropped", { dropped: fitted.dropped });
    const result = await run.call(
      this.redis,
      this.sessionKey(channel, userId),
      place.lane,
      this.outboxKey(eventId),
      place.member,
      loadedVersion,
      fitted.json,
      outbox ? JSON.stringify(outbox) : "",
      OUTBOX_TTL_S,
      this.opts.sessionTtlS ?? 30 * DAY_S,
    );
    return result as CommitResult;
  }

  /** The outbox of an event committed but not dispatched yet (a crash came between). */
  async pending(eventId: string): Promise<Outbox | null> {
    const body = await this.redis.hget(this.outboxKey(eventId), "body");
    return body ? (outboxSchema.parse(JSON.parse(body)) as Outbox) : null;
  }
}

function versionOf(raw: string): number {
  const v = z.object({ version: z.number() }).safeParse(JSON.parse(raw));
  return v.success ? v.data.version : 0;
}
