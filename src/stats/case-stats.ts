import { type Case, CASE_CHANNELS, CASE_STATUSES, type CaseChannel, type CaseStatus, OPEN_STATUSES } from "../cases/case.js";
import { inPeriod, type Period } from "./period.js";
import { hours, median, percent } from "./percent.js";

/**
 * The case figures of a period: cases filed in it (`created_at`, Vietnam time, both ends
 * included), their standing read at `now`.
 *
 * - Time to acknowledge / resolve: from filing to `acknowledged_at` / `resolved_at`, medians in
 *   hours over the cases that got there.
 * - Within SLA, like the dossiers' on-time rate, counts the cases that missed a deadline without
 *   an answer against the commune: acknowledged in time ÷ (acknowledged + still `new` past the
 *   acknowledgement deadline); resolved in time ÷ (resolved + still open past the resolution
 *   deadline). Rejected cases are in neither fraction.
 * - Open past SLA: open now and past the deadline that applies (acknowledgement while `new`,
 *   resolution always).
 * - Reopened: cases that went back to work after being resolved or rejected, at least once.
 * - Satisfaction, from the reporters' own word after a resolution (`cases/feedback.ts`): the
 *   1–5 ratings (how many, their mean to two decimals, how many of each), and the answers to "Vi
 *   phạm đã được xử lý chưa?": each "Chưa" that reopened a case (`reopened_count`, one per
 *   answer) and each case whose reporter answered "Đã xử lý" (`citizen_confirmed`, once per
 *   case); the share of "Chưa" is over both. An answer given too late to reopen is not stored, so
 *   not counted.
 */

export type CaseFacts = Pick<
  Case,
  | "code"
  | "channel"
  | "category"
  | "status"
  | "areaId"
  | "teamId"
  | "createdAt"
  | "ackDueAt"
  | "resolveDueAt"
  | "acknowledgedAt"
  | "resolvedAt"
  | "rating"
  | "citizenConfirmed"
  | "reopenedCount"
> & { reopened: boolean };

/** Names of the commune's categories, areas and teams, so that a count carries what it counts. */
export interface StatsNames {
  categories: readonly { id: string; name: string }[];
  areas: readonly { id: string; name: string }[];
  teams: readonly { id: string; name: string }[];
}

export interface NamedCount {
  /** Null: no area (location unknown or outside every area) or no team. */
  id: string | null;
  name: string | null;
  count: number;
}

export interface SlaShare {
  /** Median hours from filing, two decimals; null when no case got there. */
  medianHours: number | null;
  withinSla: number;
  outOf: number;
  percent: number | null;
}

export interface Satisfaction {
  ratings: {
    count: number;
    /** Mean of the 1–5 ratings, two decimals; null when none. */
    mean: number | null;
    /** How many ratings of 1, 2, 3, 4 and 5 stars, in that order. */
    byStars: [number, number, number, number, number];
  };
  answers: {
    /** "Đã xử lý": cases whose reporter confirmed the resolution. */
    resolved: number;
    /** "Chưa": answers that reopened a case. */
    notResolved: number;
    outOf: number;
    /** Share of "Chưa" in all answers, two decimals; null when none. */
    notResolvedPercent: number | null;
  };
}

export interface CaseStats {
  total: number;
  byCategory: NamedCount[];
  byArea: NamedCount[];
  byTeam: NamedCount[];
  byChannel: { channel: CaseChannel; count: number; percent: number | null }[];
  byStatus: { status: CaseStatus; count: number }[];
  acknowledge: SlaShare;
  resolve: SlaShare;
  openPastSla: { total: number; unacknowledged: number; unresolved: number };
  reopened: number;
  satisfaction: Satisfaction;
}

const OPEN: ReadonlySet<CaseStatus> = new Set(OPEN_STATUSES);

/** Every listed id (zero counts included, in config order), then ids the config no longer knows. */
function named(list: readonly { id: string; name: string }[], counts: Map<string | null, number>): NamedCount[] {
  const out: NamedCount[] = list.map((x) => ({ id: x.id, name: x.name, count: counts.get(x.id) ?? 0 }));
  for (const [id, count] of counts) {
    if (!list.some((x) => x.id === id)) out.push({ id, name: null, count });
  }
  return out;
}

