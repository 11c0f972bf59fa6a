/**
 * Dossier codes (mã hồ sơ) as issued by the one-stop system under Circular 01/2018/TT-VPCP:
 * `000.00.21.H26-251126-0001` = agency block (`ddd.dd.dd.Xdd`), receipt date (YYMMDD),
 * sequence number of the day (4 digits or more).
 */

/** An example code to show citizens the expected form. */
export const DOSSIER_CODE_EXAMPLE = "000.00.21.H26-251126-0001";

/** The canonical form: upper case, no spaces, ASCII dashes. */
const CANONICAL = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-(\d{6})-\d{4,}$/;

// Phones type all sorts of dashes (auto-replaced "--", minus from a number keypad…).
const UNICODE_DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

// A code as people type it: stray spaces around the separators, spaces instead of dots and dashes
// ("000 00 21 H26 251201 0002"), the letter O for a zero. The lookbehind keeps us from taking the
// tail of a longer (dotted) number, yet allows "hs.000…" or "mã:000…"; the sequence is greedy.
const DIGIT = "[\\dOo]";
const SEP = "(?:\\s*[.\\-_/]\\s*|\\s+)";
const TOLERANT = new RegExp(
  `(?<![\\dOo][.,]?)(${DIGIT}{3})${SEP}(${DIGIT}{2})${SEP}(${DIGIT}{2})${SEP}([A-Za-z])\\s*(${DIGIT}{2})${SEP}(${DIGIT}{6})${SEP}(${DIGIT}{4,})`,
  "g",
);

// The date and sequence alone ("251126-0001"): the agency part left out.
const TAIL_ONLY = /(?<![\p{L}\d.-])(\d{6})\s*-\s*(\d{4,})(?![\d.-])/gu;

const zeroes = (s: string) => s.replace(/[Oo]/g, "0");

// Something that clearly tries to be a code but is not one. Two shapes count as "trying":
//  - a dotted agency block ending in a letter+digits group (`000.00.21.H26`, `00.21.h2`) with
//    whatever dash groups follow;
//  - a letter+2 digits block followed by two dash groups (`H26-2511-0001`).
// Both need a letter inside a dotted/dashed number, which phone numbers, amounts ("1.000.000")
// and dates never have.
// The letter O may stand for a zero in the digit groups (said back to the citizen).
const ATTEMPT_AGENCY =
  /(?<![\dOo][.,]?)[\dOo]{1,4}(?:\s*[.,]\s*[\dOo]{1,4}){1,4}\s*[.,]\s*[A-Za-z]\s*[\dOo]{1,3}(?:\s*[-/_]\s*[\dOo]+){0,3}(?:\s*[-/_])?/g;
const ATTEMPT_BLOCK = /(?<![\p{L}\d])[A-Za-z]\d{2}\s*-\s*\d{3,8}\s*-\s*\d+/gu;

