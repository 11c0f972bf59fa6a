import type { Platform } from "../core/platform-event.js";
import { redisKey, type RedisConnection } from "../redis.js";
import {
  type CitizenMessage,
  citizenMessageSchema,
  type Handoff,
  type HandoffCitizen,
  type HandoffStatus,
  newUserRef,
  RECENT_MESSAGES,
} from "./handoff.js";

/**
 * Hand-offs in Redis, under the hotline's hash tag. Every change of status is one Lua script, so
 * two officers taking a conversation at once, or an officer's `#bot` racing the quiet period,
 * settle on one outcome. Each script records the event that made the change: a retried job
 * running it again gets the same outcome back (and sends the same, deduplicated, notices).
 *
 * A record is a commune's: Zalo user ids are per OA, so the commune is part of every citizen's
 * key. References are unique in the province (an officer types one without naming a commune).
 *
 * Keys (all expire `TTL_S` after the last change):
 *   handoff:user:<commune>:<channel>:<userId>    hash: ref, status, officer, console, lastAt, seq, event, from, fromOfficer, name, notified
 *   handoff:recent:<commune>:<channel>:<userId>  list: the citizen's last messages (JSON), for the officer
 *   handoff:ref:<REF>                            "<channel>\n<userId>\n<commune>": what a reference names
 *   handoff:held:<officerId>                     set: references the officer is answering (for `#bot` alone)
 *   handoff:left:<commune>                       set: references with messages left for the commune's next digest
 *   handoff:digest:<commune>:<id>                set: the references a digest job claimed (until it is sent)
 *   sent:<channel>:<msgId>                       the hotline sent that message itself (its echo is not a person)
 *
 * Before communes had ids the citizen's keys, the pending set and a digest's claim named none
 * (`handoff:user:<channel>:<userId>`, `handoff:left`…), and a reference named no commune. In a
 * province of one they are that commune's: a record is moved under its commune's key when first
 * touched, and the commune's digest claims the old pending set too. With several communes nobody
 * can tell whose they were; they are left to expire.
 */

/** A citizen's reference and record live a month after the last change. */
const TTL_S = 30 * 24 * 3600;
/** A digest job's claim outlives any retry of it. */
const DIGEST_CLAIM_TTL_S = 7 * 24 * 3600;
/** Echoes come within seconds; Zalo's redeliveries within hours. */
const OWN_SEND_TTL_S = 2 * 24 * 3600;

// KEYS: user, ref. ARGV: candidate reference, what it names, ttl.
const ENSURE_REF = `
local ref = redis.call('HGET', KEYS[1], 'ref')
if ref then return ref end
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('HSET', KEYS[1], 'ref', ARGV[1], 'status', 'off', 'seq', 0, 'lastAt', 0)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return ARGV[1]
`;

// KEYS: user, ref, recent. ARGV: now, eventId, ttl, messages (JSON each)…
const REQUEST = `
local h = redis.call('HMGET', KEYS[1], 'status', 'event')
local status = h[1] or 'off'
if status == 'waiting' or status == 'taken' then
  if h[2] == ARGV[2] then return 'ok' end
  return 'already'
end
redis.call('HSET', KEYS[1], 'status', 'waiting', 'officer', '', 'console', '', 'lastAt', ARGV[1], 'event', ARGV[2], 'from', status, 'fromOfficer', '', 'notified', '[]')
redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('DEL', KEYS[3])
for i = 4, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
return 'ok'
`;

// KEYS: user, ref, held (the taker's). ARGV: officerId, now, eventId, allowOff, ttl, ref.
const TAKE = `
local h = redis.call('HMGET', KEYS[1], 'status', 'officer', 'event', 'from')
local status = h[1]
if not status then return {'unknown'} end
local function keep() for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[5]) end end
if status == 'taken' and h[2] == ARGV[1] then
  if h[3] == ARGV[3] then return {'ok', h[4]} end
  -- The officer writing again does not start the quiet period again: it ends a hand-off the
  -- citizen no longer answers, whatever the officer does.
  keep()
  return {'mine'}
end
if status == 'taken' and h[2] and h[2] ~= '' then return {'other', h[2]} end
if status == 'off' and ARGV[4] ~= '1' then return {'off'} end
redis.call('HSET', KEYS[1], 'status', 'taken', 'officer', ARGV[1], 'console', '', 'lastAt', ARGV[2], 'event', ARGV[3], 'from', status, 'fromOfficer', '')
redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('SADD', KEYS[3], ARGV[6])
keep()
return {'ok', status}
`;

