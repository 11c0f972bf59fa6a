import { type Job, type Queue, UnrecoverableError } from "bullmq";
import { z } from "zod";
import { logger } from "../logger.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies } from "../queues/outbound.js";
import { afterTransition, CASE_JOB, notifyFollowersOfTransfer, reassignedOccasion, type TransitionDeps } from "./case-jobs.js";
import { cancelEscalation, scheduleEscalation } from "./escalation-jobs.js";
import { notifyOfficersOfFiling, notifyOfficersOfReopening, notifyOfficersOfTransfer } from "./notify-officers.js";
import { type CaseNotice, markNoticeDone, undoneNoticesOfCase } from "./outbox.js";
import { findCase } from "./case-queries.js";
import { confirmationText } from "./submit.js";

/**
 * Carrying out the case outbox's rows (`outbox.ts`), one `case-notice` job of the `notify` queue
 * per row, queued by the relay with an id from the row's id.
 *
 * Exactly once: a job does nothing for a row already carried out (`done_at`), so a row the relay
 * queued again after a crash (its first job done and removed meanwhile) sends nothing more; a job
 * retried after carrying out a row but before recording it adds the same jobs again (ids from the
 * case, the change and the recipient), which BullMQ ignores while they are kept (two days; a retry
 * comes within minutes). In order: a job first carries out the case's earlier rows not yet done,
 * so a case's notices reach a citizen in the order of the changes, even when an outage queued
 * several at once and two workers take them together.
 */
export const CASE_NOTICE_JOB = "case-notice";

/** Data of a `case-notice` job: the outbox row and its case. */
export const caseNoticeJobSchema = z.object({ id: z.number().int().positive(), code: z.string().min(1) });
export type CaseNoticeJob = z.infer<typeof caseNoticeJobSchema>;

/** The `case-notice` job's id for outbox row `id`. */
export function caseNoticeJobId(id: number): string {
  return jobId(CASE_NOTICE_JOB, String(id));
}

/** What carrying out a notice needs. */
export interface CaseNoticeDeps extends TransitionDeps {
  /** The photo keeper's queue. */
  photos: Queue;
  now?: () => Date;
}

/** Run a `case-notice` job: the case's rows up to this one, those not yet done, in order. Returns how many. */
export async function runCaseNotice(deps: CaseNoticeDeps, job: Pick<Job, "name" | "data">): Promise<{ done: number }> {
  const parsed = caseNoticeJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`${job.name} job with unusable data`);
  const { id, code } = parsed.data;
  let done = 0;
  for (const row of await undoneNoticesOfCase(deps.db, code, id)) {
    await carryOut(deps, code, row.notice);
    await markNoticeDone(deps.db, row.id);
    done++;
  }
  return { done };
}

async function carryOut(deps: CaseNoticeDeps, code: string, n: CaseNotice): Promise<void> {
  switch (n.kind) {
    case "reporter-confirmation": {
      const c = await findCase(deps.db, code);
      // Only Zalo has an outbound channel; a report from elsewhere has no reporter to confirm to.
      if (!c || c.reporterChannel !== "zalo" || !c.reporterUserId) return;
      await enqueueReplies(deps.outbound, {
        jobId: jobId("case-filed", c.code, "reporter"),
        // The reporter's Zalo id is their OA's: the commune they wrote to, whoever handles the case.
        communeId: c.contactCommuneId,
        userId: c.reporterUserId,
        replies: [{ type: "text", text: confirmationText(c, deps.communes.get(c.communeId), deps.say) }],
      });
      return;
    }
    case "officers-new-case":
      await notifyOfficersOfFiling(deps, code);
      return;
    case "schedule-escalation": {
      const c = await findCase(deps.db, code);
      if (c) await scheduleEscalation(deps.escalation, c, deps.communes.get(c.communeId), deps.now?.());
      return;
    }
    case "keep-photos": {
      // A proof's copy has a job of its own: the report's may still be kept (and its id taken).
      const id = n.proofRef ? jobId(CASE_JOB.keepPhotos, code, "proof", n.proofRef) : jobId(CASE_JOB.keepPhotos, code);
      await deps.photos.add(CASE_JOB.keepPhotos, { code }, { jobId: id });
      return;
    }
    case "status-changed":
      await afterTransition(deps, code, {
        from: n.from,
        to: n.to,
        at: new Date(n.at),
        ...(n.note ? { note: n.note } : {}),
        ...(n.duplicateOf ? { duplicateOf: n.duplicateOf } : {}),
      });
      return;
    case "handed-over":
      await notifyOfficersOfFiling(deps, code, reassignedOccasion(n.teamId, new Date(n.at)), true);
      return;
    case "transferred": {
      const at = new Date(n.at);
      // The old clock (the old commune's deadlines) goes; the new one is scheduled from the case as it is now.
      await cancelEscalation(deps.escalation, code);
      const c = await findCase(deps.db, code);
      if (c) await scheduleEscalation(deps.escalation, c, deps.communes.get(c.communeId), deps.now?.());
      await notifyOfficersOfTransfer(deps, code, { fromCommune: n.fromCommune, fromTeam: n.fromTeam, reason: n.reason, at });
      await notifyFollowersOfTransfer(deps, code, at);
      return;
    }
    case "officers-reopened":
      await notifyOfficersOfReopening(deps, code, new Date(n.at), n.reason);
      return;
    default: {
      const unknown: never = n;
      logger.error("case notice of an unknown kind", { case: code, kind: (unknown as { kind: string }).kind });
    }
  }
}