/** True when `yymmdd` is a real calendar date (20yy). */
function isValidReceiptDate(yymmdd: string): boolean {
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** True when `s` is a dossier code in canonical form with a real receipt date. */
export function isDossierCode(s: string): boolean {
  const m = CANONICAL.exec(s);
  return m !== null && isValidReceiptDate(m[1]!);
}

/**
 * The canonical form of a code typed with lower case, stray spaces or unicode dashes, or null
 * when `s` (as a whole) is not a valid code.
 */
export function normalizeDossierCode(s: string): string | null {
  const candidate = s.replace(UNICODE_DASHES, "-").replace(/\s+/g, "").toUpperCase();
  return isDossierCode(candidate) ? candidate : null;
}

/** What `findDossierCode` saw in a citizen's message. `partial`: only the date and sequence ("251126-0001"). */
export type DossierCodeMatch =
  { kind: "code"; code: string } | { kind: "partial"; tail: string } | { kind: "malformed"; fragment: string } | null;

/**
 * Find a dossier code anywhere in free text, e.g. "cho hỏi hs 000.00.21.h26-251126-0001 đến đâu
 * rồi ạ". Returns the first valid code (canonical, upper case); failing that, the first fragment
 * that clearly tries to be a code but is malformed (bad date, short sequence, missing part), so
 * the caller can show the expected form; otherwise null. Plain numbers (phone numbers, amounts,
 * dates) are never taken for a malformed code.
 */
export function findDossierCode(text: string): DossierCodeMatch {
  const normalized = text.replace(UNICODE_DASHES, "-");
  let malformed: { index: number; fragment: string } | null = null;

  for (const m of normalized.matchAll(TOLERANT)) {
    const code = `${zeroes(m[1]!)}.${zeroes(m[2]!)}.${zeroes(m[3]!)}.${m[4]!.toUpperCase()}${zeroes(m[5]!)}-${zeroes(m[6]!)}-${zeroes(m[7]!)}`;
    if (isDossierCode(code)) return { kind: "code", code };
    malformed ??= { index: m.index, fragment: m[0].trim() };
  }
  if (!malformed) {
    for (const m of normalized.matchAll(TAIL_ONLY)) {
      if (isValidReceiptDate(m[1]!)) return { kind: "partial", tail: `${m[1]}-${m[2]}` };
    }
  }
  for (const re of [ATTEMPT_AGENCY, ATTEMPT_BLOCK]) {
    for (const m of normalized.matchAll(re)) {
      if (!malformed || m.index < malformed.index) malformed = { index: m.index, fragment: m[0].trim() };
      break;
    }
  }
  return malformed ? { kind: "malformed", fragment: malformed.fragment } : null;
}

/**
 * Every valid dossier code in free text, canonical, in order, without repeats, at most `max`
 * ("hồ sơ của bố 000.00… còn của mẹ 000.00…"). Malformed and partial codes are left to
 * `findDossierCode`.
 */
export function findDossierCodes(text: string, max: number): string[] {
  const found: string[] = [];
  for (const m of text.replace(UNICODE_DASHES, "-").matchAll(TOLERANT)) {
    const code = `${zeroes(m[1]!)}.${zeroes(m[2]!)}.${zeroes(m[3]!)}.${m[4]!.toUpperCase()}${zeroes(m[5]!)}-${zeroes(m[6]!)}-${zeroes(m[7]!)}`;
    if (isDossierCode(code) && !found.includes(code)) found.push(code);
    if (found.length >= max) break;
  }
  return found;
}

/** What looks wrong in a fragment that tries to be a code, most telling first. */
export type CodeProblem =
  | { kind: "letter_o" }
  | { kind: "comma" }
  | { kind: "missing_agency" }
  | { kind: "missing_date" }
  | { kind: "bad_date"; value: string }
  | { kind: "missing_sequence" }
  | { kind: "short_sequence"; value: string };

/**
 * Why `fragment` (a malformed attempt from `findDossierCode`) is not a code, so that the reply
 * can say exactly what to check. Empty when nothing specific can be said.
 */
export function codeProblems(fragment: string): CodeProblem[] {
  const problems: CodeProblem[] = [];
  const text = fragment.replace(UNICODE_DASHES, "-");
  const groups = text.split(/[\s.,\-_/]+/).filter(Boolean);
  // The agency letter ("H26"); an "O…" group is more likely zeroes typed as O.
  const real = groups.findIndex((g) => /^[A-NP-Za-np-z][\dOo]{1,3}$/.test(g));
  const letterAt = real >= 0 ? real : groups.findIndex((g) => /^[A-Za-z][\dOo]{1,3}$/.test(g));
  const digitGroups = groups.filter((_, i) => i !== letterAt);
  if (digitGroups.some((g) => /[Oo]/.test(g) && /^[\dOo]+$/.test(g)) || (letterAt >= 0 && /[Oo]/.test(groups[letterAt]!.slice(1)))) {
    problems.push({ kind: "letter_o" });
  }
  if (text.includes(",")) problems.push({ kind: "comma" });
  if (letterAt < 3) problems.push({ kind: "missing_agency" });
  const after = letterAt >= 0 ? groups.slice(letterAt + 1).map(zeroes) : [];
  const date = after[0];
  if (letterAt >= 0 && date === undefined) problems.push({ kind: "missing_date" });
  else if (date !== undefined && (!/^\d{6}$/.test(date) || !isValidReceiptDate(date))) problems.push({ kind: "bad_date", value: date });
  const sequence = after[1];
  if (date !== undefined && sequence === undefined) problems.push({ kind: "missing_sequence" });
  else if (sequence !== undefined && sequence.length < 4) problems.push({ kind: "short_sequence", value: sequence });
  return problems;
}