// KEYS: user, ref, recent. ARGV: now, message JSON ('' for none), message id, ttl, cap.
const CITIZEN_WROTE = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'waiting' and status ~= 'taken' then return 'off' end
redis.call('HSET', KEYS[1], 'lastAt', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'seq', 1)
if ARGV[2] ~= '' then
  local seen = false
  for _, item in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
    if cjson.decode(item).id == ARGV[3] then seen = true end
  end
  if not seen then
    redis.call('RPUSH', KEYS[3], ARGV[2])
    redis.call('LTRIM', KEYS[3], -tonumber(ARGV[5]), -1)
  end
end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
return status
`;

// KEYS: user, ref. ARGV: console, now, eventId, ttl.
const ECHO = `
local h = redis.call('HMGET', KEYS[1], 'status', 'event', 'from')
local status = h[1] or 'off'
local function keep() for i = 1, 2 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end end
if status == 'taken' then
  if h[2] == ARGV[3] then return {'started', h[3]} end
  -- As for TAKE: a person writing from the console does not hold the quiet period off.
  keep()
  return {'touched'}
end
redis.call('HSET', KEYS[1], 'status', 'taken', 'officer', '', 'console', ARGV[1], 'lastAt', ARGV[2], 'event', ARGV[3], 'from', status, 'fromOfficer', '')
redis.call('HINCRBY', KEYS[1], 'seq', 1)
keep()
return {'started', status}
`;

// KEYS: user, ref, held (of the officer expected to hold it). ARGV: expected officer ('' none),
// expected seq ('' any), eventId, ttl, ref.
const END = `
local h = redis.call('HMGET', KEYS[1], 'status', 'officer', 'seq', 'event', 'from', 'fromOfficer')
if h[1] ~= 'waiting' and h[1] ~= 'taken' then
  if h[4] == ARGV[3] then return {'ended', h[5] or 'off', h[6] or ''} end
  return {'off'}
end
local officer = h[2] or ''
if officer ~= ARGV[1] then return {'moved'} end
if ARGV[2] ~= '' and h[3] ~= ARGV[2] then return {'active'} end
redis.call('HSET', KEYS[1], 'status', 'off', 'officer', '', 'console', '', 'event', ARGV[3], 'from', h[1], 'fromOfficer', officer)
if officer ~= '' then redis.call('SREM', KEYS[3], ARGV[5]) end
for i = 1, 2 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
return {'ended', h[1], officer}
`;

// KEYS: user, ref, recent, left (the pending set). ARGV: eventId, ttl, message JSON, message id,
// cap, ref, recent cap. → {status before, messages waiting, 'ok' | 'again' | 'full' | 'live'}.
const LEAVE = `
local h = redis.call('HMGET', KEYS[1], 'status', 'left')
local status = h[1] or 'off'
local left = tonumber(h[2] or '0') or 0
-- A conversation the bot has again starts a new count (one taken before its digest kept its own).
if status == 'off' then left = 0 end
local function keep() for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[2]) end end
if status == 'waiting' or status == 'taken' then keep() return {status, left, 'live'} end
for _, item in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  if cjson.decode(item).id == ARGV[4] then return {status, left, 'again'} end
end
if left >= tonumber(ARGV[5]) then keep() return {status, left, 'full'} end
if status == 'off' then
  redis.call('HSET', KEYS[1], 'status', 'left', 'event', ARGV[1], 'from', 'off', 'fromOfficer', '')
  redis.call('DEL', KEYS[3])
end
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[7]), -1)
redis.call('HSET', KEYS[1], 'left', left + 1)
redis.call('SADD', KEYS[4], ARGV[6])
keep()
return {status, left + 1, 'ok'}
`;

// KEYS: left (the pending set), digest, and the pending set and this digest's claim of before
// communes (keys nobody writes, when the commune is not the province of one's). ARGV: ttl. The
// pending references become the digest's (a retried digest job finds its own claim again).
const CLAIM_LEFT = `
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SUNIONSTORE', KEYS[2], KEYS[1], KEYS[3], KEYS[4])
  redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
return redis.call('SMEMBERS', KEYS[2])
`;

// KEYS: user, recent (the commune's), user, recent (of before communes). A record of before
// communes moves under its commune's keys, expiry and all, unless the commune's record exists.
const ADOPT = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
redis.call('RENAME', KEYS[3], KEYS[1])
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('RENAME', KEYS[4], KEYS[2]) end
return 1
`;

