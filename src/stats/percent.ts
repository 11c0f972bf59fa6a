/**
 * A share as a percentage with two decimals, rounded half up (66.4341… → 66.43), as communes
 * publish them; null when there is nothing to divide by. Integer arithmetic first so that
 * 5,524 / 8,315 gives 66.43 and not 66.42999….
 */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 10_000) / whole) / 100;
}

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Hours with two decimals, from milliseconds. */
export function hours(ms: number): number {
  return Math.round(ms / 36_000) / 100;
}
