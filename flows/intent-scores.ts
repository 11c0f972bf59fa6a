import { LEXICON } from "./citizen-words.js";
import type { Domain } from "./text/domain.js";
import { PROCEDURE_ASPECTS, type PhraseIntent, type ProcedureAspect } from "./text/lexicon.js";
import { coverage, findPhrases, preferExact, type PhraseMatch } from "./text/phrases.js";

// Ties between intents go to the one that matters more to the commune and the citizen.
export const INTENT_PRIORITY: readonly PhraseIntent[] = [
  "my_cases",
  "complaint",
  "report",
  "unfollow",
  "followed_list",
  "lost_code",
  "online_dossier",
  "citizen_reception",
  "procedure",
  "dossier_question",
  "hours",
  "address",
  "hotline",
  "anyone_there",
  "officer",
];

// Named in two words or more, these outweigh a quick question asked with them.
const SUBSTANTIAL: readonly PhraseIntent[] = ["report", "procedure"];
const MINOR: readonly PhraseIntent[] = ["hours", "address", "hotline", "officer", "anyone_there"];

// Folded, "ở đầu ngõ" (at the head of the lane) spells "ở đâu ngõ": before a place noun it names
// where a problem is, not a question of where the office is. ("cho" is left out: "nộp ở đâu cho
// nhanh" asks.)
const PLACE_AFTER_DAU = new Set(["ngo", "ngach", "hem", "thon", "xom", "lang", "duong", "pho", "cau", "doc", "kenh", "khu"]);
const namesAPlace = (ws: readonly string[], m: PhraseMatch) => m.phrase.words.at(-1) === "dau" && PLACE_AFTER_DAU.has(ws[m.end] ?? "");

/** The words each intent explains, with what the commune's own words add. */
export interface Scored {
  words: readonly string[];
  matches: ReadonlyMap<PhraseIntent, readonly PhraseMatch[]>;
  procedureNames: readonly PhraseMatch[];
  aspects: ReadonlyMap<ProcedureAspect, readonly PhraseMatch[]>;
  scores: ReadonlyMap<PhraseIntent, number>;
}

export function scoreIntents(ws: readonly string[], domain: Domain): Scored {
  const groups: (readonly PhraseMatch[])[] = [
    ...INTENT_PRIORITY.map((intent) => findPhrases(ws, LEXICON.intents[intent])),
    findPhrases(ws, domain.procedurePhrases),
    // A category's keyword counts only as written: one letter off, "muốn" would be "mương".
    findPhrases(ws, domain.categoryPhrases).filter((m) => m.exact),
    // Modifiers count only as written: "lâu thế" is one letter from "làm thế", "nộp hôm" from "nộp hồ (sơ)".
    findPhrases(ws, LEXICON.problems).filter((m) => m.exact),
    findPhrases(ws, LEXICON.progress).filter((m) => m.exact),
    // So do the parts asked for: "mất hôm (qua)" is one letter from "mấy hôm".
    ...PROCEDURE_ASPECTS.map((a) => findPhrases(ws, LEXICON.aspects[a]).filter((m) => m.exact)),
  ];
  const kept = preferExact(ws, groups);
  const own = new Map<PhraseIntent, PhraseMatch[]>(INTENT_PRIORITY.map((intent, i) => [intent, [...kept[i]!]]));
  own.set(
    "address",
    own.get("address")!.filter((m) => !namesAPlace(ws, m)),
  );
  let at = INTENT_PRIORITY.length;
  const procedureNames = kept[at++]!;
  const categories = kept[at++]!;
  const problems = kept[at++]!;
  const progress = kept[at++]!;
  const aspects = new Map(PROCEDURE_ASPECTS.map((a) => [a, aspectMatches(ws, kept[at++]!, procedureNames)]));

  own.get("report")!.push(...categories, ...problems);
  const asked = procedureNames.length > 0 || own.get("procedure")!.length > 0;
  own.get("procedure")!.push(...procedureNames, ...(asked ? [...aspects.values()].flat() : []));
  // "hồ sơ sổ đỏ của tôi xong chưa": the procedure names the dossier asked about.
  own.get("dossier_question")!.push(...progress, ...(progress.length > 0 ? procedureNames : []));

  const scores = new Map(INTENT_PRIORITY.map((intent) => [intent, coverage(ws, own.get(intent)!).filter(Boolean).length]));
  return { words: ws, matches: own, procedureNames, aspects, scores };
}

/** Aspect words that are not part of a procedure's name ("chi phí" in "hỗ trợ chi phí mai táng"). */
function aspectMatches(ws: readonly string[], found: readonly PhraseMatch[], names: readonly PhraseMatch[]): PhraseMatch[] {
  const named = coverage(ws, names);
  return found.filter((m) => {
    for (let i = m.start; i < m.end; i++) if (named[i]) return false;
    return true;
  });
}

/** The intent that explains most words (see the rules in `intents.ts`), or null. */
export function bestIntent(s: Scored): PhraseIntent | null {
  const score = (i: PhraseIntent) => s.scores.get(i) ?? 0;
  const top = (among: readonly PhraseIntent[]) => {
    let best: PhraseIntent | null = null;
    for (const intent of INTENT_PRIORITY) if (among.includes(intent) && score(intent) > (best ? score(best) : 0)) best = intent;
    return best;
  };
  const overall = top(INTENT_PRIORITY);
  if (overall && MINOR.includes(overall)) {
    const weighty = top(SUBSTANTIAL);
    if (weighty && score(weighty) >= 2) return weighty;
  }
  // Losing the code is the question, not the dossier's progress: "mất giấy hẹn thì tra cứu thế nào".
  if (overall === "dossier_question" && score("lost_code") > 0) return "lost_code";
  // "Tối nay / trưa / chủ nhật có ai không?": who is there when is a question of hours.
  if ((overall === "officer" || overall === "anyone_there") && score("hours") > 0) return "hours";
  // "thủ tục khiếu nại", "cán bộ không nhận hồ sơ, gây khó dễ": the complaint is the question.
  if ((overall === "procedure" || overall === "dossier_question") && score("complaint") >= 2) return "complaint";
  // "nộp qua mạng rồi, kiểm tra ở đâu": following one's own online dossier, not the procedure's online part.
  if (overall === "procedure" && score("online_dossier") >= 3) return "online_dossier";
  return overall;
}
