import { DelayedError, type IRedisTransaction, Job, type JobsOptions, type Queue, type RedisClient, UnrecoverableError } from "bullmq";
import { logger } from "../logger.js";

/**
 * Lanes: the jobs of one user on one queue run one at a time, in the order they were added,
 * whatever the number of worker processes and their concurrency; different users' lanes run in
 * parallel. BullMQ (open source) has no groups, so a lane is a sorted set of job ids beside the
 * queue, `{prefix}:lane:<queue>:<channel>:<userId>`, scored by arrival:
 *
 * - A job joins its lane as it is added: in the same MULTI (`addInLane`, the dispatch), or by a
 *   script written right after the add on the same connection (the webhook's sink, where a MULTI
 *   costs too much CPU; a job that lost that second command joins when a worker picks it up).
 *   A place is only ever given to a job the add made.
 * - A job runs only while it is first in its lane. A job picked up while an earlier one is not
 *   finished parks itself (BullMQ's delayed set, no worker slot held) and is promoted by the job
 *   before it when that one leaves the lane.
 * - The lock of the first job is BullMQ's own job lock: a worker that dies holding it stalls its
 *   job, BullMQ runs it again elsewhere after the lock duration, and the lane waits for that run.
 *   No second lease to renew or take over.
 * - A first job that failed for good (attempts spent, stalled too often, removed) no longer holds
 *   the lane: the job behind it skips it, so one broken message never silences a citizen.
 *
 * Lanes lean on BullMQ's internals, not only its API: the job hash's `finishedOn` field, the
 * queue's `delayed` sorted set holding a parked job's id, and `promote()` on a Job made from a bare
 * id. That is why package.json pins bullmq to an exact version: an upgrade is a deliberate step,
 * made with test/reliability/order.test.ts and test/queues/ passing on the new version.
 */

// Join the lane at its end (score: last + 1); a member is never added twice. The lane expires
// long after any job could still be waiting (garbage collection only).
const JOIN = `
local function join(lane, member)
  if redis.call('ZSCORE', lane, member) then return 0 end
  local last = redis.call('ZRANGE', lane, -1, -1, 'WITHSCORES')
  local seq = 1
  if last[2] then seq = tonumber(last[2]) + 1 end
  redis.call('ZADD', lane, seq, member)
  redis.call('EXPIRE', lane, 1209600)
  return seq
end
`;

/** Lua prelude with `join(lane, member)`, for scripts that place a job in a lane. */
export const LUA_JOIN_LANE = JOIN;

const COMMANDS = {
  // KEYS: lane, job hash. ARGV: job id. Only a job the add left waiting to run takes a place: not
  // one already finished (added again after it ran), nor one the add did not make.
  hotlineLaneJoin: {
    numberOfKeys: 2,
    lua: `${JOIN}
if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('HEXISTS', KEYS[2], 'finishedOn') == 1 then return 0 end
return join(KEYS[1], ARGV[1])`,
  },
  // KEYS: lane. ARGV: job id. → {'first'} | {'absent'} | {'behind', first job id}
  hotlineLaneTurn: {
    numberOfKeys: 1,
    lua: `
local first = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if first == ARGV[1] then return {'first'} end
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'absent'} end
return {'behind', first}`,
  },
  // KEYS: lane, the queue's delayed set. ARGV: job id. Leaves; → {1 if it was there, next job id,
  // 1 if that one is parked}.
  hotlineLaneLeave: { numberOfKeys: 2, lua: leave("") },
  // The same, for a lane whose jobs may wait for a booked slot. KEYS: lane, the queue's delayed
  // set, the slots (member → epoch ms). ARGV: job id, now. A next job whose slot is still ahead
  // sleeps until it (woken now, it would only be parked again).
  hotlineLaneLeaveSlotted: {
    numberOfKeys: 3,
    lua: leave(`
local slot = redis.call('ZSCORE', KEYS[3], first)
if slot and tonumber(slot) > tonumber(ARGV[2]) then return {removed, first, 0} end`),
  },
} as const;

