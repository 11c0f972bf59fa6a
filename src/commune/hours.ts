import type { CommuneConfig, HoursBlock } from "./config.js";
import { addLocalDays, fromLocal, toLocal } from "../core/local-time.js";
import { COMPUTED_ONLY, isPublicHoliday, isStatutoryWorkingDay } from "./public-holidays.js";

/**
 * When the one-stop centre (bộ phận một cửa) is open. Pure data; the wording is the flows' job.
 *
 * The province's holiday calendar (public-holidays.ts) closes it on public holidays, announced or
 * computed, and on the commune's own `closedDates`; on a Saturday the government announces as
 * worked (swapped for a bridging day off) it keeps a weekday's regular hours. Opening days are
 * not working days: a commune may open on Saturdays, and those hours are open but count toward no
 * deadline (`workingDay`, working-time.ts).
 */

/** One opening period on a given local date. */
export interface OpeningPeriod {
  /** Local date "YYYY-MM-DD". */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  isoWeekday: number;
  /** "HH:MM" local */
  open: string;
  /** "HH:MM" local */
  close: string;
  opensAt: Date;
  closesAt: Date;
  /** `extended`: evening hours with the reduced service described in `note`. */
  kind: "regular" | "extended";
  note?: string;
}

export interface DayHours {
  date: string;
  isoWeekday: number;
  /** A public holiday of the province's calendar, or one of the commune's `closedDates`. */
  holiday: boolean;
  /** A statutory working day (Monday–Friday outside the holidays, or an announced worked Saturday): deadlines count its regular hours. */
  workingDay: boolean;
  /** Periods of that day in time order; empty when closed all day. */
  periods: OpeningPeriod[];
}

export interface OfficeStatus {
  openNow: boolean;
  /** The period `now` falls in. */
  current?: OpeningPeriod;
  /** The first period starting after `now` (within the look-ahead); undefined if none. */
  nextOpening?: OpeningPeriod;
  today: DayHours;
}

// Long enough to cross Tết (up to ~9 closed days) plus a weekend on either side.
const LOOK_AHEAD_DAYS = 31;

/** The opening periods of a local date. */
export function hoursOn(config: CommuneConfig, date: string): DayHours {
  const isoWeekday = toLocal(fromLocal(date, "12:00")).isoWeekday;
  const calendar = config.calendar ?? COMPUTED_ONLY;
  const holiday = config.officeHours.closedDates.includes(date) || isPublicHoliday(calendar, date);
  const workingDay = !holiday && isStatutoryWorkingDay(calendar, date);
  // An announced worked Saturday is a weekday's work, whatever the commune does on Saturdays.
  const regularDay = workingDay && isoWeekday >= 6 ? (standInWeekday(config) ?? isoWeekday) : isoWeekday;
  const periods: OpeningPeriod[] = [];
  if (!holiday) {
    const add = (blocks: HoursBlock[], kind: OpeningPeriod["kind"], weekday: number) => {
      for (const b of blocks) {
        if (!b.days.includes(weekday)) continue;
        periods.push({
          date,
          isoWeekday,
          open: b.open,
          close: b.close,
          opensAt: fromLocal(date, b.open),
          closesAt: fromLocal(date, b.close),
          kind,
          ...(b.note !== undefined ? { note: b.note } : {}),
        });
      }
    };
    add(config.officeHours.regular, "regular", regularDay);
    add(config.officeHours.extended, "extended", isoWeekday);
    periods.sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
  }
  return { date, isoWeekday, holiday, workingDay, periods };
}

/** The weekday whose regular hours a worked Saturday keeps: Friday's, else the first weekday with any. */
function standInWeekday(config: CommuneConfig): number | undefined {
  const hasHours = (d: number) => config.officeHours.regular.some((b) => b.days.includes(d));
  return [5, 1, 2, 3, 4].find(hasHours);
}

/** Whether the centre is open at `now`, today's hours and the next opening. */
export function officeStatus(config: CommuneConfig, now: Date): OfficeStatus {
  const todayDate = toLocal(now).date;
  const today = hoursOn(config, todayDate);
  const t = now.getTime();
  const current = today.periods.find((p) => p.opensAt.getTime() <= t && t < p.closesAt.getTime());
  let nextOpening: OpeningPeriod | undefined;
  for (let i = 0; i <= LOOK_AHEAD_DAYS && !nextOpening; i++) {
    const day = i === 0 ? today : hoursOn(config, addLocalDays(todayDate, i));
    nextOpening = day.periods.find((p) => p.opensAt.getTime() > t);
  }
  return {
    openNow: current !== undefined,
    ...(current ? { current } : {}),
    ...(nextOpening ? { nextOpening } : {}),
    today,
  };
}
