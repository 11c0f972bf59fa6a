import { redisKey, type RedisConnection } from "../redis.js";
import { DelayedError, type Job, type Queue, UnrecoverableError, type Worker } from "bullmq";
import type { PlatformSender } from "../core/platform-sender.js";
import type { Reply } from "../core/reply.js";
import { logger } from "../logger.js";
import { addInLane, laneClient, laneKey, runInLane } from "./lanes.js";
import { LUA_PACE, paceArgs, perMinute } from "./pace.js";
import { jobId as safeJobId, QUEUE } from "./names.js";
import { outboundJobSchema, type OutboundJobData, type TemplateNotice } from "./outbound-job.js";
import { createWorker } from "./worker.js";

export type { OutboundJobData } from "./outbound-job.js";

/**
 * The `outbound` queue: replies and notices on their way to the platform. Every job is in its
 * user's lane (lanes.ts), so one user's messages leave in the order their jobs were added, across
 * jobs and worker processes; a job being retried holds the ones behind it. One job sends its
 * replies in order and records after each message how many went out, so a retry never repeats
 * one. Network errors, 5xx and rate limits are retried with backoff; a user who cannot be reached
 * now gets the rest held (held_notices) and the job completes; anything else fails the job.
 */
export type OutboundQueue = Queue<OutboundJobData>;

/**
 * The outbound queues of a sharded layout: each commune's replies go to its shard's queue, and a
 * province OA's citizen's to the province OA's shard, where their conversation's lane is.
 */
export interface OutboundQueues {
  outboundFor(communeId: string, userId: string): OutboundQueue;
}

/** Where replies are added: the one outbound queue, or the shards' (by the job's commune). */
export type OutboundTarget = OutboundQueue | Queue | OutboundQueues;

/**
 * Add a job sending `replies` to `userId`, last in the user's lane. The job id is derived from
 * `jobId`: adding it again while the job is kept (finished jobs: two days) sends nothing more.
 */
export async function enqueueReplies(
  target: OutboundTarget,
  job: {
    jobId: string;
    communeId: string;
    userId: string;
    replies: Reply[];
    channel?: OutboundJobData["channel"];
    at?: Date;
    name?: string;
    notice?: TemplateNotice;
  },
): Promise<{ id: string }> {
  const queue = ("outboundFor" in target ? target.outboundFor(job.communeId, job.userId) : target) as OutboundQueue;
  const id = safeJobId(job.jobId);
  const data: OutboundJobData = {
    channel: job.channel ?? "zalo",
    communeId: job.communeId,
    userId: job.userId,
    replies: job.replies,
    sent: 0,
    holdKey: id,
    ...(job.at ? { at: job.at.getTime() } : {}),
    ...(job.notice ? { notice: job.notice } : {}),
  };
  await addInLane(queue, laneKey(queue, data.channel, data.userId), job.name ?? "replies", data, { jobId: id });
  return { id };
}

/**
 * Where the worker keeps what cannot be delivered now (`HeldNotices` fits). It may deliver it
 * another way instead (a case notice by ZNS: src/notices/after-window.ts), and then says so; it
 * may throw to have the job retried.
 */
export interface HoldStore {
  hold(n: {
    communeId: string;
    channel: string;
    userId: string;
    dedupeKey: string;
    replies: Reply[];
    reason?: string;
    at?: Date;
    /** The platform's error code that made the user unreachable. */
    code?: number | string | undefined;
    notice?: TemplateNotice | undefined;
    /** The job's last attempt: nothing may be left for a retry. */
    lastAttempt?: boolean;
  }): Promise<number | null | { sentBy: string }>;
}

