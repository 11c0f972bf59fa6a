import { Writable } from "node:stream";
import { DelayedError, type Job, type Queue, type RedisClient, type Worker } from "bullmq";
import type { EventPlace } from "../conversation/session-store.js";
import type { PlatformEvent } from "../core/platform-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { withinMs } from "../core/deadline.js";
import { redisKey, type RedisConnection } from "../redis.js";
import { addJobTo, asTurn, LUA_JOIN_LANE, laneClient, laneKey, runInLane } from "./lanes.js";
import { DEDUPE_WINDOW_S, jobId, QUEUE } from "./names.js";
import { LUA_PACE, type PaceRate } from "./pace.js";
import { createWorker } from "./worker.js";

/**
 * Longest one event may take. Handling is a few Redis round trips and look-ups; an attempt that
 * hangs (a look-up that never answers) fails and is retried, and after the job's attempts the
 * event ends in the failed set instead of holding a worker slot forever.
 */
const HANDLE_DEADLINE_MS = 30_000;

/**
 * How often a job is put back after its worker stopped renewing the lock (killed, or frozen).
 * One crash mid-event is recovered; an event that stalls its worker again and again is more
 * likely the cause than the victim, so it goes to the failed set rather than stopping every
 * worker that picks it up.
 */
const MAX_STALLS = 2;

/** How long an event over its commune's cap waits before it is tried again (plus up to as much at random). */
const OVER_CAP_WAIT_MS = 100;

/**
 * The `seen` key of an event (the dedupe store, kept for the window): `q` once accepted, `s` when
 * the lane moved on past it after it failed for good; `1` was written by releases before lanes.
 */
const seenKey = (prefix: string, event: Pick<PlatformEvent, "channel" | "eventId">) =>
  redisKey(prefix, "seen", event.channel, event.eventId);

/** The slots booked by a commune's waiting events (pace.ts), each with its time. */
const paceSlotsKey = (prefix: string, communeId: string) => redisKey(prefix, "pace-slots", communeId);

