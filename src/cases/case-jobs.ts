import { type Job, type Queue, UnrecoverableError } from "bullmq";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import { formatDateTimeVN } from "../core/local-time.js";
import { logger } from "../logger.js";
import { jobId, userTag } from "../queues/names.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";
import type { CaseWording } from "./wording.js";
import { type CaseStatus, caseStatusSchema } from "./case.js";
import { cancelEscalation, type EscalationJob } from "./escalation-jobs.js";
import { notifyOfficersOfFiling, type OfficerNotifyDeps } from "./notify-officers.js";
import { keepCasePhotos, type PhotoKeeperOptions } from "./photos.js";
import { findCase } from "./case-queries.js";
import { followersOf } from "./followers.js";

/**
 * The case jobs besides filing itself, and what follows a case's status change. Job ids derive
 * from the case code (and status, follower…), so adding a job twice runs it once.
 *
 * - `photos` queue, job `keep-photos` {code}: copy the photos under DATA_DIR (id `keep-photos-<code>`);
 *   fails while a photo could still be fetched, so BullMQ retries it with backoff; its last attempt
 *   records the photos it could not copy as failed for good.
 * - `notify` queue, jobs `case-filed` {code}, `case-transition` {code, from, to, at} and
 *   `case-reassigned` {code, teamId, at}: what a release before the case outbox queued after a
 *   change; still run, so that an upgrade loses none. Changes now queue `case-notice` jobs through
 *   the outbox instead (`case-notices.ts`), which call the same functions.
 */
export const CASE_JOB = {
  caseFiled: "case-filed",
  keepPhotos: "keep-photos",
  caseTransition: "case-transition",
  caseReassigned: "case-reassigned",
} as const;

/** Data of the `case-filed` and `keep-photos` jobs. */
export const caseCodeJobSchema = z.object({ code: z.string().min(1) });
export type CaseCodeJob = z.infer<typeof caseCodeJobSchema>;

function codeOf(job: Pick<Job, "name" | "data">): string {
  const parsed = caseCodeJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`${job.name} job without a case code`);
  return parsed.data.code;
}

/**
 * Run a `keep-photos` job; throws while some photo failed in a way a retry may fix. On the job's
 * last attempt the photos still failing are recorded as failed for good instead.
 */
export async function runKeepPhotos(
  deps: { db: Database; keeper: PhotoKeeperOptions },
  job: Pick<Job, "name" | "data" | "attemptsMade" | "opts">,
): Promise<{ kept: number; failed: number }> {
  const code = codeOf(job);
  // attemptsMade counts the attempts finished before this one.
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const r = await keepCasePhotos(deps.db, deps.keeper, code, { lastAttempt });
  if (r.retryable > 0) throw new Error(`${r.retryable} photo(s) of ${code} not kept yet; will retry`);
  return { kept: r.kept, failed: r.failed };
}

/** Run a `case-filed` job of the `notify` queue. */
export async function runCaseFiled(deps: OfficerNotifyDeps, job: Pick<Job, "name" | "data">): Promise<{ notified: number }> {
  return { notified: await notifyOfficersOfFiling(deps, codeOf(job)) };
}

/** What status notices and escalation cancelling need. */
export interface TransitionDeps {
  db: Database;
  communes: Communes;
  outbound: OutboundTarget;
  escalation: Queue<EscalationJob>;
  say: CaseWording;
}

/** One status change of a case; `at` is when it happened (the case's `updatedAt` after it). */
export interface CaseTransitionNotice {
  from: CaseStatus;
  to: CaseStatus;
  at: Date;
  /** The result of a resolution or the reason of a rejection, as the officer wrote it. */
  note?: string;
  /** Closed as a duplicate of this case. */
  duplicateOf?: string;
}

/**
 * Tell the reporter and every resident following the case about its new status: one outbound
 * job per follower, with an id from the case, the status, the time of the change and the
 * follower, so calling again for the same change sends nothing more, while a later change back to
 * the same status (a reopened case resolved again) is still told. Returns the number of notices.
 */