/** What the outbound worker needs. */
export interface OutboundWorkerDeps {
  /** The queue (its users' lanes are kept beside it). */
  queue: OutboundQueue;
  /** A `worker` connection (maxRetriesPerRequest: null). */
  connection: RedisConnection;
  prefix: string;
  /** The platform (for Zalo: `zaloSender(client)` from webhooks/zalo). */
  sender: PlatformSender;
  /** The commune of jobs queued before jobs named theirs: the single commune of a province of one. */
  legacyCommuneId?: string | undefined;
  /** Where undeliverable messages are kept (`new HeldNotices(db)`). */
  held: HoldStore;
  /**
   * Messages per minute of one OA, across every worker and queue (ZALO_SEND_RATE_PER_MINUTE):
   * each OA has its own pace, kept under the queue's prefix (an OA's commune lives in one shard).
   */
  ratePerMinute: number;
  /** The OA that sends a commune's messages (Zalo counts per OA). Default: one OA per commune, keyed by the commune. */
  oaOf?(communeId: string, userId: string): string;
  /**
   * Messages per minute of all the OAs of one app together (ZALO_APP_SEND_RATE_PER_MINUTE), kept
   * under `prefix` on `connection` (one place for every shard). Unset: no app-wide pace.
   */
  appPace?: { perMinute: number; appOf(communeId: string, userId: string): string; connection: RedisConnection; prefix: string };
  /** Default 10. */
  concurrency?: number;
  /** Lock duration and stalled-check interval (see `WorkerSettings`). */
  lockMs?: number;
  /** Told the platform's ids of each message sent, before the job records its progress. */
  onSent?(channel: OutboundJobData["channel"], userId: string, messageIds: string[]): Promise<void>;
  /** A case notice's job delivered all its messages (recorded as its path; may run again on a retry). */
  onNoticeDelivered?(n: { communeId: string; channel: string; userId: string; dedupeKey: string; notice: TemplateNotice }): Promise<void>;
}

/** What a finished job reports. */
export interface OutboundResult {
  sent: number;
  held: number;
  /** Sent another way (a ZNS template) instead of held. */
  sentBy?: string;
}

/** The outbound worker. Its rate limit holds across every worker of the queue. */
export function createOutboundWorker(deps: OutboundWorkerDeps): Worker<OutboundJobData, OutboundResult> {
  const queue = deps.queue as Queue;
  const parkMs = deps.lockMs ?? 30_000;
  const pace = sendPace(queue, deps);
  // Paced when first in its lane: a reply waiting for its OA's slot keeps its citizen's later ones behind it.
  const paced = async (job: Job<OutboundJobData>, token: string | undefined) => {
    const slot = await pace(job);
    if (slot > 0) {
      if (!token) throw new Error("a paced outbound job needs its lock token");
      await job.moveToDelayed(slot, token);
      throw new DelayedError();
    }
    return deliver(job, deps);
  };
  const inLane = (job: Job<OutboundJobData>, token?: string) =>
    runInLane(queue, job, token, laneKey(queue, job.data.channel, job.data.userId), {
      run: () => paced(job, token),
      // Out of its lane: sent to the end already (a crash came before the job was marked done),
      // or queued by a release before lanes. Either way it resumes after what it sent.
      whenAbsent: () => paced(job, token),
      parkMs,
    });
  return createWorker<OutboundJobData, OutboundResult>(QUEUE.outbound, inLane, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 10,
    ...(deps.lockMs ? { lockMs: deps.lockMs } : {}),
  });
}

/**
 * The OA's pace (and the app's, when set), as Zalo counts: messages, not jobs — a job takes as
 * many slots as it has messages left to send. → 0: send now; else the epoch ms of its slot. Not
 * BullMQ's limiter: that one is per queue, so a flooding OA would hold every OA of its shard back.
 */
function sendPace(queue: Queue, deps: OutboundWorkerDeps): (job: Job<OutboundJobData>) => Promise<number> {
  const oaRate = perMinute(deps.ratePerMinute);
  const app = deps.appPace && deps.appPace.perMinute > 0 ? { ...deps.appPace, rate: perMinute(deps.appPace.perMinute)! } : undefined;
  return async (job) => {
    const parsed = outboundJobSchema.safeParse(job.data);
    const communeId = parsed.data?.communeId ?? deps.legacyCommuneId;
    // What cannot be sent is not paced: delivering it fails the job.
    if (!parsed.success || communeId === undefined || !job.id) return 0;
    const cost = parsed.data.replies.flatMap((r) => deps.sender.pieces(r)).length - parsed.data.sent;
    const oa = deps.oaOf?.(communeId, parsed.data.userId) ?? communeId;
    const now = Date.now();
    const client = await laneClient(queue, SCRIPTS);
    const oaSlot = oaRate
      ? ((await client.runCommand("hotlineSendPace", [
          redisKey(deps.prefix, "send-pace", oa),
          redisKey(deps.prefix, "send-slots", oa),
          ...paceArgs(job.id, now, oaRate, { cost }),
        ])) as number)
      : 0;
    if (!app) return oaSlot;
    // Not before the OA's slot. A job the OA let go but the app holds takes an OA slot again when
    // it comes back: the OA is paced a little tighter then, never looser.
    const appId = app.appOf(communeId, parsed.data.userId);
    const appSlot = (await appPaceOf(app.connection).hotlineSendPace(
      redisKey(app.prefix, "send-pace-app", appId),
      redisKey(app.prefix, "send-slots-app", appId),
      ...paceArgs(`${deps.prefix}/${job.id}`, now, app.rate, { cost, notBefore: oaSlot }).map(String),
    )) as number;
    return Math.max(oaSlot, appSlot);
  };
}