const SCRIPTS = {
  // KEYS: seen, lane, job, the commune's pace (its next free time) and slots. ARGV: job id, window
  // (s), now, the pace's interval and burst (ms; interval 0: book nothing). Runs right after the
  // job's add, on the same connection (not atomically with it: other clients may run between).
  // First delivery: remember it, place it last in the lane, and book its slot of the commune's
  // pace (the worker then finds it booked: a flood is known to be over its pace from its first
  // event past the burst, not only once workers have taken a second's worth of it). → {1 | 0: a
  // repeat (or a worker already took the job and placed it) | -1: the add made no job, the pace's
  // next free time} (the sink learns from it that the commune is over its pace).
  hotlineAccept: {
    numberOfKeys: 5,
    lua: `${LUA_JOIN_LANE}${LUA_PACE}
if not redis.call('SET', KEYS[1], 'q', 'EX', ARGV[2], 'NX') then return {0, redis.call('GET', KEYS[4]) or '0'} end
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[1])
  return {-1, redis.call('GET', KEYS[4]) or '0'}
end
if join(KEYS[2], ARGV[1]) ~= 0 and tonumber(ARGV[4]) > 0 then
  local now = tonumber(ARGV[3])
  if pace(KEYS[4], KEYS[5], ARGV[1], now, 0, tonumber(ARGV[4]), tonumber(ARGV[5]), 1) == 0 then hold(KEYS[5], ARGV[1], now, now) end
end
return {1, redis.call('GET', KEYS[4]) or '0'}`,
  },
  // KEYS: seen, the commune's pace and slots (pace.ts). ARGV: job id, now, interval, burst (ms).
  // The webhook books an event's slot before storing it, for a commune over its pace: the event
  // then sleeps in the delayed set until its slot, and no worker takes it before. → {-1}: a repeat
  // (it books nothing) | {slot (0: now), the pace's next free time}. A slot of now is recorded too,
  // so that the worker does not book a second one for the event.
  hotlinePaceAtIngest: {
    numberOfKeys: 3,
    lua: `${LUA_PACE}
if redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
local now = tonumber(ARGV[2])
local slot = pace(KEYS[2], KEYS[3], ARGV[1], now, 0, tonumber(ARGV[3]), tonumber(ARGV[4]), 1)
if slot == 0 then hold(KEYS[3], ARGV[1], now, now) end
return {slot, redis.call('GET', KEYS[2]) or '0'}`,
  },
  // KEYS: lane, seen, outbox of a release before lanes. ARGV: job id, window (s).
  // → {'first'} | {'behind', first job id} | {'absent'}: absent = handled already. An event in no
  // lane takes its place now (one step with the look, so the sink's script cannot slip between)
  // if it was never placed (a worker got its job before the sink's script ran, or the connection
  // dropped between the two), given up and retried by hand, or queued by a release before lanes
  // and never handled.
  hotlineInboundTurn: {
    numberOfKeys: 3,
    lua: `${LUA_JOIN_LANE}
local function where()
  local first = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if first == ARGV[1] then return {'first'} end
  if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'behind', first} end
  return nil
end
local w = where()
if w then return w end
local seen = redis.call('GET', KEYS[2])
if not seen then
  redis.call('SET', KEYS[2], 'q', 'EX', ARGV[2])
elseif seen == 's' or (seen == '1' and redis.call('EXISTS', KEYS[3]) == 0) then
  redis.call('SET', KEYS[2], 'q', 'KEEPTTL')
else
  return {'absent'}
end
join(KEYS[1], ARGV[1])
return where()`,
  },
  // KEYS: the commune's events in flight (job id → when taken), its pace's next free time and
  // slots (pace.ts). ARGV: job id, now, lease (ms), cap (0: none), interval, burst (ms; interval 0:
  // no pace). → {'run'} (its place taken, or already held by this job) | {'full'}: the commune has
  // its cap running | {'later', slot}: over the commune's rate, its slot. The cap is looked at
  // first, so an event bounced by it takes no slot. A worker that died holding a place frees it
  // when its lease ends.
  hotlineCommuneTake: {
    numberOfKeys: 3,
    lua: `${LUA_PACE}
local now, lease, cap = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if cap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - lease)
  if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= cap then return {'full'} end
end
if tonumber(ARGV[5]) > 0 then
  local slot = pace(KEYS[2], KEYS[3], ARGV[1], now, 0, tonumber(ARGV[5]), tonumber(ARGV[6]), 1)
  if slot > 0 then return {'later', slot} end
end
if cap > 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease)
end
return {'run'}`,
  },
  // KEYS: the commune's events in flight. ARGV: job id.
  hotlineInFlightDone: { numberOfKeys: 1, lua: `return redis.call('ZREM', KEYS[1], ARGV[1])` },
  // KEYS: seen. The lane moves on past this event: a retry by hand may put it back.
  hotlineGiveUp: {
    numberOfKeys: 1,
    lua: `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], 's', 'KEEPTTL') end return 1`,
  },
} as const;

/**
 * Stores accepted events in the `inbound` queue, each in its user's lane. Two commands written
 * together (one round trip, run one after the other): the job add — its id from the event id, so
 * every delivery of one event is one job while it exists — then a script that tells the first
 * delivery from repeats by the small `seen` key (kept for the dedupe window; the job itself is
 * removed once handled) and places a first delivery last in the user's lane: its sequence. Not a
 * MULTI: an ioredis transaction costs the web process more CPU than both commands (bench/README);
 * the two are not one atomic step (under load Redis may run other clients' commands between
 * them), so a worker that gets the job before the script ran — or after a connection dropped
 * between them — places it itself (`hotlineInboundTurn`). The answer waits for Redis, so a 200 is
 * never given for an event Redis did not take.
 *
 * With a commune pace (`communeRate`), an event of a commune whose pace is booked past its burst
 * books its slot first (one more round trip, for that commune only) and is stored in the delayed
 * set until then: a flood's backlog is never taken by a worker before its time, which cost the
 * workers a park per event (in the fairness bench's flood, 33% + 33% of a core against 24% + 24%).
 * The sink learns which communes are over their pace from Redis's answers; an event of a commune
 * it thinks calm is stored as usual and its slot booked by the script that places it (a worker
 * that takes it before its slot puts it back to sleep until then; in a calm commune the slot is
 * now). So a flood is known from its first event past the burst: before, only once the workers
 * had taken a burst's worth of it, and the events stored meanwhile were each taken to be parked
 * (the slowest quiet replies of the fairness bench all came in that first half second).
 */