export async function notifyCaseFollowers(
  deps: Pick<TransitionDeps, "db" | "communes" | "outbound" | "say">,
  code: string,
  t: CaseTransitionNotice,
): Promise<number> {
  const c = await findCase(deps.db, code);
  if (!c) {
    logger.warn("status notice for a case that is not stored", { case: code });
    return 0;
  }
  const commune = deps.communes.get(c.communeId);
  const categoryName = (id: string) => commune.categories.find((k) => k.id === id)?.name ?? id;
  // The case a duplicate joined, by its public fields only (anyone may look those up by its code).
  const joined = t.duplicateOf ? await findCase(deps.db, t.duplicateOf) : null;
  const text = deps.say.statusChanged({
    code: c.code,
    category: categoryName(c.category),
    ...(joined
      ? {
          joined: {
            code: joined.code,
            category: categoryName(joined.category),
            area: commune.areas.features.find((a) => a.properties.id === joined.areaId)?.properties.name ?? null,
            status: joined.status,
            filedAt: formatDateTimeVN(joined.createdAt),
          },
        }
      : {}),
    from: t.from,
    to: t.to,
    at: formatDateTimeVN(t.at),
    hotline: commune.hotline,
    // Only a result or a reason is public; a note on other moves stays with the officers.
    ...(t.note && (t.to === "resolved" || t.to === "rejected") ? { note: t.note } : {}),
  });
  // What a ZNS template says when the window is closed (src/notices/after-window.ts).
  const values = {
    code: c.code,
    category: categoryName(c.category),
    status: deps.say.statusLabel?.(t.to) ?? t.to,
    at: formatDateTimeVN(t.at),
    result: t.note && (t.to === "resolved" || t.to === "rejected") ? t.note : "",
    commune: commune.name,
    hotline: commune.hotline,
  };
  const final = t.to === "resolved" || t.to === "rejected";
  let sent = 0;
  for (const f of await followersOf(deps.db, c.code)) {
    // Only Zalo has an outbound channel today; a follower elsewhere would be a bug upstream.
    if (f.channel !== "zalo") continue;
    // The reporter of a resolved case is asked whether the violation really is dealt with.
    const ask = t.to === "resolved" && f.channel === c.reporterChannel && f.userId === c.reporterUserId;
    await enqueueReplies(deps.outbound, {
      jobId: jobId("case-status", c.code, t.to, String(t.at.getTime()), f.channel, userTag(f.userId)),
      // Each follower through the OA they follow on (their Zalo id is that OA's), not the handler's.
      communeId: f.communeId ?? c.contactCommuneId,
      userId: f.userId,
      at: t.at,
      notice: { kind: ask ? "rating" : final ? "result" : "status", caseCode: c.code, values },
      replies: [
        ask
          ? { type: "buttons", text: `${text}\n\n${deps.say.resolutionQuestion}`, buttons: deps.say.resolutionButtons(c.code) }
          : { type: "text", text },
      ],
    });
    sent++;
  }
  return sent;
}

/**
 * Tell the reporter and every follower, once, that another commune handles the case now (each
 * through the OA they follow on; the job id names the case, the transfer and the follower).
 */
export async function notifyFollowersOfTransfer(
  deps: Pick<TransitionDeps, "db" | "communes" | "outbound" | "say">,
  code: string,
  at: Date,
): Promise<number> {
  const c = await findCase(deps.db, code);
  if (!c) return 0;
  const commune = deps.communes.get(c.communeId);
  const text = deps.say.citizenTransferred({ code: c.code, commune: commune.name, hotline: commune.hotline });
  let sent = 0;
  for (const f of await followersOf(deps.db, c.code)) {
    if (f.channel !== "zalo") continue;
    await enqueueReplies(deps.outbound, {
      jobId: jobId("case-transferred", c.code, String(at.getTime()), f.channel, userTag(f.userId)),
      communeId: f.communeId ?? c.contactCommuneId,
      userId: f.userId,
      at,
      replies: [{ type: "text", text }],
    });
    sent++;
  }
  return sent;
}

/**
 * Everything that follows a status change of a case (the outbox's `status-changed`): leaving `new`
 * (acknowledged or rejected) stops the escalation clock, and the followers are told.
 */
export async function afterTransition(
  deps: TransitionDeps,
  code: string,
  t: CaseTransitionNotice,
): Promise<{ cancelled: number; notified: number }> {
  // The escalation processor re-reads the case too, so a job already running stops by itself.
  const cancelled = t.from === "new" && t.to !== "new" ? await cancelEscalation(deps.escalation, code) : 0;
  const notified = await notifyCaseFollowers(deps, code, t);
  return { cancelled, notified };
}

/** Data of a `case-transition` job. */
export const caseTransitionJobSchema = z.object({
  code: z.string().min(1),
  from: caseStatusSchema,
  to: caseStatusSchema,
  at: z.iso.datetime(),
  /** The officer's result or reason, told to the citizens with a resolution or a rejection. */
  note: z.string().optional(),
});
export type CaseTransitionJob = z.infer<typeof caseTransitionJobSchema>;

/** Run a `case-transition` job of the `notify` queue. */
export async function runCaseTransition(
  deps: TransitionDeps,
  job: Pick<Job, "name" | "data">,
): Promise<{ cancelled: number; notified: number }> {
  const parsed = caseTransitionJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`${job.name} job with unusable data`);
  const { code, from, to, at, note } = parsed.data;
  return afterTransition(deps, code, { from, to, at: new Date(at), ...(note ? { note } : {}) });
}

/** Data of a `case-reassigned` job: the case, the team it went to, when (its `updatedAt`). */
export const caseReassignedJobSchema = z.object({ code: z.string().min(1), teamId: z.string().min(1), at: z.iso.datetime() });

/** The occasion of the officers' notice of a case handed to `teamId` (the outbound jobs' id part). */
export function reassignedOccasion(teamId: string, at: Date): string {
  return `reassigned-${teamId}-${at.getTime()}`;
}

/** Run a `case-reassigned` job of the `notify` queue. */
export async function runCaseReassigned(deps: OfficerNotifyDeps, job: Pick<Job, "name" | "data">): Promise<{ notified: number }> {
  const parsed = caseReassignedJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`${job.name} job with unusable data`);
  const { code, teamId, at } = parsed.data;
  return { notified: await notifyOfficersOfFiling(deps, code, reassignedOccasion(teamId, new Date(at)), true) };
}