const SCRIPTS = {
  // KEYS: the pace's next free time, its slots. ARGV: see pace.ts. → 0: go; else the slot (epoch ms).
  hotlineSendPace: {
    numberOfKeys: 2,
    lua: `${LUA_PACE}\nreturn pace(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))`,
  },
} as const;

type PacingRedis = RedisConnection & { hotlineSendPace(tat: string, slots: string, ...args: string[]): Promise<number> };

function appPaceOf(redis: RedisConnection): PacingRedis {
  if (!("hotlineSendPace" in redis)) redis.defineCommand("hotlineSendPace", SCRIPTS.hotlineSendPace);
  return redis as PacingRedis;
}

async function deliver(
  job: Job<OutboundJobData>,
  deps: Pick<OutboundWorkerDeps, "sender" | "held" | "onSent" | "legacyCommuneId" | "onNoticeDelivered">,
): Promise<OutboundResult> {
  const parsed = outboundJobSchema.safeParse(job.data);
  if (!parsed.success) {
    logger.error("outbound job with unusable data", { problem: parsed.error.issues[0]?.message });
    throw new UnrecoverableError("outbound job data does not match the schema");
  }
  const data = parsed.data;
  const communeId = data.communeId ?? deps.legacyCommuneId;
  if (communeId === undefined) throw new UnrecoverableError("outbound job without a commune in a deployment of several communes");
  const to = { communeId, userId: data.userId };
  const ch = deps.sender;
  const pieces = data.replies.flatMap((r) => ch.pieces(r));
  for (let i = data.sent; i < pieces.length; i++) {
    let ids: string[];
    try {
      ids = await ch.sendPiece(to, pieces[i]!);
    } catch (err) {
      const failure = ch.classify(err);
      if (failure.outcome === "unreachable") {
        const rest = pieces.slice(i);
        const id = await deps.held.hold({
          communeId,
          channel: data.channel,
          userId: data.userId,
          dedupeKey: data.holdKey,
          replies: rest,
          reason: failure.reason,
          at: new Date(data.at ?? job.timestamp),
          code: failure.code,
          notice: data.notice,
          lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        });
        if (id !== null && typeof id === "object") {
          logger.info("user unreachable now; notice sent another way", { code: failure.code, by: id.sentBy });
          return { sent: i, held: 0, sentBy: id.sentBy };
        }
        logger.info("user unreachable now; replies held for their next message", { code: failure.code, held: rest.length, noticeId: id });
        return { sent: i, held: rest.length };
      }
      if (failure.outcome === "fatal") {
        logger.error("outbound message refused; not retried", { code: failure.code, reason: failure.reason });
        throw new UnrecoverableError(`${String(failure.code ?? "error")}: ${failure.reason}`);
      }
      throw err;
    }
    // Zalo has the message: record it before the next send, so a retry resumes after it. Zalo
    // takes no idempotency key, so a crash between its answer and this record sends this one
    // message again on the retry (at least once; its lane keeps it next to the first copy).
    // The message's id goes in the same round trip: its echo will come back and must be known as
    // the hotline's own before it is judged. Best effort: failing there must not fail the job
    // (a retry would send the message again).
    const recordIds =
      deps.onSent && ids.length
        ? deps.onSent(data.channel, data.userId, ids).catch((err: unknown) =>
            logger.warn("could not record a sent message's id; its echo may be taken for a person's", {
              err: err instanceof Error ? err.message : String(err),
            }),
          )
        : Promise.resolve();
    await Promise.all([job.updateData({ ...data, sent: i + 1 }), recordIds]);
  }
  // Recorded after the last message: a failure here retries the job, which sends nothing more.
  if (data.notice && deps.onNoticeDelivered)
    await deps.onNoticeDelivered({ communeId, channel: data.channel, userId: data.userId, dedupeKey: data.holdKey, notice: data.notice });
  return { sent: pieces.length, held: 0 };
}
