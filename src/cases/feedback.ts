import type { Queue } from "bullmq";
import type { CommuneConfig } from "../commune/config.js";
import { slaFor } from "../commune/routing.js";
import { formatDateTimeVN } from "../core/local-time.js";
import type { Database } from "../db/database.js";
import type { Effect } from "../conversation/flow.js";
import { logger } from "../logger.js";
import { onDutyOfficersOfTeam } from "../officers/registry.js";
import type { EffectJob } from "../queues/dispatch.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies } from "../queues/outbound.js";
import type { CaseWording } from "./wording.js";
import { enqueueCaseTransition } from "./case-jobs.js";
import { recordResolutionAnswer, storeRating } from "./repository.js";

/**
 * The reporter's word on a resolved case (the `caseFeedback` and `rateCase` effects): "Đã xử lý"
 * is recorded; "Chưa" within `feedback.reopenDays` reopens the case with a fresh resolution
 * deadline, tells the followers and the team's on-duty officers; a rating is stored on the case.
 * The conversation checked the same conditions to answer; the change checks them again.
 */
export interface FeedbackDeps {
  db: Database;
  commune: CommuneConfig;
  outbound: Queue;
  notify: Queue;
  say: CaseWording;
  now?: () => Date;
}

type FeedbackEffect = Extract<Effect, { type: "caseFeedback" | "rateCase" }>;

export function isFeedbackEffect(e: Effect): e is FeedbackEffect {
  return e.type === "caseFeedback" || e.type === "rateCase";
}

export async function runFeedbackEffect(deps: FeedbackDeps, job: EffectJob & { effect: FeedbackEffect }): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const { effect } = job;
  const reporter = { channel: job.channel, userId: job.userId };
  if (effect.type === "rateCase") {
    if (!(await storeRating(deps.db, effect.code, reporter, effect.rating, now)))
      logger.info("rating not stored (not the reporter's case)", { case: effect.code });
    return;
  }
  const r = await recordResolutionAnswer(deps.db, effect.code, reporter, effect.resolved, {
    now,
    reopenWithinMs: deps.commune.feedback.reopenDays * 86_400_000,
    newResolveDueAt: (category) => slaFor(deps.commune, category, now).resolveDueAt,
  });
  if (!r || !r.reopened) return;
  const c = r.case;
  await enqueueCaseTransition(deps.notify, c, "resolved");
  const officers = c.teamId ? (await onDutyOfficersOfTeam(deps.db, c.teamId)).filter((o) => o.zaloUserId) : [];
  for (const o of officers) {
    await enqueueReplies(deps.outbound, {
      jobId: jobId("reopened", c.code, o.id, String(c.updatedAt.getTime())),
      userId: o.zaloUserId!,
      replies: [
        {
          type: "buttons",
          text: deps.say.officerReopened(c.code, c.resolveDueAt ? formatDateTimeVN(c.resolveDueAt) : null),
          buttons: [deps.say.viewButton(c.code)],
        },
      ],
    });
  }
  logger.info("case reopened by its reporter", { case: c.code, team: c.teamId, officers: officers.length });
}
