import { UnrecoverableError, type Job } from "bullmq";
import type { Database } from "../db/database.js";
import { follow as followDossier, unfollow as unfollowDossier } from "../dossiers/repository.js";
import { followCase } from "../cases/followers.js";
import { logger } from "../logger.js";
import type { EffectJob } from "../queues/dispatch.js";

export interface EffectDeps {
  db: Database;
  /** The commune the effect acts in: its event's (a job from before communes had ids: the single commune's). */
  communeOf(job: EffectJob): string;
  /** Send what was held for this user while Zalo would not deliver it. */
  deliverHeld(job: EffectJob): Promise<void>;
  /** Link the user to a case reported by phone whose number they shared (checked again). */
  linkReporter?(job: EffectJob): Promise<void>;
  /** File a finished report as a case, route it and answer the reporter. */
  submitCase?(job: EffectJob, attempt: { last: boolean }): Promise<void>;
  /** An officer's Zalo command (link, case change, proof, duty). */
  officerEffect?(job: EffectJob): Promise<void>;
  /** The reporter's answer about a resolved case, or their rating. */
  feedbackEffect?(job: EffectJob): Promise<void>;
  /** A conversation handed to a person, or back (requests, takes, relays, echoes, messages left). */
  handoffEffect?(job: EffectJob): Promise<void>;
  /** Personal data: a consent given or withdrawn, a data subject's request (the job itself: an erasure blanks its own data). */
  privacyEffect?(job: Job<EffectJob>): Promise<void>;
}

/** Run one effect a conversation produced. Each is idempotent: a retried job changes nothing more. */
export async function runEffect(job: Job<EffectJob>, deps: EffectDeps): Promise<void> {
  const { effect, channel, userId } = job.data;
  switch (effect.type) {
    case "followDossier":
      if (!(await followDossier(deps.db, deps.communeOf(job.data), effect.code, channel, userId))) {
        logger.warn("follow of a dossier the commune has not stored", { code: effect.code });
      }
      return;
    case "unfollowDossier":
      await unfollowDossier(deps.db, deps.communeOf(job.data), effect.code, channel, userId);
      return;
    case "followCase":
      await followCase(deps.db, effect.code, channel, userId, deps.communeOf(job.data));
      return;
    case "linkReporter":
      if (!deps.linkReporter) throw new UnrecoverableError("linking reporters is not wired in this process");
      await deps.linkReporter(job.data);
      return;
    case "deliverHeldNotices":
      await deps.deliverHeld(job.data);
      return;
    case "submitCase":
      if (!deps.submitCase) throw new UnrecoverableError("case filing is not wired in this process");
      await deps.submitCase(job.data, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
      return;
    case "linkOfficer":
    case "caseCommand":
    case "attachProof":
    case "setOnDuty":
    case "signInCode":
      if (!deps.officerEffect) throw new UnrecoverableError("officer commands are not wired in this process");
      await deps.officerEffect(job.data);
      return;
    case "caseFeedback":
    case "rateCase":
      if (!deps.feedbackEffect) throw new UnrecoverableError("case feedback is not wired in this process");
      await deps.feedbackEffect(job.data);
      return;
    case "requestHandoff":
    case "leaveMessage":
    case "handoffMessage":
    case "endHandoff":
    case "takeHandoff":
    case "relayToCitizen":
    case "releaseHandoff":
    case "agentEcho":
      if (!deps.handoffEffect) throw new UnrecoverableError("the hand-off is not wired in this process");
      await deps.handoffEffect(job.data);
      return;
    case "consent":
    case "privacyRequest":
    case "rightsRequest":
    case "accessRead":
      if (!deps.privacyEffect) throw new UnrecoverableError("personal data requests are not wired in this process");
      await deps.privacyEffect(job);
      return;
  }
}
