import type { CommuneConfig } from "../commune/config.js";
import { addWorkingHours } from "../commune/working-time.js";
import type { Case } from "./case.js";

/**
 * When an unacknowledged case escalates. Pure: the queue wiring is in `escalation-jobs.ts`.
 *
 * Only a case still `new` escalates. Level 1 (its team lead) comes `toLeadAfterAckHours` after
 * the acknowledgement deadline; level 2 (the commune leadership) `toLeadershipAfterHours` after
 * level 1 — working hours, on the same clock as the deadline. Levels are taken one at a time, so a worker back from an outage still tells the lead
 * before the leadership.
 */
export type EscalationLevel = 1 | 2;

export interface EscalationStep {
  level: EscalationLevel;
  /** When this level is (or was) due. */
  at: Date;
}

/** When `level` is due for this case, from its acknowledgement deadline; null without one. */
export function escalationDueAt(c: Pick<Case, "ackDueAt">, config: CommuneConfig, level: EscalationLevel): Date | null {
  if (!c.ackDueAt) return null;
  const toLead = addWorkingHours(config, c.ackDueAt, config.escalation.toLeadAfterAckHours);
  return level === 1 ? toLead : addWorkingHours(config, toLead, config.escalation.toLeadershipAfterHours);
}

/** The next level this case would reach if nobody acts, and when; null if none is left. */
export function nextEscalationAt(c: Pick<Case, "status" | "ackDueAt" | "escalationLevel">, config: CommuneConfig): EscalationStep | null {
  if (c.status !== "new" || c.escalationLevel >= 2) return null;
  const level = (c.escalationLevel + 1) as EscalationLevel;
  const at = escalationDueAt(c, config, level);
  return at ? { level, at } : null;
}

/** The level to escalate to at `now`, or null (acted on, not due yet, or fully escalated). */
export function escalationStep(
  c: Pick<Case, "status" | "ackDueAt" | "escalationLevel">,
  config: CommuneConfig,
  now: Date,
): EscalationStep | null {
  const next = nextEscalationAt(c, config);
  return next && next.at.getTime() <= now.getTime() ? next : null;
}
