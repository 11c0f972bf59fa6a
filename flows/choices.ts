import { LEXICON, substance } from "./citizen-words.js";
import { coverage, findPhrases } from "./text/phrases.js";
import { words } from "./text/words.js";

/** An option offered to the citizen (a button or a numbered line). */
export interface ChoiceOption {
  id: string;
  title: string;
}

/** The option number typed alone ("2", "2.", "số 2", "chọn 2 ạ", "2️⃣"), or null. */
export function optionNumber(ws: readonly string[]): number | null {
  const rest = substance(ws);
  const prefixed = coverage(rest, findPhrases(rest, LEXICON.choicePrefixes));
  const left = rest.filter((_, i) => !prefixed[i]);
  if (left.length !== 1 || !/^\d{1,2}$/.test(left[0]!)) return null;
  return Number(left[0]);
}

/**
 * The option the citizen picked, by number ("2", "số 2"), by id, or by (part of) its title,
 * with or without diacritics; null when nothing or more than one option fits.
 */
export function matchChoice<T extends ChoiceOption>(text: string, options: readonly T[]): T | null {
  const ws = words(text, LEXICON);
  if (ws.length === 0 || options.length === 0) return null;

  const n = optionNumber(ws);
  if (n !== null) return n >= 1 && n <= options.length ? options[n - 1]! : null;

  const typed = substance(ws).join(" ");
  const candidates = options.map((o) => ({
    option: o,
    id: words(o.id, LEXICON).join(" "),
    title: words(o.title, LEXICON),
  }));
  // Options with the same id are one choice under two names.
  const unique = (fits: (c: (typeof candidates)[number]) => boolean): T | null => {
    const found = candidates.filter(fits);
    return found.length > 0 && found.every((c) => c.option.id === found[0]!.option.id) ? found[0]!.option : null;
  };

  // 1. Exactly the id or the title (politeness aside).
  const whole = ws.join(" ");
  const exact = unique((c) => c.id === whole || c.id === typed || c.title.join(" ") === whole || c.title.join(" ") === typed);
  if (exact) return exact;
  // 2. The whole title inside a longer message: "chọn lấn chiếm đất công ạ".
  const inside = unique((c) => c.title.length > 0 && findPhrases(ws, [{ words: c.title, joined: c.title.join("") }]).length > 0);
  if (inside) return inside;
  // 3. A distinctive part of the title ("lấn chiếm" for "Lấn chiếm đất công"): at least 4
  //    letters, so that a stray "a" or "xã" picks nothing.
  if (typed.replace(/ /g, "").length < 4) return null;
  const part = substance(ws);
  return unique((c) => findPhrases(c.title, [{ words: part, joined: part.join("") }]).length > 0);
}
