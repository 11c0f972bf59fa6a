/**
 * Wall-clock time at the commune (Asia/Ho_Chi_Minh). Việt Nam keeps UTC+7 all year (no daylight saving since 1975),
 * so a fixed offset is exact and needs no time-zone database.
 */
/** Việt Nam is UTC+7. */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** A moment as read on a clock in Asia/Ho_Chi_Minh. */
export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday */
  isoWeekday: number;
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM" */
  time: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The local (UTC+7) calendar date and clock time of `at`. */
export function toLocal(at: Date): LocalDateTime {
  const d = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  return {
    year,
    month,
    day,
    hour,
    minute,
    isoWeekday: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    date: `${year}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
  };
}

/** The instant of local `date` ("YYYY-MM-DD") at local `time` ("HH:MM"). */
export function fromLocal(date: string, time = "00:00"): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - VIETNAM_OFFSET_MS);
}

/** The local date `days` after `date`. */
export function addLocalDays(date: string, days: number): string {
  return toLocal(new Date(fromLocal(date, "12:00").getTime() + days * DAY_MS)).date;
}

/** `dd/mm/yyyy` as read in Việt Nam. */
export function formatDateVN(at: Date): string {
  const l = toLocal(at);
  return `${pad(l.day)}/${pad(l.month)}/${l.year}`;
}

/** `dd/mm/yyyy HH:mm` as read in Việt Nam: how citizens and officers see every time. */
export function formatDateTimeVN(at: Date): string {
  return `${formatDateVN(at)} ${toLocal(at).time}`;
}

/** ISO 8601 with Việt Nam's offset (`2025-03-01T08:00:00+07:00`), for interfaces that show local time. */
export function isoVN(at: Date): string {
  const l = toLocal(at);
  const seconds = pad(new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCSeconds());
  return `${l.date}T${l.time}:${seconds}+07:00`;
}
