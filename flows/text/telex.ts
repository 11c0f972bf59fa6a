/**
 * Recovering words typed with a Vietnamese input method that did not convert: Telex ("huyr",
 * "tra cuwus", "ddiaj chir") and VNI ("hu3y", "tra cu71u"). The result is only a guess; callers
 * use it only when it lands on a word they know, so "thanks" or "xs" are never mangled.
 */

const VOWEL = /[aeiouy]/;

/**
 * Longest token worth repairing. The longest Vietnamese syllables ("nghiêng", "nguyễn") take at
 * most 10 keystrokes in Telex or VNI; anything longer is not one word typed raw, and skipping it
 * keeps the repair's cost bounded whatever a message holds.
 */
export const MAX_REPAIRABLE_LENGTH = 12;

/** Undo Telex keystrokes in a folded token: tone letters s/f/r/x/j after a vowel, dd, aa, aw, ee, oo, ow, uw, w. */
export function undoTelex(token: string): string {
  if (token.length > MAX_REPAIRABLE_LENGTH) return token;
  let t = token;
  // A tone key after the w that made the vowel ("tuwr" tử, "thuwr" thử, "sowr" sở).
  t = t.replace(/([aou]w)[sfrxj](?=([cmnpt]|ch|ng|nh)?$)/, "$1");
  // A tone key is typed after the vowel, often at the very end ("huyr", "hoir") or right after
  // the vowel cluster before the final consonant ("tras", "phanr" → "phan", "hoir"). The
  // lookbehind tries each run of vowels once, from its start, instead of from every vowel in it.
  t = t.replace(/(?<![aeiouy])([aeiouy]+)[sfrxj]([cmnpt]|ch|ng|nh)?$/, "$1$2");
  t = t.replace(/([aeiouy])[sfrxj]$/, "$1");
  t = t.replace(/dd/g, "d").replace(/aa|aw/g, "a").replace(/ee/g, "e").replace(/oo|ow/g, "o").replace(/uw/g, "u").replace(/w/g, "u");
  // A tone key typed after the final consonant ("phanr", "chaof" handled above, "gaps").
  if (t.length >= 3 && /[sfrxj]$/.test(t) && VOWEL.test(t.slice(0, -1))) {
    const stripped = t.slice(0, -1);
    if (/[cmnpt]$|ch$|ng$|nh$/.test(stripped)) t = stripped;
  }
  return t;
}

/** Undo VNI keystrokes in a folded token: digits 1–9 typed after letters ("hu3y" → "huy"). */
export function undoVni(token: string): string {
  if (token.length > MAX_REPAIRABLE_LENGTH || !/\p{L}/u.test(token)) return token;
  return token.replace(/[1-9]/g, "");
}
