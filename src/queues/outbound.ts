import type { RedisConnection } from "../redis.js";
import { type Job, type Queue, UnrecoverableError, type Worker } from "bullmq";
import type { PlatformSender } from "../core/platform-sender.js";
import type { Reply } from "../core/reply.js";
import { logger } from "../logger.js";
import { addInLane, laneKey, runInLane } from "./lanes.js";
import { jobId as safeJobId, QUEUE } from "./names.js";
import { outboundJobSchema, type OutboundJobData } from "./outbound-job.js";
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
  };
  await addInLane(queue, laneKey(queue, data.channel, data.userId), job.name ?? "replies", data, { jobId: id });
  return { id };
}

/** Where the worker keeps what cannot be delivered now (`HeldNotices` fits). */
export interface HoldStore {
  hold(n: {
    communeId: string;
    channel: string;
    userId: string;
    dedupeKey: string;
    replies: Reply[];
    reason?: string;
    at?: Date;
  }): Promise<number | null>;
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
  /** Jobs per minute across every worker of the queue (ZALO_SEND_RATE_PER_MINUTE). */
  ratePerMinute: number;
  /** Default 10. */
  concurrency?: number;
  /** Lock duration and stalled-check interval (see `WorkerSettings`). */
  lockMs?: number;
  /** Told the platform's ids of each message sent, before the job records its progress. */
  onSent?(channel: OutboundJobData["channel"], userId: string, messageIds: string[]): Promise<void>;
}

/** What a finished job reports. */
export interface OutboundResult {
  sent: number;
  held: number;
}

/** The outbound worker. Its rate limit holds across every worker of the queue. */
export function createOutboundWorker(deps: OutboundWorkerDeps): Worker<OutboundJobData, OutboundResult> {
  const queue = deps.queue as Queue;
  const parkMs = deps.lockMs ?? 30_000;
  const inLane = (job: Job<OutboundJobData>, token?: string) =>
    runInLane(queue, job, token, laneKey(queue, job.data.channel, job.data.userId), {
      run: () => deliver(job, deps),
      // Out of its lane: sent to the end already (a crash came before the job was marked done),
      // or queued by a release before lanes. Either way it resumes after what it sent.
      whenAbsent: () => deliver(job, deps),
      parkMs,
    });
  return createWorker<OutboundJobData, OutboundResult>(QUEUE.outbound, inLane, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 10,
    ...(deps.lockMs ? { lockMs: deps.lockMs } : {}),
    // Counts jobs, not messages: a long reply spends more than one request of Zalo's budget,
    // so keep ZALO_SEND_RATE_PER_MINUTE under Zalo's limit with room to spare.
    limiter: { max: deps.ratePerMinute, duration: 60_000 },
  });
}

async function deliver(
  job: Job<OutboundJobData>,
  deps: Pick<OutboundWorkerDeps, "sender" | "held" | "onSent" | "legacyCommuneId">,
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
        });
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
  return { sent: pieces.length, held: 0 };
}
