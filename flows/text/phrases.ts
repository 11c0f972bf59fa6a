/**
 * Finding known phrases in a citizen's folded words, forgiving one typo where that is safe.
 */
import { sameWord, withinOneEdit } from "./typo.js";

/** A phrase to look for: its folded words, and the same run together ("traiphep"). */
export interface Phrase {
  readonly words: readonly string[];
  readonly joined: string;
}

/** Build a phrase from folded words. */
export function phrase(words: readonly string[]): Phrase {
  return { words, joined: words.join("") };
}

/**
 * Shortest run-together phrase (in letters) for which one typo anywhere in it is forgiven:
 * "tra cu" for "tra cuu", "vi phan" for "vi pham". Below this, two-syllable phrases collide with
 * ordinary words too easily ("co lam" / "co lan").
 */
export const MIN_FUZZY_PHRASE_LENGTH = 6;

/**
 * How many of `words`, starting at `at`, spell phrase `p`; 0 when they do not. Accepted:
 * word by word (each word exact, or one typo in a long word); the same number of words with one
 * typo in the whole run; or one word that is the whole phrase typed without spaces ("camon").
 * The first letter must always be right.
 */
export function matchLength(words: readonly string[], at: number, p: Phrase, typos = true): number {
  const n = p.words.length;
  if (n === 0 || at >= words.length) return 0;
  // Every reading below needs the first letter right (typos there are not forgiven), so this
  // one comparison turns most phrases away before any string is built.
  if (words[at]![0] !== p.joined[0]) return 0;
  if (at + n <= words.length) {
    let all = true;
    for (let k = 0; k < n && all; k++) {
      all = typos ? sameWord(words[at + k]!, p.words[k]!) : words[at + k] === p.words[k];
    }
    if (all) return n;
    if (!typos) return n > 1 && words[at] === p.joined ? 1 : 0;
    if (n > 1 && p.joined.length >= MIN_FUZZY_PHRASE_LENGTH) {
      if (withinOneEdit(words.slice(at, at + n).join(""), p.joined)) return n;
    }
  }
  if (n > 1) {
    const w = words[at]!;
    if (w === p.joined || (p.joined.length >= MIN_FUZZY_PHRASE_LENGTH && withinOneEdit(w, p.joined))) return 1;
  }
  return 0;
}

/** Where a phrase was found: words [start, end); `exact` when no typo had to be assumed. */
export interface PhraseMatch {
  readonly start: number;
  readonly end: number;
  readonly phrase: Phrase;
  readonly exact: boolean;
}

// Phrase lists grouped by first letter, built once per list: a word is only ever compared with
// the phrases that start like it (see `matchLength`).
const BY_FIRST_LETTER = new WeakMap<readonly Phrase[], ReadonlyMap<string, readonly Phrase[]>>();

function byFirstLetter(phrases: readonly Phrase[]): ReadonlyMap<string, readonly Phrase[]> {
  let index = BY_FIRST_LETTER.get(phrases);
  if (!index) {
    const groups = new Map<string, Phrase[]>();
    for (const p of phrases) {
      const first = p.joined[0] ?? "";
      const group = groups.get(first);
      if (group) group.push(p);
      else groups.set(first, [p]);
    }
    index = groups;
    BY_FIRST_LETTER.set(phrases, index);
  }
  return index;
}

/** Every place any of `phrases` occurs in `words` (overlaps included), typos forgiven. */
export function findPhrases(words: readonly string[], phrases: readonly Phrase[]): PhraseMatch[] {
  const found: PhraseMatch[] = [];
  const index = byFirstLetter(phrases);
  for (let at = 0; at < words.length; at++) {
    for (const p of index.get(words[at]![0] ?? "") ?? []) {
      const exact = matchLength(words, at, p, false);
      const len = exact > 0 ? exact : matchLength(words, at, p);
      if (len > 0) found.push({ start: at, end: at + len, phrase: p, exact: exact > 0 });
    }
  }
  return found;
}

/**
 * Drop typo matches over words that already spell a known phrase exactly: "mở cửa" (open) is
 * one letter from "một cửa" (one-stop desk), but it is no typo when "mở cửa" is itself a phrase.
 * `groups` are the matches of competing phrase lists (one per intent); each keeps its exact
 * matches and those typo matches that reach at least one word no exact match explains.
 */
export function preferExact(words: readonly string[], groups: readonly (readonly PhraseMatch[])[]): PhraseMatch[][] {
  const explained = coverage(
    words,
    groups.flat().filter((m) => m.exact),
  );
  return groups.map((g) =>
    g.filter((m) => {
      if (m.exact) return true;
      for (let i = m.start; i < m.end; i++) if (!explained[i]) return true;
      return false;
    }),
  );
}

/** Which of `words` are part of some match, as one flag per word. */
export function coverage(words: readonly string[], matches: readonly PhraseMatch[]): boolean[] {
  const covered: boolean[] = words.map(() => false);
  for (const m of matches) for (let i = m.start; i < m.end; i++) covered[i] = true;
  return covered;
}