// KEYS: user, left (the pending set). ARGV: messages digested, ref. Messages left meanwhile wait for the next digest.
const DIGESTED = `
local left = tonumber(redis.call('HGET', KEYS[1], 'left') or '0') or 0
local rest = math.max(0, left - tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'left', rest)
if rest > 0 and redis.call('HGET', KEYS[1], 'status') == 'left' then redis.call('SADD', KEYS[2], ARGV[2]) end
return rest
`;

type Script = (...args: (string | number)[]) => Promise<unknown>;

/** The scripts and how many keys each takes. */
const SCRIPTS = {
  EnsureRef: [ENSURE_REF, 2],
  Request: [REQUEST, 3],
  Take: [TAKE, 3],
  CitizenWrote: [CITIZEN_WROTE, 3],
  Echo: [ECHO, 2],
  End: [END, 3],
  Leave: [LEAVE, 4],
  ClaimLeft: [CLAIM_LEFT, 4],
  Digested: [DIGESTED, 2],
  Adopt: [ADOPT, 4],
} as const;
type ScriptName = keyof typeof SCRIPTS;

export type TakeOutcome =
  /** Taken now (or by this very event before a retry); `from` is the status it was taken from. */
  | { outcome: "ok"; from: HandoffStatus }
  /** This officer already holds it (a second tap, a second `#tl`). */
  | { outcome: "mine" }
  | { outcome: "other"; officerId: string }
  /** Nothing to take: the conversation is with the bot (`#nhanchat` takes only a request). */
  | { outcome: "off" }
  | { outcome: "unknown" };

export type EndOutcome =
  | { outcome: "ended"; from: HandoffStatus; officerId: string | null }
  | { outcome: "off" }
  /** The quiet period was counted from an older message: someone wrote since. */
  | { outcome: "active" }
  /** Someone else holds it now. */
  | { outcome: "moved" };