function tally<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The case figures of `period` at `now`. */
export function caseStats(cases: Iterable<CaseFacts>, names: StatsNames, period: Period, now: Date): CaseStats {
  const t = now.getTime();
  const byCategory = new Map<string | null, number>();
  const byArea = new Map<string | null, number>();
  const byTeam = new Map<string | null, number>();
  const byChannel = new Map<CaseChannel, number>();
  const byStatus = new Map<CaseStatus, number>();
  const ackTimes: number[] = [];
  const resolveTimes: number[] = [];
  const ack = { within: 0, outOf: 0 };
  const resolve = { within: 0, outOf: 0 };
  const pastSla = { total: 0, unacknowledged: 0, unresolved: 0 };
  let total = 0;
  let reopened = 0;
  const byStars: Satisfaction["ratings"]["byStars"] = [0, 0, 0, 0, 0];
  let ratingSum = 0;
  const answers = { resolved: 0, notResolved: 0 };

  for (const c of cases) {
    if (!inPeriod(period, c.createdAt)) continue;
    total++;
    tally(byCategory, c.category);
    tally(byArea, c.areaId);
    tally(byTeam, c.teamId);
    tally(byChannel, c.channel);
    tally(byStatus, c.status);
    if (c.reopened) reopened++;
    const stars = c.rating !== null && Number.isInteger(c.rating) && c.rating >= 1 && c.rating <= 5 ? c.rating : null;
    if (stars !== null) {
      byStars[stars - 1] = byStars[stars - 1]! + 1;
      ratingSum += stars;
    }
    if (c.citizenConfirmed === true) answers.resolved++;
    answers.notResolved += c.reopenedCount;

    const open = OPEN.has(c.status);
    const ackLate = c.status === "new" && c.ackDueAt !== null && c.ackDueAt.getTime() < t;
    const resolveLate = open && c.resolveDueAt !== null && c.resolveDueAt.getTime() < t;
    if (c.acknowledgedAt) {
      ackTimes.push(c.acknowledgedAt.getTime() - c.createdAt.getTime());
      ack.outOf++;
      if (c.ackDueAt === null || c.acknowledgedAt.getTime() <= c.ackDueAt.getTime()) ack.within++;
    } else if (ackLate) {
      ack.outOf++;
    }
    if (c.resolvedAt) {
      resolveTimes.push(c.resolvedAt.getTime() - c.createdAt.getTime());
      resolve.outOf++;
      if (c.resolveDueAt === null || c.resolvedAt.getTime() <= c.resolveDueAt.getTime()) resolve.within++;
    } else if (resolveLate) {
      resolve.outOf++;
    }
    if (ackLate || resolveLate) pastSla.total++;
    if (ackLate) pastSla.unacknowledged++;
    if (resolveLate) pastSla.unresolved++;
  }

  const share = (times: number[], s: { within: number; outOf: number }): SlaShare => {
    const m = median(times);
    return { medianHours: m === null ? null : hours(m), withinSla: s.within, outOf: s.outOf, percent: percent(s.within, s.outOf) };
  };
  return {
    total,
    byCategory: named(names.categories, byCategory),
    byArea: [...named(names.areas, byArea).filter((a) => a.id !== null), { id: null, name: null, count: byArea.get(null) ?? 0 }],
    byTeam: named(names.teams, byTeam),
    byChannel: CASE_CHANNELS.map((channel) => ({
      channel,
      count: byChannel.get(channel) ?? 0,
      percent: percent(byChannel.get(channel) ?? 0, total),
    })),
    byStatus: CASE_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    acknowledge: share(ackTimes, ack),
    resolve: share(resolveTimes, resolve),
    openPastSla: pastSla,
    reopened,
    satisfaction: satisfaction(byStars, ratingSum, answers),
  };
}

function satisfaction(
  byStars: Satisfaction["ratings"]["byStars"],
  sum: number,
  answers: { resolved: number; notResolved: number },
): Satisfaction {
  const count = byStars.reduce((a, b) => a + b, 0);
  const outOf = answers.resolved + answers.notResolved;
  return {
    // Integer arithmetic first, like `percent`: 13 / 3 gives 4.33.
    ratings: { count, mean: count ? Math.round((sum * 100) / count) / 100 : null, byStars },
    answers: { ...answers, outOf, notResolvedPercent: percent(answers.notResolved, outOf) },
  };
}
