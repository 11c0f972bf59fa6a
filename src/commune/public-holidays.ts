import { z } from "zod";
import { addLocalDays, fromLocal, toLocal } from "../core/local-time.js";
import { lunarNewYear, solarDateOfLunar } from "./lunar-calendar.js";

/**
 * Statutory days off and working days in Việt Nam, the calendar deadlines are counted on. Pure.
 *
 * Bộ luật Lao động 2019, Điều 112 names the holidays: 1/1, five days of Tết, Giỗ Tổ Hùng Vương
 * (10/3 lunar), 30/4, 1/5, and 2/9 with one day next to it; Điều 111 gives a day off in lieu when
 * a holiday falls on the weekly rest day. Each year the government announces the exact days, and
 * usually swaps a bridging weekday for a Saturday worked later: those announcements are data
 * (`announced`). A year not announced yet is computed by the rules below, and a warning asks for
 * the announcement (see `calendarWarnings`).
 *
 * This is the statutory calendar only: a commune that opens on Saturdays still counts deadlines
 * on working days, and its own closed days are added on top (see working-time.ts).
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"');

export const announcedYearSchema = z
  .object({
    /** Every statutory day off of the year, days in lieu and swapped bridging days included. */
    holidays: z.array(isoDate),
    /** Rest days (Saturdays) worked in exchange for a bridging day off. */
    workingDays: z.array(isoDate).default([]),
    /** Example or draft data that the province must still check against the announcement. */
    toConfirm: z.boolean().default(false),
  })
  .strict();

export const holidayCalendarSchema = z
  .object({
    /** Keyed by year, "2027". */
    announced: z.record(z.string().regex(/^\d{4}$/, "must be a year"), announcedYearSchema).default({}),
  })
  .strict();

export type AnnouncedYear = z.infer<typeof announcedYearSchema>;
export type HolidayCalendar = z.infer<typeof holidayCalendarSchema>;

export interface YearOfHolidays {
  year: number;
  holidays: ReadonlySet<string>;
  workingDays: ReadonlySet<string>;
  /** `announced` from the calendar's data, `computed` from the rules for a year not listed. */
  source: "announced" | "computed";
  toConfirm: boolean;
}

const isoWeekdayOf = (date: string) => toLocal(fromLocal(date, "12:00")).isoWeekday;
const isWeekend = (date: string) => isoWeekdayOf(date) >= 6;

// Deadlines look a day up many times (each day of a search, the year before for Tết): the lunar
// computation is done once per year.
const computedYears = new Map<number, readonly string[]>();

/** The statutory days off of `year` by the Labour Code's rules, before any announcement. */
export function computedHolidays(year: number): string[] {
  let days = computedYears.get(year);
  if (!days) {
    days = computeHolidays(year);
    computedYears.set(year, days);
  }
  return [...days];
}

function computeHolidays(year: number): string[] {
  const newYear = lunarNewYear(year);
  const tet = [addLocalDays(newYear, -1), newYear, addLocalDays(newYear, 1), addLocalDays(newYear, 2), addLocalDays(newYear, 3)];
  const nationalDay = `${year}-09-02`;
  // The day next to 2/9: the day before, unless that is already a weekend day.
  const besideNationalDay = isWeekend(addLocalDays(nationalDay, -1)) ? addLocalDays(nationalDay, 1) : addLocalDays(nationalDay, -1);
  const days = new Set([
    `${year}-01-01`,
    ...tet,
    solarDateOfLunar(year, 3, 10)!,
    `${year}-04-30`,
    `${year}-05-01`,
    nationalDay,
    besideNationalDay,
  ]);
  // A holiday on a Saturday or Sunday gives the next working day off (Điều 111).
  for (const day of [...days].sort()) {
    if (!isWeekend(day)) continue;
    let inLieu = addLocalDays(day, 1);
    while (isWeekend(inLieu) || days.has(inLieu)) inLieu = addLocalDays(inLieu, 1);
    days.add(inLieu);
  }
  return [...days].sort();
}

/** The days off and worked Saturdays of `year`: announced when the calendar lists it, else computed. */
export function yearOfHolidays(calendar: HolidayCalendar, year: number): YearOfHolidays {
  const announced = calendar.announced[String(year)];
  if (announced) {
    return {
      year,
      holidays: new Set(announced.holidays),
      workingDays: new Set(announced.workingDays),
      source: "announced",
      toConfirm: announced.toConfirm,
    };
  }
  return { year, holidays: new Set(computedHolidays(year)), workingDays: new Set(), source: "computed", toConfirm: true };
}

/** An empty calendar: every year computed (a province of one without `PROVINCE_CONFIG`). */
export const COMPUTED_ONLY: HolidayCalendar = { announced: {} };

/**
 * Whether `date` is a statutory working day: Monday to Friday outside the holidays, or a
 * Saturday announced as worked. Tết can carry a day in lieu into January, so the year before is
 * consulted too.
 */
export function isStatutoryWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  const year = Number(date.slice(0, 4));
  const years = [yearOfHolidays(calendar, year), yearOfHolidays(calendar, year - 1)];
  if (years.some((y) => y.workingDays.has(date))) return true;
  if (isWeekend(date)) return false;
  return !years.some((y) => y.holidays.has(date));
}

/** Whether `date` is a statutory day off that is not a weekend day anyway. */
export function isStatutoryHoliday(calendar: HolidayCalendar, date: string): boolean {
  return !isWeekend(date) && !isStatutoryWorkingDay(calendar, date);
}

/**
 * Whether the offices close on `date` for a public holiday: a statutory day off, or a holiday's
 * own date on a weekend (Tết's first day on a Saturday), which a commune open on Saturdays does
 * not open on either. A Saturday announced as worked is never one.
 */
export function isPublicHoliday(calendar: HolidayCalendar, date: string): boolean {
  if (isStatutoryHoliday(calendar, date)) return true;
  if (!isWeekend(date) || isStatutoryWorkingDay(calendar, date)) return false;
  const year = Number(date.slice(0, 4));
  return yearOfHolidays(calendar, year).holidays.has(date) || computedHolidays(year).includes(date);
}

/**
 * What the province's IT team must be told at start: from 1 November, that next year is not
 * announced yet (its deadlines would follow computed holidays), and any listed year still marked
 * to confirm.
 */
export function calendarWarnings(calendar: HolidayCalendar, now: Date): string[] {
  const { year, month } = toLocal(now);
  const warnings: string[] = [];
  for (const y of month >= 11 ? [year, year + 1] : [year]) {
    const entry = calendar.announced[String(y)];
    if (!entry)
      warnings.push(
        `the holiday calendar does not list ${y}: deadlines use computed holidays until the government's announcement is added`,
      );
    else if (entry.toConfirm)
      warnings.push(`the holiday calendar's ${y} is marked toConfirm: check it against the government's announcement`);
  }
  return warnings;
}
