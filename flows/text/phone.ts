/**
 * Vietnamese phone numbers as citizens type them: "0912 345 678", "+84 912.345.678",
 * "84-24-3825-1234", "(024) 3825 1234".
 */
import { readable } from "./normalize.js";

// A run of digits with the separators people put inside numbers; a leading "+" or "(+84)".
const CANDIDATE = /(?<![\p{L}\d])\(?\+?\d[\d\s.\-()]{7,20}\d(?![\p{L}\d])/gu;
/** Mobile: 03x, 05x, 07x, 08x, 09x and 8 more digits. */
const MOBILE = /^0[35789]\d{8}$/;
/** Landline: 02 + area code and subscriber number, 11 digits in all (since 2017). */
const LANDLINE = /^02\d{9}$/;

/** The national form (`0xxxxxxxxx`) of a digit string, given with or without the 84 country code. */
function national(digits: string): string {
  if (digits.startsWith("0084")) digits = digits.slice(4);
  else if (digits.startsWith("84") && digits.length >= 11) digits = digits.slice(2);
  else return digits;
  // "+84 0912…" is a common way to write it; the 0 is the trunk prefix, not part of the number.
  return digits.startsWith("0") ? digits : `0${digits}`;
}

/**
 * The first valid Vietnamese mobile or landline number in `text`, as `0xxxxxxxxx` (10 digits) or
 * `02xxxxxxxxx` (11 digits), accepting +84/84/0084 prefixes, spaces, dots, dashes and brackets;
 * null when there is none. Digits glued to letters (dossier codes, "H26-…") are not numbers.
 */
export function parseVietnamesePhone(text: string): string | null {
  return digitsIn(readable(text)) ?? digitsIn(lettersAsDigits(readable(text)));
}

// A token of a number typed with the letter O for a zero or l / I for a one ("O987 l23 456"):
// digits, those letters and the separators, with at least two real digits.
const LETTERED = /^[\dOolI|.\-()+]+$/;

/** `text` with O/o read as 0 and l/I/| as 1 inside number-like tokens only (words stay as typed). */
function lettersAsDigits(text: string): string {
  return text
    .split(/(\s+)/)
    .map((w) => (LETTERED.test(w) && (w.match(/\d/g)?.length ?? 0) >= 2 ? w.replace(/[Oo]/g, "0").replace(/[lI|]/g, "1") : w))
    .join("");
}

function digitsIn(text: string): string | null {
  for (const m of text.matchAll(CANDIDATE)) {
    // A run may hold two numbers ("0912345678 hoặc 0987…" leaves "0912345678 0987654321"), so
    // try each whitespace-separated start with as many following pieces as make a number.
    const pieces = m[0].trim().split(/\s+/);
    for (let start = 0; start < pieces.length; start++) {
      let joined = "";
      for (let end = start; end < pieces.length; end++) {
        joined += pieces[end]!;
        const digits = national(joined.replace(/\D/g, ""));
        if (MOBILE.test(digits) || LANDLINE.test(digits)) return digits;
        if (digits.length > 11) break;
      }
    }
  }
  return null;
}
