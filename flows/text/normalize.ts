/**
 * Folding and tokenizing what citizens type, so that "Hủy", "HUY" and "huỷ" compare equal and
 * "hs" reads as "hồ sơ". Everything here is pure string work.
 */
import { stripDiacritics } from "../../src/core/vietnamese.js";

// Anything that is neither a letter, a digit, a dot, a dash nor whitespace becomes a space:
// punctuation, emoji, symbols. Dots and dashes are sorted out per token below.
const NOT_WORD_CHAR = /[^\p{L}\p{N}.\-\s]/gu;
// Phones auto-replace "-" with typographic dashes; treat them all as the ASCII one.
const UNICODE_DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const EDGE_DOTS_DASHES = /^[.-]+|[.-]+$/g;

/**
 * Most characters of one message that understanding reads. Zalo lets a text message hold 2,000
 * characters; a command, an answer or a question is far shorter, and a longer (forged or
 * pasted) text costs time for every citizen waiting behind it. Flows that keep the message
 * itself (a report's description) still see all of it.
 */
export const MAX_READ_CHARS = 2000;

/** The part of `text` understanding reads: its first `MAX_READ_CHARS` characters. */
export function readable(text: string): string {
  return text.length > MAX_READ_CHARS ? text.slice(0, MAX_READ_CHARS) : text;
}

/**
 * Fold text for comparison: lower case, NFD with combining marks removed, đ→d, punctuation and
 * emoji to spaces, whitespace collapsed. Dots and dashes survive only inside a token that holds
 * a digit (dossier codes `000.00.21.h26-251126-0001`, phone numbers `0912.345.678`), so "xây-dựng"
 * and "hs." still split into words.
 */
export function fold(text: string): string {
  const plain = stripDiacritics(readable(text).toLowerCase()).replace(UNICODE_DASHES, "-").replace(NOT_WORD_CHAR, " ");
  const out: string[] = [];
  for (const raw of plain.split(/\s+/)) {
    const chunk = raw.replace(EDGE_DOTS_DASHES, "");
    if (chunk === "") continue;
    if (/\d/.test(chunk)) out.push(chunk);
    else out.push(...chunk.split(/[.-]+/).filter((w) => w !== ""));
  }
  return out.join(" ");
}

/** The folded words of `text`, in order. */
export function tokens(text: string): string[] {
  const folded = fold(text);
  return folded === "" ? [] : folded.split(" ");
}

/** A table from an abbreviation (folded, one token) to what it stands for (folded words). */
export type Abbreviations = ReadonlyMap<string, readonly string[]>;

/**
 * Build an abbreviation table from human-written data (`{ "hs": "hồ sơ" }`), folding both sides
 * so the data can be written with or without diacritics.
 */
export function abbreviationTable(data: Readonly<Record<string, string>>): Abbreviations {
  const table = new Map<string, readonly string[]>();
  for (const [short, long] of Object.entries(data)) {
    const key = fold(short);
    if (key.includes(" ") || key === "") throw new Error(`abbreviation must be one word: "${short}"`);
    table.set(key, tokens(long));
  }
  return table;
}

/**
 * Replace abbreviations token by token ("hs" → "ho so", "ko" → "khong"). Only whole tokens are
 * replaced, so "hs" inside "hsbc" or a dossier code is left alone.
 */
export function expandAbbreviations(words: readonly string[], table: Abbreviations): string[] {
  const out: string[] = [];
  for (const w of words) {
    const long = table.get(w);
    if (long) out.push(...long);
    else out.push(w);
  }
  return out;
}
