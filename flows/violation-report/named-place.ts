/**
 * A place named in the message that opened the report ("đống rác ở cổng làng Ngọc Bài"): the
 * location step offers it back instead of asking for it again.
 */
import type { FlowContext } from "../../src/conversation/flow.js";
import { areaByName } from "../../src/commune/geo.js";
import { fold } from "../text/normalize.js";
import { MAX_ADDRESS_CHARS } from "./draft.js";

export interface NamedPlace {
  address: string;
  /** The village it names, or null (then the village is asked). */
  areaId: string | null;
}

// "ở", "tại", "gần" introduce a place; a place noun ("ngõ 15", "thôn Phú Mỹ", "cổng làng") is one.
const LOCATIVE = new Set(["o", "tai", "gan"]);
const PLACE_NOUN = new Set(["ngo", "ngach", "hem", "thon", "xom", "lang", "cong", "duong", "dau", "cuoi"]);
// "đầu ngõ", "cuối xóm", "đường làng": a place noun only with another after it.
const NEEDS_NOUN_AFTER = new Set(["dau", "cuoi", "duong", "cong"]);

// Words that start the description after a place ("cổng làng Ngọc Bài lâu ngày không ai dọn"),
// typed in lower case; folded, so only words no place name begins with ("chùa" folds as "chưa": left out).
const DESCRIPTION_STARTS = new Set([
  "lau",
  "bi",
  "da",
  "dang",
  "co",
  "khong",
  "ko",
  "k",
  "rat",
  "qua",
  "van",
  "tu",
  "suot",
  "hong",
  "boc",
  "nhieu",
  "toan",
  "thuong",
  "hay",
  "mai",
  "luon",
  "gay",
  "lam",
  "ngap",
  "sut",
  "chang",
  "cha",
  "ai",
  "hom",
  "tuan",
  "thang",
  "roi",
  "vua",
  "moi",
  "cu",
  "nen",
  "vi",
  "ma",
  "nhung",
  "thi",
  "nay",
  "may",
  "xay",
  "do",
  "vut",
  "tran",
]);
// Words that go on naming the place after its name ("Ngọc Bài, gần chợ", "thôn Phú Mỹ ngõ 3").
const PLACE_GOES_ON = new Set([
  ...PLACE_NOUN,
  "so",
  "gan",
  "canh",
  "doi",
  "dien",
  "sau",
  "truoc",
  "phia",
  "ben",
  "trong",
  "ngoai",
  "cho",
  "dinh",
  "nha",
  "van",
  "hoa",
  "truong",
  "tram",
  "cau",
  "kenh",
  "muong",
  "song",
  "ho",
  "ao",
  "khu",
  "to",
  "cum",
  "dan",
  "pho",
  "xa",
  "ngo",
]);
const lowerCased = (w: string) => /^\p{Ll}/u.test(w);

/**
 * Where the place that starts at `from` ends: at the first lower-case word that starts the
 * description, or, once a name or number was given, at the first lower-case word that does not
 * go on naming the place.
 */
function placeEnd(words: readonly string[], folded: readonly string[], from: number): number {
  let named = false;
  // Words since a place noun: its name ("thon phu my" typed bare) is up to two words after it.
  let sinceNoun = 9;
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    const f = folded[i]!;
    const namesNoun = sinceNoun < 2 && !DESCRIPTION_STARTS.has(f);
    if (i > from && lowerCased(w) && !namesNoun && (DESCRIPTION_STARTS.has(f) || (named && !PLACE_GOES_ON.has(f)))) return i;
    if (/^\p{Lu}/u.test(w) || /\d/.test(w)) named = true;
    sinceNoun = PLACE_NOUN.has(f) ? 0 : sinceNoun + 1;
  }
  return words.length;
}

/** The place the message names (from its first locative word to the end of that clause), or null. */
export function placeNamedIn(text: string, ctx: FlowContext): NamedPlace | null {
  const clause = text.split(/[,;.!?\n]/u);
  for (const part of clause) {
    const words = part.trim().split(/\s+/u);
    const folded = words.map((w) => fold(w));
    const isNoun = (i: number) =>
      PLACE_NOUN.has(folded[i] ?? "") && (!NEEDS_NOUN_AFTER.has(folded[i]!) || PLACE_NOUN.has(folded[i + 1] ?? ""));
    // "ở" (or "o" typed bare), never "ổ gà" or "ô tô", which fold the same.
    const isLocative = (i: number) =>
      LOCATIVE.has(folded[i]!) &&
      (folded[i] !== "o" || (/^(ở|o)$/u.test(words[i]!.normalize("NFC").toLowerCase()) && folded[i + 1] !== "ga"));
    const at = folded.findIndex((_w, i) => isLocative(i) || isNoun(i));
    if (at < 0) continue;
    // "ở" / "tại" itself is not part of the address ("gần chợ" is).
    const from = folded[at] === "o" || folded[at] === "tai" ? at + 1 : at;
    const address = words
      .slice(from, placeEnd(words, folded, from))
      .join(" ")
      .slice(0, MAX_ADDRESS_CHARS)
      .trim();
    if (fold(address).replace(/[^a-z0-9]/g, "").length < 4 || words.length - from < 2) continue;
    const area = areaByName(ctx.commune, address);
    // Only a place an officer could find: a number or a name ("ngõ 15", "cổng làng Ngọc Bài"), not "đường làng".
    const specific = area || /\d/.test(address) || words.slice(from + 1).some((w) => /^\p{Lu}/u.test(w));
    if (!specific) continue;
    return { address, areaId: area?.properties.id ?? null };
  }
  return null;
}
