import { randomInt } from "node:crypto";
import { toLocal } from "../core/local-time.js";

/**
 * Tracking codes citizens read back over Zalo or the phone: `PA-YYMMDD-XXXX` (PA: phản ánh),
 * the filing date in Asia/Ho_Chi_Minh, then 4 characters from an alphabet without look-alikes
 * (no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B), 24⁴ ≈ 330,000 codes a day.
 */
export const TRACKING_ALPHABET = "ACDEFGHJKMNPRTUVWXY34679";
const SUFFIX_LENGTH = 4;

const STRICT = new RegExp(`^PA-\\d{6}-[${TRACKING_ALPHABET}]{${SUFFIX_LENGTH}}$`);
// In free text: any case, and "-", "_", "." or nothing as separators, with stray spaces around
// them ("pa 260302 k7mx", "PA - 260302 - K7MX").
const LOOSE_BODY = `PA\\s*[-_.]?\\s*(\\d{6})\\s*[-_.]?\\s*([${TRACKING_ALPHABET}]{${SUFFIX_LENGTH}})(?![\\p{L}\\p{N}])`;
const LOOSE = new RegExp(`(?<![\\p{L}\\p{N}])${LOOSE_BODY}`, "iu");
const LEADING = new RegExp(`^\\s*${LOOSE_BODY}\\s*`, "iu");

/**
 * A new code for a case filed at `date`. `random(n)` returns an integer in [0, n) (crypto by
 * default; tests pass their own to force collisions).
 */
export function newTrackingCode(date: Date, random: (n: number) => number = randomInt): string {
  const d = toLocal(date);
  const ymd = `${String(d.year % 100).padStart(2, "0")}${String(d.month).padStart(2, "0")}${String(d.day).padStart(2, "0")}`;
  let suffix = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += TRACKING_ALPHABET[random(TRACKING_ALPHABET.length)];
  return `PA-${ymd}-${suffix}`;
}

/** Whether `text` is exactly a tracking code (any letter case, surrounding spaces ignored). */
export function isTrackingCode(text: string): boolean {
  return STRICT.test(text.trim().toUpperCase());
}

/** The first tracking code inside free text, in its canonical form `PA-YYMMDD-XXXX`, or null. */
export function findTrackingCode(text: string): string | null {
  const m = LOOSE.exec(text);
  return m ? `PA-${m[1]}-${m[2]!.toUpperCase()}` : null;
}

/** A tracking code at the very start of `text` (a command's argument), and what follows it. */
export function leadingTrackingCode(text: string): { code: string; rest: string } | null {
  const m = LEADING.exec(text);
  return m ? { code: `PA-${m[1]}-${m[2]!.toUpperCase()}`, rest: text.slice(m[0].length).trim() } : null;
}