export class QueueInboundSink implements InboundSink {
  /** Per commune: until when its pace is booked past the burst, as Redis last said. */
  private readonly bookedUntil = new Map<string, number>();

  constructor(
    private readonly queue: Queue,
    private readonly prefix: string,
    private readonly communeRate: PaceRate | null = null,
  ) {}

  async accept(event: PlatformEvent): Promise<"queued" | "duplicate"> {
    const client = await laneClient(this.queue, SCRIPTS);
    const id = jobId("in", event.channel, event.eventId);
    const seen = seenKey(this.prefix, event);
    const pace = redisKey(this.prefix, "pace", event.communeId);
    let delay = 0;
    const rate = this.communeRate;
    const bookFirst = rate !== null && (this.bookedUntil.get(event.communeId) ?? 0) > Date.now();
    if (rate && bookFirst) {
      const now = Date.now();
      const [slot, booked] = (await client.runCommand("hotlinePaceAtIngest", [
        seen,
        pace,
        paceSlotsKey(this.prefix, event.communeId),
        id,
        now,
        rate.intervalMs,
        rate.burstMs,
      ])) as [number, string?];
      if (slot === -1) return "duplicate";
      this.noteBooked(event.communeId, booked);
      delay = Math.max(0, slot - now);
    }
    // Both commands leave in one write (one syscall instead of two: the writes were the largest
    // cost of the webhook in its profile); they still run one after the other, as written.
    const socket = socketOf(client);
    socket?.cork();
    let added: Promise<string>;
    let placed: Promise<unknown>;
    try {
      added = addJobTo(client, this.queue, event.kind, event, { jobId: id, ...(delay > 0 ? { delay } : {}) });
      placed = client.runCommand("hotlineAccept", [
        seen,
        laneKey(this.queue, event.channel, event.userId),
        this.queue.toKey(id),
        pace,
        paceSlotsKey(this.prefix, event.communeId),
        id,
        DEDUPE_WINDOW_S,
        Date.now(),
        // An event booked above has its slot already.
        bookFirst || !rate ? 0 : rate.intervalMs,
        rate?.burstMs ?? 0,
      ]) as Promise<unknown>;
    } finally {
      socket?.uncork();
    }
    const [, [first, booked]] = (await Promise.all([added, placed])) as [string, [number, string]];
    this.noteBooked(event.communeId, booked);
    if (first === -1) throw new Error("the event's job was not stored");
    return first === 1 ? "queued" : "duplicate";
  }

  private noteBooked(communeId: string, booked: string | undefined): void {
    if (!this.communeRate) return;
    const until = Number(booked ?? 0) - this.communeRate.burstMs;
    if (until > Date.now()) this.bookedUntil.set(communeId, until);
    else this.bookedUntil.delete(communeId);
  }
}

/** The socket of a single-node connection (a cluster client has one per node: left alone). */
function socketOf(client: object): Writable | undefined {
  const stream = (client as { stream?: unknown }).stream;
  return stream instanceof Writable ? stream : undefined;
}

/** How one event is handled: the conversation engine, told where the event stands. */
export type HandleEvent = (event: PlatformEvent, place: EventPlace) => Promise<unknown>;

/**
 * The worker of the `inbound` queue: `handle` runs once per event, and one user's events one at
 * a time in the order they were accepted (lanes.ts), across every worker process.
 */
