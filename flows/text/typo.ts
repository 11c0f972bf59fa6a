/**
 * Cheap typo tolerance: is `a` at most one edit away from `b`, where an edit is an insertion, a
 * deletion, a substitution or a swap of two neighbouring letters (Damerau-Levenshtein ≤ 1)?
 * Linear time, no matrix: we only ever need "0 or 1", never the distance itself.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;

  // Skip the common prefix; the first difference decides which single edit could explain it.
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;

  if (la === lb) {
    // Substitution at i …
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    // … or swap of i and i+1.
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // One extra letter in the longer string at i.
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Shortest word (in letters) for which one typo is forgiven; shorter Vietnamese syllables collide too often ("phan"/"phat"). */
export const MIN_FUZZY_LENGTH = 5;

/**
 * True when `typed` equals `known`, or is one typo away and `known` is long enough for that to be
 * safe. The first letter must agree: Vietnamese words differ by their initial far too often
 * ("huong"/"phuong", "khong"/"không"→"hong") for a slip there to be a typo.
 */
export function sameWord(typed: string, known: string, minLength: number = MIN_FUZZY_LENGTH): boolean {
  if (typed === known) return true;
  return known.length >= minLength && typed.length >= minLength - 1 && typed[0] === known[0] && withinOneEdit(typed, known);
}
