import type { CommuneConfig } from "./config.js";
import { addLocalDays, toLocal } from "../core/local-time.js";
import { hoursOn, type OpeningPeriod } from "./hours.js";

/**
 * Working time of the commune's office: the legal working hours (`officeHours.regular`) on the
 * statutory working days of the province's calendar (public-holidays.ts), minus the commune's
 * closed dates. Monday to Friday outside the public holidays, and a Saturday the government
 * announces as worked (with a weekday's regular hours, see hours.ts). A commune's Saturday
 * opening is open time, not working time, and evening `extended` hours are a reception service:
 * a deadline never falls in either. Pure; Asia/Ho_Chi_Minh has no daylight saving, so a working
 * hour is always sixty minutes.
 *
 * Deadlines told to citizens and officers, and the escalation delays, are counted on this clock:
 * four working hours asked for at 15:47 on a Monday fall at 10:17 on Tuesday, not at 19:47.
 */

const MINUTE_MS = 60_000;
// A commune without a single working period in this many days is a broken config: fall back to
// the wall clock rather than loop.
const SEARCH_DAYS = 400;

/** The legal working periods of a local date, in order (none on a day that is not a statutory working day, or is closed). */
export function workingPeriodsOn(config: CommuneConfig, date: string): OpeningPeriod[] {
  const day = hoursOn(config, date);
  return day.workingDay ? day.periods.filter((p) => p.kind === "regular") : [];
}

/**
 * `hours` of working time after `from`. Starting outside working time counts from the next
 * opening; a deadline that uses up a period exactly falls at its close, not at the next opening.
 */
export function addWorkingHours(config: CommuneConfig, from: Date, hours: number): Date {
  let left = Math.round(hours * 60 * MINUTE_MS);
  if (left <= 0) return from;
  const start = from.getTime();
  const firstDate = toLocal(from).date;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    for (const p of workingPeriodsOn(config, addLocalDays(firstDate, i))) {
      const open = Math.max(p.opensAt.getTime(), start);
      const close = p.closesAt.getTime();
      if (close <= open) continue;
      if (close - open >= left) return new Date(open + left);
      left -= close - open;
    }
  }
  return new Date(start + hours * 3600_000);
}

/**
 * The close of the `days`-th working day after the day of `from` (the day of receipt does not
 * count, as in the administrative rules on time limits); a fraction of a day counts as a day.
 */
export function endOfWorkingDays(config: CommuneConfig, from: Date, days: number): Date {
  let left = Math.max(1, Math.ceil(days));
  const firstDate = toLocal(from).date;
  for (let i = 1; i < SEARCH_DAYS; i++) {
    const periods = workingPeriodsOn(config, addLocalDays(firstDate, i));
    if (periods.length === 0) continue;
    if (--left === 0) return periods[periods.length - 1]!.closesAt;
  }
  return new Date(from.getTime() + days * 24 * 3600_000);
}
