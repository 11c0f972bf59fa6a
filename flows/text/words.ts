/**
 * From a raw message to the words the matchers compare: emoji that mean something become words,
 * then fold, abbreviations expanded, and unconverted Telex/VNI keystrokes repaired when that
 * lands on a known word.
 */
import type { Lexicon } from "./lexicon.js";
import { readable, tokens } from "./normalize.js";
import { undoTelex, undoVni } from "./telex.js";

/** Long messages are letters, not commands; looking past this many words only costs time. */
export const MAX_WORDS = 80;

/**
 * The folded, expanded words of a message, at most `MAX_WORDS` of them. `known`: more words
 * that Telex/VNI leftovers may be repaired to (the commune's procedure names and keywords).
 */
export function words(text: string, lexicon: Lexicon, known?: ReadonlySet<string>): string[] {
  let withEmoji = readable(text);
  for (const [symbol, meaning] of lexicon.emoji) {
    if (withEmoji.includes(symbol)) withEmoji = withEmoji.split(symbol).join(` ${meaning} `);
  }
  const out: string[] = [];
  for (const token of tokens(withEmoji).slice(0, MAX_WORDS)) {
    out.push(...repair(token, lexicon, known));
  }
  return out;
}

function repair(token: string, lexicon: Lexicon, known?: ReadonlySet<string>): readonly string[] {
  const expanded = lexicon.abbreviations.get(token);
  if (expanded) return expanded;
  const isKnown = (w: string) => lexicon.known.has(w) || (known?.has(w) ?? false);
  if (isKnown(token)) return [token];
  for (const guess of [undoTelex(token), undoVni(token)]) {
    if (guess === token || guess.length < 2) continue;
    const long = lexicon.abbreviations.get(guess);
    if (long) return long;
    if (isKnown(guess)) return [guess];
  }
  return [token];
}