/** The leave script, with `beforeWake` run when the next job is parked. */
function leave(beforeWake: string): string {
  return `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
local first = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if not first then return {removed} end
if not redis.call('ZSCORE', KEYS[2], first) then return {removed, first, 0} end
${beforeWake}
return {removed, first, 1}`;
}

type LaneCommand = keyof typeof COMMANDS;

/** A Lua script run as a named command (KEYS first, then ARGV). */
export interface LaneScript {
  numberOfKeys: number;
  lua: string;
}

const NO_MORE: Record<string, LaneScript> = {};
// Per connection: the script tables already defined on it (by identity: callers pass module-level
// constants) and the names they hold. The webhook asks for the client on every event, so the
// usual answer must be one look-up, not a walk over every script (20 µs of CPU per event).
const defined = new WeakMap<object, { tables: Set<object>; names: Set<string> }>();

/**
 * BullMQ's client of a queue, with the lane scripts (and `more`) defined on it, so that its
 * transactions can run them next to BullMQ's own.
 */
export async function laneClient(queue: Queue, more: Record<string, LaneScript> = NO_MORE): Promise<RedisClient> {
  const client = await queue.getBackend().client;
  let done = defined.get(client);
  if (done?.tables.has(more)) return client;
  done ??= { tables: new Set(), names: new Set() };
  defined.set(client, done);
  for (const [name, def] of Object.entries({ ...COMMANDS, ...more })) {
    if (done.names.has(name)) continue;
    client.defineCommand(name, def);
    done.names.add(name);
  }
  done.tables.add(more);
  return client;
}

/** The lane of a user's jobs on a queue. */
export function laneKey(queue: Pick<Queue, "name" | "opts">, channel: string, userId: string): string {
  return `${queue.opts.prefix ?? "bull"}:lane:${queue.name}:${channel}:${userId}`;
}

/**
 * Add a job as `queue.add` would (the queue's default job options first), on a transaction (sent
 * when it is executed) or on the client itself. Either way the command is written before this
 * returns, so a command issued next on the same connection runs after it.
 */
export function addJobTo<Data>(
  to: IRedisTransaction | RedisClient,
  queue: Queue<Data>,
  name: string,
  data: Data,
  opts: JobsOptions & { jobId: string },
): Promise<string> {
  const job = new Job<Data>(queue, name, data, { ...queue.defaultJobOptions, ...opts }, opts.jobId);
  const added = job.addJob(to);
  // On a transaction the promise resolves to the transaction itself, and failures come from exec.
  added.catch(() => undefined);
  return added;
}

