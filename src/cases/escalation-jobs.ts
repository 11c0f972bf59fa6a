import type { RedisConnection } from "../redis.js";
import type { Job, Queue, Worker } from "bullmq";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { leaders, teamLead } from "../officers/officer-queries.js";
import { type Officer } from "../officers/officer-rows.js";
import { jobId, QUEUE } from "../queues/names.js";
import { createWorker } from "../queues/worker.js";
import type { Case } from "./case.js";
import { type EscalationLevel, nextEscalationAt } from "./escalation.js";
import { recordEscalation } from "./case-changes.js";
import { findCase } from "./case-queries.js";

/**
 * Escalation as delayed BullMQ jobs, one per case and level, with an id derived from both so that
 * scheduling twice schedules once. Acting on a case cancels in two ways: `cancelEscalation`
 * removes the waiting jobs, and the processor re-reads the case and does nothing unless it is
 * still `new` at the level before — the job may already be running when the officer acts.
 */

export const escalationJobSchema = z.object({ code: z.string().min(1), level: z.union([z.literal(1), z.literal(2)]) });
export type EscalationJob = z.infer<typeof escalationJobSchema>;

/** The job id of a case's escalation to `level`. */
export function escalationJobId(code: string, level: EscalationLevel): string {
  return jobId("esc", code, `L${level}`);
}

/**
 * Schedule the case's next escalation (a delayed job; immediate if already due). Returns what was
 * scheduled, or null if the case will not escalate further.
 */
export async function scheduleEscalation(
  queue: Queue<EscalationJob>,
  c: Pick<Case, "code" | "status" | "ackDueAt" | "escalationLevel">,
  config: CommuneConfig,
  now: Date = new Date(),
): Promise<{ level: EscalationLevel; at: Date; jobId: string } | null> {
  const next = nextEscalationAt(c, config);
  if (!next) return null;
  const id = escalationJobId(c.code, next.level);
  await queue.add("escalate", { code: c.code, level: next.level }, { jobId: id, delay: Math.max(0, next.at.getTime() - now.getTime()) });
  return { ...next, jobId: id };
}

/** Remove the case's delayed escalation jobs (call it when an officer acts); how many were removed. */
export async function cancelEscalation(queue: Queue<EscalationJob>, code: string): Promise<number> {
  let removed = 0;
  for (const level of [1, 2] as const) {
    const id = escalationJobId(code, level);
    // remove() also answers 1 for a job that does not exist; count only real ones. A running
    // (locked) job is not removed: the processor's re-check stops it.
    const job = await queue.getJob(id);
    if (job && (await job.isDelayed()) && (await queue.remove(id)) === 1) removed++;
  }
  return removed;
}

/** What an escalation tells the notifier. */
export interface Escalated {
  case: Case;
  level: EscalationLevel;
  /** The team lead (level 1) or the leadership (level 2); the leadership if the team has no lead. */
  officers: Officer[];
  /** Stable per case and level: make the notification idempotent with it (e.g. as a job id). */
  dedupeKey: string;
}

export interface EscalationDeps {
  db: Database;
  communes: Communes;
  queue: Queue<EscalationJob>;
  /**
   * Tell the officers (others send the messages). May be called again for the same escalation
   * when a job is retried after a failure: use `dedupeKey`.
   */
  onEscalate: (e: Escalated) => Promise<void> | void;
  /**
   * Other things that escalate on this queue by the same rules (a delayed job per subject and
   * level, re-checked when it runs), by job name: a request for the data-protection officer.
   */
  others?: Record<string, (data: EscalationJob) => Promise<EscalationOutcome>>;
  now?: () => Date;
}

export type EscalationOutcome =
  | { escalated: true; level: EscalationLevel; officers: string[] }
  | { escalated: false; reason: "not_found" | "acted_on" | "stale" | "already_done" };

async function recipients(db: Database, c: Case, level: EscalationLevel): Promise<Officer[]> {
  if (level === 1 && c.teamId) {
    const lead = await teamLead(db, c.teamId);
    if (lead) return [lead];
  }
  return leaders(db, c.communeId);
}

/**
 * Run one escalation job: re-read the case, escalate it if it is still `new` one level below,
 * hand the officers to `onEscalate`, and schedule the next level.
 */
export async function processEscalation(deps: EscalationDeps, job: Pick<Job<EscalationJob>, "data">): Promise<EscalationOutcome> {
  const { code, level } = escalationJobSchema.parse(job.data);
  const now = deps.now?.() ?? new Date();
  const c = await findCase(deps.db, code);
  if (!c) return { escalated: false, reason: "not_found" };
  if (c.status !== "new") return { escalated: false, reason: "acted_on" };
  if (c.escalationLevel >= level + 1) return { escalated: false, reason: "already_done" };
  // Only one level at a time; a job for a level whose predecessor was never recorded is stale.
  if (c.escalationLevel < level - 1) return { escalated: false, reason: "stale" };

  let escalated: Case;
  if (c.escalationLevel === level) {
    // A previous attempt of this job recorded it and then failed: finish its work.
    escalated = c;
  } else {
    const officers = await recipients(deps.db, c, level);
    const recorded = await recordEscalation(
      deps.db,
      code,
      level,
      officers.map((o) => o.id),
      now,
    );
    // Acknowledged (or escalated by another run) between the read and the update.
    if (!recorded) return { escalated: false, reason: "acted_on" };
    escalated = recorded;
  }
  const officers = await recipients(deps.db, escalated, level);
  await deps.onEscalate({ case: escalated, level, officers, dedupeKey: escalationJobId(code, level) });
  await scheduleEscalation(deps.queue, escalated, deps.communes.get(escalated.communeId), now);
  logger.info("case escalated", { case: code, level, officers: officers.map((o) => o.id) });
  return { escalated: true, level, officers: officers.map((o) => o.id) };
}

/** The worker of the `escalation` queue. */
export function createEscalationWorker(
  redis: RedisConnection,
  prefix: string,
  deps: EscalationDeps,
  opts: { lockMs?: number } = {},
): Worker<EscalationJob, EscalationOutcome> {
  return createWorker<EscalationJob, EscalationOutcome>(
    QUEUE.escalation,
    (job) => {
      const other = deps.others?.[job.name];
      return other ? other(escalationJobSchema.parse(job.data)) : processEscalation(deps, job);
    },
    {
      connection: redis,
      prefix,
      concurrency: 4,
      ...(opts.lockMs ? { lockMs: opts.lockMs } : {}),
    },
  );
}
