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

/** The place the message names (from its first locative word to the end of that clause), or null. */
export function placeNamedIn(text: string, ctx: FlowContext): NamedPlace | null {
  const clause = text.split(/[,;.!?\n]/u);
  for (const part of clause) {
    const words = part.trim().split(/\s+/u);
    const folded = words.map((w) => fold(w));
    const isNoun = (i: number) =>
      PLACE_NOUN.has(folded[i] ?? "") && (!NEEDS_NOUN_AFTER.has(folded[i]!) || PLACE_NOUN.has(folded[i + 1] ?? ""));
    const at = folded.findIndex((w, i) => LOCATIVE.has(w) || isNoun(i));
    if (at < 0) continue;
    // "ở" / "tại" itself is not part of the address ("gần chợ" is).
    const from = folded[at] === "o" || folded[at] === "tai" ? at + 1 : at;
    const address = words.slice(from).join(" ").slice(0, MAX_ADDRESS_CHARS).trim();
    if (fold(address).replace(/[^a-z0-9]/g, "").length < 4 || words.length - from < 2) continue;
    const area = areaByName(ctx.commune, address);
    // Only a place an officer could find: a number or a name ("ngõ 15", "cổng làng Ngọc Bài"), not "đường làng".
    const specific = area || /\d/.test(address) || words.slice(from + 1).some((w) => /^\p{Lu}/u.test(w));
    if (!specific) continue;
    return { address, areaId: area?.properties.id ?? null };
  }
  return null;
}