/** Run a transaction; throws on any failed command. Returns each command's answer. */
export async function execAll(tx: IRedisTransaction): Promise<unknown[]> {
  const results = await tx.exec();
  if (!results) throw new Error("Redis transaction was discarded");
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/**
 * Add a job and put it last in its lane, in one MULTI. Adding a job id that already exists adds
 * nothing (BullMQ) and leaves its place as it is.
 */
export async function addInLane<Data>(
  queue: Queue<Data>,
  lane: string,
  name: string,
  data: Data,
  opts: JobsOptions & { jobId: string },
): Promise<void> {
  const client = await laneClient(queue as Queue);
  const tx = client.multi();
  void addJobTo(tx, queue, name, data, opts);
  tx.runCommand("hotlineLaneJoin", [lane, queue.toKey(opts.jobId), opts.jobId]);
  await execAll(tx);
}

async function run(queue: Queue, name: LaneCommand, args: string[]): Promise<unknown> {
  const client = await laneClient(queue);
  return client.runCommand(name, args);
}

/** Where a job stands in its lane. */
export type Turn = { state: "first" } | { state: "absent" } | { state: "behind"; first: string };

export async function turnOf(queue: Queue, lane: string, jobId: string): Promise<Turn> {
  return asTurn(await run(queue, "hotlineLaneTurn", [lane, jobId]));
}

/** A turn script's answer ({'first'} | {'absent'} | {'behind', first job id}) as a `Turn`. */
export function asTurn(answer: unknown): Turn {
  const [state, first] = answer as [string, string?];
  if (state === "behind" && first) return { state, first };
  return { state: state === "first" ? "first" : "absent" };
}

/**
 * Leave the lane, and wake the job that is first now if it was parked (and, with `slots`, its
 * booked slot has come). False if it had left already.
 */
export async function leaveLane(queue: Queue, lane: string, jobId: string, slots?: string): Promise<boolean> {
  const [removed, next, parked] = (await (slots
    ? run(queue, "hotlineLaneLeaveSlotted", [lane, queue.toKey("delayed"), slots, jobId, String(Date.now())])
    : run(queue, "hotlineLaneLeave", [lane, queue.toKey("delayed"), jobId]))) as [number, string?, number?];
  if (next && parked === 1) await promote(queue, next);
  return removed === 1;
}

async function promote(queue: Queue, jobId: string): Promise<void> {
  // Promoting needs only the id (no need to read the job first). Not delayed any more (another
  // worker promoted it, or its park ended): BullMQ refuses, and there is nothing to do.
  await new Job(queue, "", {}, {}, jobId).promote().catch(() => undefined);
}

/** What running a job in its lane needs besides the job. */
export interface LaneSteps<R> {
  /** The job's work, run while it is first in its lane. */
  run(): Promise<R>;
  /**
   * The job is in no lane: it was done already (run again after a crash past its end), or it
   * comes from before lanes.
   */
  whenAbsent(): Promise<R>;
  /** Where the job stands, when a queue decides more than `turnOf` in the same step (inbound.ts). */
  turn?(): Promise<Turn>;
  /** Before the lane moves on past this job, which failed for good. */
  onGivenUp?(): Promise<void>;
  /** Longest a parked job sleeps without being woken (a crashed predecessor is re-run by then). */
  parkMs: number;
  /**
   * The slots the lane's jobs may have booked (a sorted set of job id → epoch ms, pace.ts): a job
   * sleeping until its slot is not woken before it when the job ahead leaves.
   */
  slots?: string;
}

/**
 * Run `job` when it is first in `lane`; otherwise park it (throws BullMQ's DelayedError, which
 * the worker takes as "moved, not failed") until the job before it leaves.
 */
export async function runInLane<R>(queue: Queue, job: Job, token: string | undefined, lane: string, steps: LaneSteps<R>): Promise<R> {
  const id = job.id;
  if (!id) throw new Error("a job in a lane needs an id");
  for (;;) {
    const turn = steps.turn ? await steps.turn() : await turnOf(queue, lane, id);
    if (turn.state === "absent") return steps.whenAbsent();
    if (turn.state === "first") {
      let result: R;
      try {
        result = await steps.run();
      } catch (err) {
        // It moved itself to the delayed set (over a cap or a pace): it keeps its place, first.
        if (err instanceof DelayedError) throw err;
        if (givenUp(job, err)) {
          await steps.onGivenUp?.();
          await leaveLane(queue, lane, id, steps.slots);
        }
        throw err;
      }
      await leaveLane(queue, lane, id, steps.slots);
      return result;
    }
    // Behind another job. One that is over (failed for good, finished, removed) no longer holds the lane.
    const state = await queue.getJobState(turn.first);
    if (state === "failed" || state === "completed" || state === "unknown") {
      // Usually it has just left and finished; only a job that still held the lane is news.
      if (await leaveLane(queue, lane, turn.first, steps.slots))
        logger.warn("skipped a job that held a lane but will not run again", { queue: queue.name, state });
      continue;
    }
    if (!token) throw new Error("a parked job needs its lock token");
    await job.moveToDelayed(Date.now() + steps.parkMs, token);
    // The job before may have left between the look and the park, waking nobody: look again.
    if ((steps.turn ? await steps.turn() : await turnOf(queue, lane, id)).state === "first") await job.promote().catch(() => undefined);
    throw new DelayedError();
  }
}

/** Whether BullMQ will not run this job again after `err`. */
function givenUp(job: Job, err: unknown): boolean {
  return err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
