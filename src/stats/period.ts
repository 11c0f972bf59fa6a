import { addLocalDays, fromLocal, toLocal } from "../core/local-time.js";

/**
 * A reporting period: whole local days (Asia/Ho_Chi_Minh), both ends included. A dossier or
 * case belongs to it when it was received / filed at or after 00:00 of `from` and before 00:00
 * of the day after `to`, Vietnam time.
 */
export interface Period {
  /** "YYYY-MM-DD" */
  from: string;
  /** "YYYY-MM-DD", included. */
  to: string;
}

/** The half-open instant range [start, end) of a period. */
export function periodBounds(p: Period): { start: Date; end: Date } {
  return { start: fromLocal(p.from), end: fromLocal(addLocalDays(p.to, 1)) };
}

/** Whether `at` falls inside the period. */
export function inPeriod(p: Period, at: Date): boolean {
  const { start, end } = periodBounds(p);
  return at.getTime() >= start.getTime() && at.getTime() < end.getTime();
}

/** A real calendar date "YYYY-MM-DD" (no 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return toLocal(fromLocal(s, "12:00")).date === s;
}

/** The calendar year so far, as the commune counts it: 1 January to today, Vietnam time. */
export function yearToDate(now: Date): Period {
  const today = toLocal(now);
  return { from: `${today.year}-01-01`, to: today.date };
}
