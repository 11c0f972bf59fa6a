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

// A well-formed code with stray spaces around the separators. The lookbehind keeps us from
// taking the tail of a longer (dotted) number, yet allows "hs.000…" or "mã:000…"; the sequence
// is greedy so no lookahead is needed.
const TOLERANT = /(?<!\d[.,]?)(\d{3})\s*\.\s*(\d{2})\s*\.\s*(\d{2})\s*\.\s*([A-Za-z])\s*(\d{2})\s*-\s*(\d{6})\s*-\s*(\d{4,})/g;

// Something that clearly tries to be a code but is not one. Two shapes count as "trying":
//  - a dotted agency block ending in a letter+digits group (`000.00.21.H26`, `00.21.h2`) with
//    whatever dash groups follow;
//  - a letter+2 digits block followed by two dash groups (`H26-2511-0001`).
// Both need a letter inside a dotted/dashed number, which phone numbers, amounts ("1.000.000")
// and dates never have.
const ATTEMPT_AGENCY = /(?<!\d[.,]?)\d{1,4}(?:\s*[.,]\s*\d{1,4}){1,4}\s*[.,]\s*[A-Za-z]\s*\d{1,3}(?:\s*[-/_]\s*\d+){0,3}(?:\s*[-/_])?/g;
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

/** What `findDossierCode` saw in a citizen's message. */
export type DossierCodeMatch = { kind: "code"; code: string } | { kind: "malformed"; fragment: string } | null;

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
    const code = `${m[1]}.${m[2]}.${m[3]}.${m[4]!.toUpperCase()}${m[5]}-${m[6]}-${m[7]}`;
    if (isDossierCode(code)) return { kind: "code", code };
    malformed ??= { index: m.index, fragment: m[0].trim() };
  }
  for (const re of [ATTEMPT_AGENCY, ATTEMPT_BLOCK]) {
    for (const m of normalized.matchAll(re)) {
      if (!malformed || m.index < malformed.index) malformed = { index: m.index, fragment: m[0].trim() };
      break;
    }
  }
  return malformed ? { kind: "malformed", fragment: malformed.fragment } : null;
}
