/**
 * Understanding what citizens type: global commands (`commands.ts`), the intent of a free-text
 * message (`intents.ts`), short answers (yes / no / done / anonymous, `short-answers.ts`), option
 * picks (`choices.ts`) and phone numbers (`text/phone.ts`). Pure functions over the vocabulary in
 * `flows/vocabulary.*.ts`, compiled once here; see `test/flows/understand.test.ts` for real examples.
 *
 * Rules:
 * - Everything compares on folded words (`flows/text/normalize.ts`): no case, no diacritics,
 *   abbreviations expanded ("hs" → "ho so"), Telex/VNI leftovers repaired ("huyr" → "huy").
 * - One typo is forgiven in a word of ≥ 5 letters, or anywhere in a phrase of ≥ 6 letters.
 */
import { compileLexicon, type Lexicon } from "./text/lexicon.js";
import { coverage, findPhrases } from "./text/phrases.js";
import { VOCABULARY_EN } from "./vocabulary.en.js";
import { VOCABULARY_VI } from "./vocabulary.vi.js";

export const LEXICON: Lexicon = compileLexicon(VOCABULARY_VI, VOCABULARY_EN);

/** The words of `text` that are not politeness, in order. */
export function substance(ws: readonly string[]): string[] {
  const polite = coverage(ws, findPhrases(ws, LEXICON.politeness));
  return ws.filter((_, i) => !polite[i]);
}
