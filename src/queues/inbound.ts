import { Writable } from "node:stream";
import { DelayedError, type Job, type Queue, type RedisClient, type Worker } from "bullmq";
import type { EventPlace } from "../conversation/session-store.js";
import type { PlatformEvent } from "../core/platform-event.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { withinMs } from "../core/deadline.js";
import { redisKey, type RedisConnection } from "../redis.js";
import { addJobTo, asTurn, LUA_JOIN_LANE, laneClient, laneKey, runInLane } from "./lanes.js";
import { DEDUPE_WINDOW_S, jobId, QUEUE } from "./names.js";
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

const SCRIPTS = {
  // KEYS: seen, lane, job. ARGV: job id, window (s). Runs right after the job's add, on the same
  // connection (not atomically with it: other clients may run between). First delivery: remember
  // it, place it last in the lane. 0: a repeat (or a worker already took the job and placed it).
  // -1: the add made no job.
  hotlineAccept: {
    numberOfKeys: 3,
    lua: `${LUA_JOIN_LANE}
if not redis.call('SET', KEYS[1], 'q', 'EX', ARGV[2], 'NX') then return 0 end
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[1])
  return -1
end
join(KEYS[2], ARGV[1])
return 1`,
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
  // KEYS: the commune's events in flight (job id → when taken). ARGV: job id, now, lease (ms),
  // cap. 1: taken (or already held by this job); 0: the commune has its cap running. A worker
  // that died holding a place frees it when its lease ends.
  hotlineInFlightTake: {
    numberOfKeys: 1,
    lua: `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`,
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
 */
export class QueueInboundSink implements InboundSink {
  constructor(
    private readonly queue: Queue,
    private readonly prefix: string,
  ) {}

  async accept(event: PlatformEvent): Promise<"queued" | "duplicate"> {
    const client = await laneClient(this.queue, SCRIPTS);
    const id = jobId("in", event.channel, event.eventId);
    // Both commands leave in one write (one syscall instead of two: the writes were the largest
    // cost of the webhook in its profile); they still run one after the other, as written.
    const socket = socketOf(client);
    socket?.cork();
    let added: Promise<string>;
    let placed: Promise<unknown>;
    try {
      added = addJobTo(client, this.queue, event.kind, event, { jobId: id });
      placed = client.runCommand("hotlineAccept", [
        seenKey(this.prefix, event),
        laneKey(this.queue, event.channel, event.userId),
        this.queue.toKey(id),
        id,
        DEDUPE_WINDOW_S,
      ]) as Promise<unknown>;
    } finally {
      socket?.uncork();
    }
    const [, first] = await Promise.all([added, placed]);
    if (first === -1) throw new Error("the event's job was not stored");
    return first === 1 ? "queued" : "duplicate";
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
  } = {},
): Worker<PlatformEvent> {
  const deadlineMs = opts.deadlineMs ?? HANDLE_DEADLINE_MS;
  const parkMs = opts.lockDurationMs ?? 30_000;
  const cap = opts.communeInFlight ?? 0;
  const run = async (job: Job<PlatformEvent>, token: string | undefined): Promise<unknown> => {
    const event = job.data;
    const place = { lane: laneKey(queue, event.channel, event.userId), member: job.id ?? "" };
    const client = await laneClient(queue, SCRIPTS);
    const inFlight = redisKey(prefix, "inflight", event.communeId);
    if (cap > 0) {
      // Held at most as long as an attempt may take (then a crashed worker's place is free again).
      const taken = await client.runCommand("hotlineInFlightTake", [inFlight, place.member, Date.now(), deadlineMs + parkMs, cap]);
      if (taken !== 1) {
        if (!token) throw new Error("an event over its commune's cap needs its lock token");
        await job.moveToDelayed(Date.now() + OVER_CAP_WAIT_MS + Math.floor(Math.random() * OVER_CAP_WAIT_MS), token);
        throw new DelayedError();
      }
    }
    try {
      return await inLane(job, token, place, client);
    } finally {
      if (cap > 0) await client.runCommand("hotlineInFlightDone", [inFlight, place.member]);
    }
  };
  const inLane = (job: Job<PlatformEvent>, token: string | undefined, place: EventPlace, client: RedisClient): Promise<unknown> => {
    const event = job.data;
    return runInLane(queue, job, token, place.lane, {
      run: () => withinMs(handle(event, place), deadlineMs, () => new Error(`event not handled within ${deadlineMs} ms`)),
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
