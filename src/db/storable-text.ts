/**
 * Text the database can store as given. PostgreSQL's `text` refuses U+0000 (the query fails,
 * and with it every row of its batch); an unpaired UTF-16 surrogate is not Unicode text at all
 * and would be silently rewritten to U+FFFD on the way to the database. Both are refused at the
 * edges (API bodies, CSV cells) with a message naming the problem, never cleaned silently: what
 * an officer or the one-stop system sent is either stored exactly or not at all.
 */

// String.prototype.isWellFormed is ES2024; the lib here is ES2023.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored as given, or null when it can. */
export function unstorableText(s: string): string | null {
  if (s.includes("\u0000")) return "contains the character U+0000 (NUL), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
  return null;
}
