import type { CommuneConfig } from "../commune/config.js";
import type { Communes } from "../commune/communes.js";
import { caseByCode } from "./case-rows.js";
import { slaFor } from "../commune/routing.js";
import type { Database } from "../db/database.js";
import type { Effect } from "../conversation/flow.js";
import { logger } from "../logger.js";
import type { EffectJob } from "../queues/dispatch.js";
import { recordResolutionAnswer, storeRating } from "./resolution-answers.js";

/**
 * The reporter's word on a resolved case (the `caseFeedback` and `rateCase` effects): "Đã xử lý"
 * is recorded; "Chưa" within `feedback.reopenDays` reopens the case with a fresh resolution
 * deadline, and (outbox, with the change) the followers and the team's on-duty officers are told;
 * a rating is stored on the case.
 * The conversation checked the same conditions to answer; the change checks them again.
 */
export interface FeedbackDeps {
  db: Database;
  /** The commune whose OA the answer came to. */
  commune: CommuneConfig;
  /** The deployment's communes: a case handled by another commune (borders) reopens on its handler's rules and calendar. */
  communes?: Communes;
  /** Rung after a change that wrote outbox rows: the relay of this process takes them at once. */
  wakeRelay?: () => void;
  now?: () => Date;
}

type FeedbackEffect = Extract<Effect, { type: "caseFeedback" | "rateCase" }>;

export function isFeedbackEffect(e: Effect): e is FeedbackEffect {
  return e.type === "caseFeedback" || e.type === "rateCase";
}

/** The commune handling case `code` (the answer's own when unknown: the change checks the case again). */
async function handlerOf(deps: FeedbackDeps, code: string): Promise<CommuneConfig> {
  if (!deps.communes) return deps.commune;
  const c = await caseByCode(deps.db, code);
  return (c && deps.communes.find(c.communeId)) ?? deps.commune;
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
  const handler = await handlerOf(deps, effect.code);
  const r = await recordResolutionAnswer(deps.db, effect.code, reporter, effect.resolved, {
    now,
    ...(effect.reason ? { reason: effect.reason } : {}),
    reopenWithinMs: handler.feedback.reopenDays * 86_400_000,
    newResolveDueAt: (category) => slaFor(handler, category, now).resolveDueAt,
  });
  if (!r || !r.reopened) return;
  deps.wakeRelay?.();
  logger.info("case reopened by its reporter", { case: r.case.code, team: r.case.teamId });
}
