import { LEXICON } from "./citizen-words.js";
import type { Domain } from "./text/domain.js";
import { readable } from "./text/normalize.js";
import { findPhrases, preferExact, type PhraseMatch } from "./text/phrases.js";
import { words } from "./text/words.js";

/**
 * The procedures whose names explain most words, in the catalogue's order (several when they
 * explain as many). Where names overlap, the leftmost and longest is read: "chứng thực bản sao
 * giấy khai sinh" is a certified copy, not a copy of a birth record.
 */
export function bestProcedures(ws: readonly string[], names: readonly PhraseMatch[], domain: Domain): string[] {
  const covered = new Map<string, boolean[]>();
  for (const m of leftmostLongest(names)) {
    for (const id of domain.proceduresNamedBy.get(m.phrase) ?? []) {
      const flags = covered.get(id) ?? ws.map(() => false);
      for (let i = m.start; i < m.end; i++) flags[i] = true;
      covered.set(id, flags);
    }
  }
  let most = 0;
  for (const flags of covered.values()) most = Math.max(most, flags.filter(Boolean).length);
  const best = new Set([...covered.entries()].filter(([, flags]) => flags.filter(Boolean).length === most).map(([id]) => id));
  return [...domain.procedures.keys()].filter((id) => best.has(id));
}

/** Matches that do not overlap, taken from the left, the longer first where two start together. */
function leftmostLongest(found: readonly PhraseMatch[]): PhraseMatch[] {
  const kept: PhraseMatch[] = [];
  let until = 0;
  let start = -1;
  for (const m of [...found].sort((a, b) => a.start - b.start || b.end - a.end)) {
    // Phrases of the same span (one alias naming several procedures) are all kept.
    if (m.start === start && m.end === kept.at(-1)?.end) kept.push(m);
    else if (m.start >= until) {
      kept.push(m);
      start = m.start;
      until = m.end;
    }
  }
  return kept;
}

/** The procedures a text names (a dossier's procedure name, say): see `bestProcedures`. */
export function proceduresNamedIn(text: string, domain: Domain): string[] {
  const ws = words(readable(text), LEXICON, domain.known);
  const names = preferExact(ws, [findPhrases(ws, domain.procedurePhrases)])[0]!;
  return bestProcedures(ws, names, domain);
}

/**
 * The report category a message names: the one category its keywords name (where keywords
 * overlap, the leftmost and longest wins: "đèn đường hỏng" is about the lamp), or the catch-all
 * category when it tells of a problem no keyword names; null when it names several or none
 * (the report flow then asks).
 */
export function reportCategory(message: string, domain: Domain): string | null {
  const ws = words(readable(message), LEXICON, domain.known);
  const named = new Set<string>();
  for (const m of leftmostLongest(findPhrases(ws, domain.categoryPhrases).filter((m) => m.exact))) {
    for (const id of domain.categoriesNamedBy.get(m.phrase) ?? []) named.add(id);
  }
  if (named.size === 1) return [...named][0]!;
  if (named.size === 0 && domain.otherCategory && findPhrases(ws, LEXICON.problems).length > 0) return domain.otherCategory;
  return null;
}
