import type { CommuneConfig, HoursBlock } from "./config.js";
import { addLocalDays, fromLocal, toLocal } from "../core/local-time.js";

/**
 * When the one-stop centre (bộ phận một cửa) is open. Pure data; the wording is the flows' job.
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
  /** The date is listed in `closedDates` (holiday). */
  holiday: boolean;
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
  const holiday = config.officeHours.closedDates.includes(date);
  const periods: OpeningPeriod[] = [];
  if (!holiday) {
    const add = (blocks: HoursBlock[], kind: OpeningPeriod["kind"]) => {
      for (const b of blocks) {
        if (!b.days.includes(isoWeekday)) continue;
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
    add(config.officeHours.regular, "regular");
    add(config.officeHours.extended, "extended");
    periods.sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
  }
  return { date, isoWeekday, holiday, periods };
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