export function createInboundWorker(
  queue: Queue,
  redis: RedisConnection,
  prefix: string,
  handle: HandleEvent,
  opts: {
    concurrency?: number;
    lockDurationMs?: number;
    deadlineMs?: number;
    /**
     * Events of one commune handled at once across every worker of this queue (0: no cap). Over
     * it an event waits a moment (back in the delayed set, still first in its citizen's lane,
     * so the citizen's order holds) and the slot goes to another commune's event.
     */
    communeInFlight?: number;
    /**
     * A commune's events handled per second across every worker (null: no pace). Over it an event
     * waits in the delayed set for its own slot (pace.ts), still first in its citizen's lane:
     * a flood's backlog waits there, out of the way of other communes' events, and takes no more
     * than its share of the machine.
     */
    communeRate?: PaceRate | null;
  } = {},
): Worker<PlatformEvent> {
  const deadlineMs = opts.deadlineMs ?? HANDLE_DEADLINE_MS;
  const parkMs = opts.lockDurationMs ?? 30_000;
  const cap = opts.communeInFlight ?? 0;
  const rate = opts.communeRate ?? null;
  /**
   * The event's work once it is first in its citizen's lane: with a cap or a rate, it first takes
   * its commune's place (`hotlineCommuneTake`). Over either it waits in the delayed set, still
   * first in its lane (so its citizen's order holds and a slot is never taken twice for it).
   */
  const work = async (job: Job<PlatformEvent>, token: string | undefined, place: EventPlace, client: RedisClient): Promise<unknown> => {
    const event = job.data;
    const handled = () => withinMs(handle(event, place), deadlineMs, () => new Error(`event not handled within ${deadlineMs} ms`));
    if (cap === 0 && !rate) return handled();
    const inFlight = redisKey(prefix, "inflight", event.communeId);
    // Held at most as long as an attempt may take (then a crashed worker's place is free again).
    const [state, slot] = (await client.runCommand("hotlineCommuneTake", [
      inFlight,
      redisKey(prefix, "pace", event.communeId),
      paceSlotsKey(prefix, event.communeId),
      place.member,
      Date.now(),
      deadlineMs + parkMs,
      cap,
      rate?.intervalMs ?? 0,
      rate?.burstMs ?? 0,
    ])) as [string, number?];
    if (state !== "run") {
      if (!token) throw new Error("an event over its commune's cap or rate needs its lock token");
      const wakeAt = state === "later" && slot ? slot : Date.now() + OVER_CAP_WAIT_MS + Math.floor(Math.random() * OVER_CAP_WAIT_MS);
      await job.moveToDelayed(wakeAt, token);
      throw new DelayedError();
    }
    try {
      return await handled();
    } finally {
      if (cap > 0) await client.runCommand("hotlineInFlightDone", [inFlight, place.member]);
    }
  };
  const run = async (job: Job<PlatformEvent>, token: string | undefined): Promise<unknown> => {
    const event = job.data;
    const place = { lane: laneKey(queue, event.channel, event.userId), member: job.id ?? "" };
    const client = await laneClient(queue, SCRIPTS);
    return runInLane(queue, job, token, place.lane, {
      run: () => work(job, token, place, client),
      turn: async () =>
        asTurn(
          await client.runCommand("hotlineInboundTurn", [
            place.lane,
            seenKey(prefix, event),
            redisKey(prefix, "outbox", event.eventId),
            place.member,
            DEDUPE_WINDOW_S,
          ]),
        ),
      whenAbsent: () => Promise.resolve("already handled"),
      onGivenUp: async () => void (await client.runCommand("hotlineGiveUp", [seenKey(prefix, event)])),
      parkMs,
      ...(rate ? { slots: paceSlotsKey(prefix, event.communeId) } : {}),
    });
  };
  return createWorker<PlatformEvent, unknown>(QUEUE.inbound, run, {
    connection: redis,
    prefix,
    concurrency: opts.concurrency ?? 8,
    maxStalls: MAX_STALLS,
    ...(opts.lockDurationMs ? { lockMs: opts.lockDurationMs } : {}),
  });
}
