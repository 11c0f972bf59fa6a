/**
 * Dates of dossiers as the one-stop systems write them. Vietnam keeps UTC+7 all year (no DST),
 * so a fixed offset is exact and cheaper than Intl on the import hot path.
 */
import { VIETNAM_OFFSET_MS as VN_OFFSET_MS } from "../core/local-time.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export interface ParseDateOptions {
  /**
   * Time of day ("HH:mm", Vietnam time) given to a date without a time. Default "00:00". An
   * appointment date without a time means "by the end of that office day", so the import uses
   * "17:00" for due dates.
   */
  dateOnlyTime?: string;
}

function isValid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function vnInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date {
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - VN_OFFSET_MS);
}

/**
 * Parse ISO 8601 (`2025-11-26T16:34:00+07:00`, `2025-11-26T09:34Z`, `2025-11-26`) or
 * `dd/mm/yyyy[ HH:mm[:ss]]`. Without an offset the time is Vietnam time (Asia/Ho_Chi_Minh).
 * Null for anything else, including impossible dates (31/02, 25:00).
 */
export function parseDossierDate(value: string, opts: ParseDateOptions = {}): Date | null {
  const s = value.trim();
  const [defH, defMi] = (opts.dateOnlyTime ?? "00:00").split(":").map(Number) as [number, number];

  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, tz] = iso;
    const hasTime = h !== undefined;
    const hh = hasTime ? Number(h) : defH;
    const mm = hasTime ? Number(mi) : defMi;
    const ss = Number(sec ?? 0);
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    if (!isValid(Number(y), Number(mo), Number(d), hh, mm, ss)) return null;
    const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), hh, mm, ss, ms);
    if (!tz) return new Date(local - VN_OFFSET_MS);
    if (tz.toUpperCase() === "Z") return new Date(local);
    const sign = tz.startsWith("-") ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2, 4));
    if (offH > 14 || offM > 59) return null;
    return new Date(local - sign * (offH * 60 + offM) * 60_000);
  }

  const vn = VN.exec(s);
  if (vn) {
    const [, d, mo, y, h, mi, sec] = vn;
    const hh = h !== undefined ? Number(h) : defH;
    const mm = h !== undefined ? Number(mi) : defMi;
    const ss = Number(sec ?? 0);
    if (!isValid(Number(y), Number(mo), Number(d), hh, mm, ss)) return null;
    return vnInstant(Number(y), Number(mo), Number(d), hh, mm, ss, 0);
  }
  return null;
}