/** Hand-off records and the hotline's own sends, in Redis. */
export class HandoffStore {
  /**
   * `legacyCommuneId`: the commune of a province of one, whose records of before communes had ids
   * are its own (see above); none when the deployment has several.
   */
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly legacyCommuneId?: string,
  ) {
    for (const [name, [lua, numberOfKeys]] of Object.entries(SCRIPTS)) redis.defineCommand(`hotlineHandoff${name}`, { lua, numberOfKeys });
  }

  private run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    const script = (this.redis as unknown as Record<string, Script>)[`hotlineHandoff${name}`]!;
    return script.call(this.redis, ...keys, ...args);
  }

  private userKey(c: HandoffCitizen) {
    return redisKey(this.prefix, "handoff", "user", c.communeId, c.channel, c.userId);
  }
  private recentKey(c: HandoffCitizen) {
    return redisKey(this.prefix, "handoff", "recent", c.communeId, c.channel, c.userId);
  }
  private refKey(ref: string) {
    return redisKey(this.prefix, "handoff", "ref", ref);
  }
  private heldKey(officerId: string) {
    return redisKey(this.prefix, "handoff", "held", officerId);
  }
  private leftKey(communeId: string) {
    return redisKey(this.prefix, "handoff", "left", communeId);
  }
  private digestKey(communeId: string, digestId: string) {
    return redisKey(this.prefix, "handoff", "digest", communeId, digestId);
  }
  private isLegacy(communeId: string) {
    return this.legacyCommuneId !== undefined && communeId === this.legacyCommuneId;
  }

  /** The record of before communes, moved under the commune's keys (a province of one only). */
  private async adopt(c: HandoffCitizen): Promise<void> {
    if (!this.isLegacy(c.communeId)) return;
    await this.run(
      "Adopt",
      [
        this.userKey(c),
        this.recentKey(c),
        redisKey(this.prefix, "handoff", "user", c.channel, c.userId),
        redisKey(this.prefix, "handoff", "recent", c.channel, c.userId),
      ],
      [],
    );
  }

  /** The citizen's reference, made on first need (a new one draws again on a clash). */
  async ensureRef(c: HandoffCitizen): Promise<string> {
    await this.adopt(c);
    for (let attempt = 0; attempt < 10; attempt++) {
      const candidate = newUserRef();
      const ref = await this.run(
        "EnsureRef",
        [this.userKey(c), this.refKey(candidate)],
        [candidate, `${c.channel}\n${c.userId}\n${c.communeId}`, TTL_S],
      );
      if (typeof ref === "string") return ref;
    }
    throw new Error("no free hand-off reference after 10 attempts");
  }

  /** Who a reference names, or null (unknown, expired, or of before communes in a province of several). */
  async resolve(ref: string): Promise<HandoffCitizen | null> {
    const raw = await this.redis.get(this.refKey(ref));
    if (!raw) return null;
    const [channel, userId, communeId = this.legacyCommuneId] = raw.split("\n");
    return channel === "zalo" && userId && communeId ? { communeId, channel, userId } : null;
  }

  /** The citizen's record, or null when they never had one. */
  async current(c: HandoffCitizen): Promise<(Handoff & { seq: number }) | null> {
    await this.adopt(c);
    const [[, h], [, recent]] = (await this.redis.multi().hgetall(this.userKey(c)).lrange(this.recentKey(c), 0, -1).exec()) as [
      [unknown, Record<string, string>],
      [unknown, string[]],
    ];
    if (!h.ref) return null;
    return {
      ref: h.ref,
      communeId: c.communeId,
      channel: c.channel,
      userId: c.userId,
      status: (["off", "waiting", "taken", "left"].includes(h.status ?? "") ? h.status : "off") as HandoffStatus,
      officerId: h.officer || null,
      console: h.console || null,
      lastAt: Number(h.lastAt ?? 0),
      seq: Number(h.seq ?? 0),
      name: h.name || null,
      recent: recent.flatMap((item) => {
        const m = citizenMessageSchema.safeParse(JSON.parse(item));
        return m.success ? [m.data] : [];
      }),
      notified: parseIds(h.notified),
      left: Number(h.left ?? 0),
    };
  }

  async byRef(ref: string): Promise<(Handoff & { seq: number }) | null> {
    const who = await this.resolve(ref);
    return who ? this.current(who) : null;
  }

  private keys(c: HandoffCitizen, ref: string) {
    return { user: this.userKey(c), ref: this.refKey(ref), recent: this.recentKey(c) };
  }

  /** The citizen asks for an officer: `waiting`, with the messages that led here. */
  async request(
    c: HandoffCitizen,
    o: { eventId: string; now: number; recent: CitizenMessage[] },
  ): Promise<{ ref: string; outcome: "ok" | "already" }> {
    const ref = await this.ensureRef(c);
    const k = this.keys(c, ref);
    const recent = o.recent.slice(-RECENT_MESSAGES).map((m) => JSON.stringify(m));
    const outcome = (await this.run("Request", [k.user, k.ref, k.recent], [o.now, o.eventId, TTL_S, ...recent])) as "ok" | "already";
    return { ref, outcome };
  }

  /**
   * An officer takes the conversation: the first one wins. `allowOff` (a `#tl` relay) also takes
   * a conversation the bot is having, so an officer can write first.
   */
  async take(ref: string, officerId: string, o: { eventId: string; now: number; allowOff: boolean }): Promise<TakeOutcome> {
    const who = await this.resolve(ref);
    if (!who) return { outcome: "unknown" };
    await this.adopt(who);
    const k = this.keys(who, ref);
    const [outcome, detail] = (await this.run(
      "Take",
      [k.user, k.ref, this.heldKey(officerId)],
      [officerId, o.now, o.eventId, o.allowOff ? "1" : "0", TTL_S, ref],
    )) as [string, string?];
    if (outcome === "ok") return { outcome, from: (detail ?? "off") as HandoffStatus };
    if (outcome === "other") return { outcome, officerId: detail ?? "" };
    return { outcome: outcome as "mine" | "off" | "unknown" };
  }

  /** The citizen wrote while handed off: the quiet period starts again; the message is kept for the officer. */
  async citizenWrote(c: HandoffCitizen, ref: string, o: { now: number; message: CitizenMessage | null }): Promise<HandoffStatus> {
    await this.adopt(c);
    const k = this.keys(c, ref);
    const m = o.message;
    return (await this.run(
      "CitizenWrote",
      [k.user, k.ref, k.recent],
      [o.now, m ? JSON.stringify(m) : "", m?.id ?? "", TTL_S, RECENT_MESSAGES],
    )) as HandoffStatus;
  }

  /** A person wrote to the citizen from the OA console: the conversation is theirs now (or still). */
  async echo(
    c: HandoffCitizen,
    o: { console: string; eventId: string; now: number },
  ): Promise<{ outcome: "started"; from: HandoffStatus } | { outcome: "touched" }> {
    const ref = await this.ensureRef(c);
    const k = this.keys(c, ref);
    const [outcome, from] = (await this.run("Echo", [k.user, k.ref], [o.console, o.now, o.eventId, TTL_S])) as [string, string?];
    return outcome === "started" ? { outcome, from: (from ?? "off") as HandoffStatus } : { outcome: "touched" };
  }

  /**
   * Give the conversation back to the bot, if `officerId` (null: nobody, or the console) still
   * holds it and, when `seq` is given, nobody wrote since.
   */
  async end(c: HandoffCitizen, ref: string, o: { officerId: string | null; seq?: number; eventId: string }): Promise<EndOutcome> {
    await this.adopt(c);
    const k = this.keys(c, ref);
    const [outcome, from, officer] = (await this.run(
      "End",
      [k.user, k.ref, this.heldKey(o.officerId ?? "-")],
      [o.officerId ?? "", o.seq ?? "", o.eventId, TTL_S, ref],
    )) as [string, string?, string?];
    if (outcome === "ended") return { outcome, from: (from ?? "off") as HandoffStatus, officerId: officer || null };
    return { outcome: outcome as "off" | "active" | "moved" };
  }

  /**
   * A message left outside office hours: `left` (a live conversation stays as it is), the message
   * kept for the commune's digest unless `cap` messages already wait. `outcome`: kept (`ok`), kept
   * already by this very message (`again`, a retried job), refused (`full`), or not left (`live`).
   */
  async leave(
    c: HandoffCitizen,
    o: { eventId: string; message: CitizenMessage; cap: number },
  ): Promise<{ ref: string; before: HandoffStatus; waiting: number; outcome: "ok" | "again" | "full" | "live" }> {
    const ref = await this.ensureRef(c);
    const k = this.keys(c, ref);
    const [before, waiting, outcome] = (await this.run(
      "Leave",
      [k.user, k.ref, k.recent, this.leftKey(c.communeId)],
      [o.eventId, TTL_S, JSON.stringify(o.message), o.message.id, o.cap, ref, RECENT_MESSAGES],
    )) as [HandoffStatus, number, "ok" | "again" | "full" | "live"];
    return { ref, before, waiting: Number(waiting), outcome };
  }

  /**
   * The references with messages left in the commune, claimed for its digest `digestId` (the same
   * ones again on a retry).
   */
  async claimLeft(communeId: string, digestId: string): Promise<string[]> {
    // Keys of before communes are claimed only by the province of one's commune; others name a key nobody writes.
    const legacy = this.isLegacy(communeId);
    const none = redisKey(this.prefix, "handoff", "none");
    const keys = [
      this.leftKey(communeId),
      this.digestKey(communeId, digestId),
      legacy ? redisKey(this.prefix, "handoff", "left") : none,
      legacy ? redisKey(this.prefix, "handoff", "digest", digestId) : none,
    ];
    const refs = (await this.run("ClaimLeft", keys, [DIGEST_CLAIM_TTL_S])) as string[];
    return refs.sort();
  }

  /** The digest `digestId` was sent: `counts` (reference → messages it listed) are no longer waiting. */
  async digested(communeId: string, digestId: string, counts: ReadonlyMap<string, number>): Promise<void> {
    for (const [ref, n] of counts) {
      const who = await this.resolve(ref);
      if (who?.communeId === communeId) await this.run("Digested", [this.userKey(who), this.leftKey(communeId)], [n, ref]);
    }
    await this.redis.del(this.digestKey(communeId, digestId));
  }

  async setName(c: HandoffCitizen, name: string): Promise<void> {
    await this.redis.hset(this.userKey(c), "name", name);
  }

  async setNotified(c: HandoffCitizen, officerIds: string[]): Promise<void> {
    await this.redis.hset(this.userKey(c), "notified", JSON.stringify(officerIds));
  }

  /** References this officer answers now. */
  async heldBy(officerId: string): Promise<string[]> {
    const refs = await this.redis.smembers(this.heldKey(officerId));
    const held: string[] = [];
    for (const ref of refs.sort()) {
      const h = await this.byRef(ref);
      if (h?.status === "taken" && h.officerId === officerId) held.push(ref);
      else await this.redis.srem(this.heldKey(officerId), ref);
    }
    return held;
  }

  /** Remember messages the hotline sent (their echoes are not a person answering). */
  async recordOwnSends(channel: Platform, messageIds: readonly string[]): Promise<void> {
    if (!messageIds.length) return;
    const m = this.redis.multi();
    for (const id of messageIds) m.set(redisKey(this.prefix, "sent", channel, id), "1", "EX", OWN_SEND_TTL_S);
    await m.exec();
  }

  async isOwnSend(channel: Platform, messageId: string): Promise<boolean> {
    return (await this.redis.exists(redisKey(this.prefix, "sent", channel, messageId))) === 1;
  }
}

function parseIds(raw: string | undefined): string[] {
  try {
    const v: unknown = JSON.parse(raw ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
