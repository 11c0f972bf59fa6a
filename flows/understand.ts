/**
 * Understanding what citizens type: global commands, the intent of a free-text message, short
 * answers (yes / no / done / anonymous), option picks and phone numbers. Pure functions over the
 * vocabulary in `flows/vocabulary.*.ts`; see `test/flows/understand.test.ts` for real examples.
 *
 * Rules:
 * - Everything compares on folded words (`flows/text/normalize.ts`): no case, no diacritics,
 *   abbreviations expanded ("hs" → "ho so"), Telex/VNI leftovers repaired ("huyr" → "huy").
 * - One typo is forgiven in a word of ≥ 5 letters, or anywhere in a phrase of ≥ 6 letters.
 * - A command or a short answer must BE the message: once politeness ("ạ", "ad ơi", "cho em")
 *   is set aside, every remaining word (at most 4 for a command) must belong to it. So "hủy ạ"
 *   and "thôi hủy đi" cancel, but "tôi muốn hủy hồ sơ đất đai" and "không hủy" do not.
 * - An intent only needs to be mentioned: a dossier code anywhere wins; otherwise the intent
 *   whose phrases cover the most words wins, ties going to the more serious one (report first).
 *   Greeting and thanks are answers of last resort: only when nothing else was asked.
 * - The commune's own words count too (`Domain`, flows/text/domain.ts): a procedure's name or
 *   alias makes a procedure question (and the words asking for a part of it — papers, time, fee,
 *   where, online — count with it), a category keyword or a word telling of a problem makes a
 *   report. Asking how far along one's own dossier is ("xong chưa", "đã nộp") turns a
 *   procedure's name into the name of that dossier.
 * - A named problem or procedure outweighs a quick question asked with it ("đèn đường hỏng, tối
 *   nay ai trực?"): the quick one is answered too, second (`Reading.also`).
 */
import { findTrackingCode } from "../src/cases/tracking-code.js";
import type { CommuneConfig } from "../src/commune/config.js";
import type { FlowContext } from "../src/conversation/flow.js";
import { findDossierCode, findDossierCodes } from "../src/dossiers/code.js";
import type { ProcedureCatalogue } from "../src/procedures/catalogue.js";
import { compileDomain, type Domain, NO_DOMAIN } from "./text/domain.js";
import {
  compileLexicon,
  PROCEDURE_ASPECTS,
  type AnswerKind,
  type CommandName,
  type Lexicon,
  type PhraseIntent,
  type ProcedureAspect,
} from "./text/lexicon.js";
import { fold, readable } from "./text/normalize.js";
import { coverage, findPhrases, phrase, preferExact, type Phrase, type PhraseMatch } from "./text/phrases.js";
import { words } from "./text/words.js";
import { VOCABULARY_EN } from "./vocabulary.en.js";
import { VOCABULARY_VI } from "./vocabulary.vi.js";

export { parseVietnamesePhone } from "./text/phone.js";
export type { Domain } from "./text/domain.js";
export type { ProcedureAspect } from "./text/lexicon.js";

/** A command that works at any step: back to the menu, cancel the current flow, help, one step back. */
export type GlobalCommand = CommandName;

/** What a free-text message is about. */
export type Intent =
  | { kind: "case_code"; code: string }
  | { kind: "my_cases" }
  | { kind: "dossier_code"; code: string }
  /** Several dossier codes in one message (at most `MAX_CODES_READ`). */
  | { kind: "dossier_codes"; codes: string[] }
  | { kind: "dossier_code_malformed"; fragment: string }
  /** Only the date and sequence of a code ("251126-0001"). */
  | { kind: "dossier_code_partial"; tail: string }
  | { kind: "dossier_question" }
  | { kind: "report" }
  | { kind: "hours" }
  | { kind: "address" }
  | { kind: "hotline" }
  | { kind: "officer" }
  | { kind: "lost_code" }
  | { kind: "followed_list" }
  | { kind: "unfollow"; code?: string }
  /**
   * A question about procedures: `ids` the procedures named (catalogue order; several when the
   * words fit several equally, none when no procedure was named), `aspects` the parts asked for,
   * in the order asked. `supplement`: the papers asked for are those a dossier must add.
   */
  | { kind: "procedure"; ids: string[]; aspects: ProcedureAspect[]; supplement?: true }
  | { kind: "greeting" }
  | { kind: "thanks" }
  | { kind: "goodbye" }
  /** "ok", "dạ vâng", "👍", an emoji alone: the citizen acknowledges what was said. */
  | { kind: "ack" }
  | { kind: "menu_choice"; choice: MenuNumber }
  | { kind: "unknown" };

/** The main menu's buttons, by number. */
export type MenuNumber = 1 | 2 | 3 | 4 | 5;
const MENU_SIZE = 5;

/** What a message asks: the main request, and a quick question asked with it (answered second). */
export interface Reading {
  intent: Intent;
  also: QuickQuestion | null;
}

/** Questions answered by the office's contact card. */
export type QuickQuestion = "hours" | "address" | "hotline";
const QUICK: readonly QuickQuestion[] = ["hours", "address", "hotline"];

/** Most dossier codes read from one message (each is one look-up of the citizen's allowance). */
export const MAX_CODES_READ = 5;

/** An option offered to the citizen (a button or a numbered line). */
export interface ChoiceOption {
  id: string;
  title: string;
}

const LEXICON: Lexicon = compileLexicon(VOCABULARY_VI, VOCABULARY_EN);

// What a message may hold and still be "just" small talk: a greeting, thanks, a goodbye, a nod.
const SMALL_TALK: readonly Phrase[] = [
  ...LEXICON.politeness,
  ...LEXICON.smallTalk,
  ...LEXICON.intents.greeting,
  ...LEXICON.intents.thanks,
  ...LEXICON.intents.goodbye,
  ...LEXICON.answers.yes,
  ...LEXICON.noted,
];
const NODS: readonly Phrase[] = [...LEXICON.answers.yes, ...LEXICON.noted];
const SUPPLEMENT: readonly Phrase[] = [phrase(["bo", "sung"])];

const DOMAINS = new WeakMap<ProcedureCatalogue, WeakMap<Pick<CommuneConfig, "categories">, Domain>>();

/** The commune's words as a step's context holds them. */
export const domainOf = (ctx: Pick<FlowContext, "procedures" | "commune">): Domain => domainFor(ctx.procedures, ctx.commune);

/**
 * The commune's words (its procedures and report categories) ready for `understand`; compiled
 * once per catalogue and config.
 */
export function domainFor(catalogue: ProcedureCatalogue, commune: Pick<CommuneConfig, "categories" | "otherCategory">): Domain {
  let byCommune = DOMAINS.get(catalogue);
  if (!byCommune) DOMAINS.set(catalogue, (byCommune = new WeakMap()));
  let domain = byCommune.get(commune);
  if (!domain) byCommune.set(commune, (domain = compileDomain(catalogue, commune, LEXICON)));
  return domain;
}

/** Longest message (in words, politeness aside) that can still be a command. */
export const MAX_COMMAND_WORDS = 5;
/** Longest message (in words, politeness aside) that can still be a short answer. */
export const MAX_ANSWER_WORDS = 6;

// When two commands are typed together the bigger move wins: "hủy, về menu" goes to the menu,
// "thôi quay lại" goes back (the "thôi" only softens it).
const COMMAND_PRIORITY: readonly CommandName[] = ["menu", "back", "cancel", "help"];
// Ties between intents go to the one that matters more to the commune and the citizen.
const INTENT_PRIORITY: readonly PhraseIntent[] = [
  "my_cases",
  "report",
  "unfollow",
  "followed_list",
  "lost_code",
  "procedure",
  "dossier_question",
  "hours",
  "address",
  "hotline",
  "officer",
];
// Named in two words or more, these outweigh a quick question asked with them.
const SUBSTANTIAL: readonly PhraseIntent[] = ["report", "procedure"];
const MINOR: readonly PhraseIntent[] = ["hours", "address", "hotline", "officer"];

/** The words of `text` that are not politeness, in order. */
function substance(ws: readonly string[]): string[] {
  const polite = coverage(ws, findPhrases(ws, LEXICON.politeness));
  return ws.filter((_, i) => !polite[i]);
}

/** True when every word is covered by `phrases`. */
function fullyCovered(ws: readonly string[], phrases: readonly Phrase[]): boolean {
  return ws.length > 0 && coverage(ws, findPhrases(ws, phrases)).every(Boolean);
}

/**
 * The global command this message IS, or null. A command is a short message (≤ 4 words once
 * politeness is set aside) made only of command words: "MENU", "hủy ạ", "thôi hủy đi",
 * "quay lại", "?", "0". A sentence that merely contains the word is not a command.
 */
export function globalCommand(message: string): GlobalCommand | null {
  const text = readable(message);
  const ws = words(text, LEXICON);
  // However polite, a command does not take a paragraph; spare long messages the matching.
  if (ws.length > MAX_COMMAND_WORDS * 4) return null;
  const polite = findPhrases(ws, LEXICON.politeness);
  if (coverage(ws, polite).every(Boolean)) {
    // "?" folds to nothing; "ạ?" is a question mark too. A bare "ạ" or an emoji is not a command.
    return /\?/.test(text) ? "help" : null;
  }
  const accented = accentSensitiveCommand(text);
  if (accented) return accented;

  // Command words first, politeness only for what is left: "chủ" in "trang chủ" is not "chú".
  const found = new Set<CommandName>();
  const commandMatches: PhraseMatch[] = [];
  for (const name of COMMAND_PRIORITY) {
    const matches = findPhrases(ws, LEXICON.commands[name]);
    if (matches.length > 0) found.add(name);
    commandMatches.push(...matches);
  }
  const byCommand = coverage(ws, commandMatches);
  if (byCommand.filter(Boolean).length > MAX_COMMAND_WORDS) return null;
  if (!coverage(ws, [...commandMatches, ...polite]).every(Boolean)) return null;
  return COMMAND_PRIORITY.find((name) => found.has(name)) ?? null;
}

const POLITE_WORDS: ReadonlySet<string> = new Set(LEXICON.politeness.filter((p) => p.words.length === 1).map((p) => p.words[0]!));

/** Commands that only count with their diacritics ("dừng", never "đúng"). */
function accentSensitiveCommand(text: string): CommandName | null {
  const raw = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .trim()
    .split(/\s+/);
  const kept = raw.filter((w) => !POLITE_WORDS.has(fold(w)));
  return LEXICON.accentSensitiveCommands.get(kept.join(" ")) ?? null;
}

/**
 * What a free-text message is about. In order: a case code (PA-…) anywhere; dossier codes
 * anywhere (or something that clearly tries to be one); a bare option number 1–5; thanks or a
 * goodbye with nothing else asked; the intent whose phrases cover most words (see the rules at
 * the top); a greeting or a nod when the message holds nothing else; otherwise unknown.
 * `domain`: the commune's procedures and categories (`domainFor`); without it only the fixed
 * vocabulary is known.
 */
export function understand(message: string, domain: Domain = NO_DOMAIN): Intent {
  return read(message, domain).intent;
}

/** `understand`, with the quick question asked alongside the main request. */
export function read(message: string, domain: Domain = NO_DOMAIN): Reading {
  const text = readable(message);
  const caseCode = caseCodeIn(text);
  if (caseCode) return alone({ kind: "case_code", code: caseCode });
  const ws = words(text, LEXICON, domain.known);
  const code = findDossierCode(text);
  // "bỏ theo dõi 000.00…" is about the code, but not a look-up.
  if (findPhrases(ws, LEXICON.intents.unfollow).some((m) => m.exact))
    return alone(code?.kind === "code" ? { kind: "unfollow", code: code.code } : { kind: "unfollow" });
  if (code?.kind === "code") {
    const codes = findDossierCodes(text, MAX_CODES_READ);
    const intent: Intent = codes.length > 1 ? { kind: "dossier_codes", codes } : { kind: "dossier_code", code: code.code };
    return { intent, also: quickAlongside(ws, domain, intent.kind) };
  }
  if (code?.kind === "malformed") return alone({ kind: "dossier_code_malformed", fragment: code.fragment });
  if (code?.kind === "partial") return alone({ kind: "dossier_code_partial", tail: code.tail });

  const choice = optionNumber(ws);
  if (choice !== null && choice >= 1 && choice <= MENU_SIZE) return alone({ kind: "menu_choice", choice: choice as MenuNumber });

  // Thanks and goodbyes wrapped in politeness ("xin cảm ơn cán bộ", "chúc ad ngủ ngon").
  const small = smallTalk(ws);
  if (small === "thanks" || small === "goodbye") return alone({ kind: small });

  const scored = scoreIntents(ws, domain);
  const best = bestIntent(scored);
  if (best) {
    const intent = best === "procedure" ? procedureIntent(ws, scored, domain) : ({ kind: best } as Intent);
    return { intent, also: quickAlongside(ws, domain, best, scored) };
  }
  if (small) return alone({ kind: small });
  if (isYes(text)) return alone({ kind: "ack" });
  // An emoji or a sticker-like symbol alone: a nod, not a question.
  if (ws.length === 0 && /\p{Extended_Pictographic}/u.test(text)) return alone({ kind: "ack" });
  return alone({ kind: "unknown" });
}

const alone = (intent: Intent): Reading => ({ intent, also: null });

/** Small talk the whole message is made of, strongest first; null when it asks anything. */
function smallTalk(ws: readonly string[]): "thanks" | "goodbye" | "greeting" | "ack" | null {
  if (!fullyCovered(ws, SMALL_TALK)) return null;
  if (findPhrases(ws, LEXICON.intents.thanks).length > 0) return "thanks";
  if (findPhrases(ws, LEXICON.intents.goodbye).length > 0) return "goodbye";
  if (findPhrases(ws, LEXICON.intents.greeting).length > 0) return "greeting";
  if (findPhrases(ws, NODS).length > 0) return "ack";
  return null;
}

/** The words each intent explains, with what the commune's own words add. */
interface Scored {
  words: readonly string[];
  matches: ReadonlyMap<PhraseIntent, readonly PhraseMatch[]>;
  procedureNames: readonly PhraseMatch[];
  aspects: ReadonlyMap<ProcedureAspect, readonly PhraseMatch[]>;
  scores: ReadonlyMap<PhraseIntent, number>;
}

function scoreIntents(ws: readonly string[], domain: Domain): Scored {
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

/** The intent that explains most words (see the rules at the top), or null. */
function bestIntent(s: Scored): PhraseIntent | null {
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
  if (overall === "officer" && score("hours") > 0) return "hours";
  return overall;
}

/** The quick question asked alongside `main`, when its words are there too. */
function quickAlongside(ws: readonly string[], domain: Domain, main: Intent["kind"], scored?: Scored): QuickQuestion | null {
  if ((QUICK as readonly string[]).includes(main)) return null;
  const s = scored ?? scoreIntents(ws, domain);
  let best: QuickQuestion | null = null;
  for (const q of QUICK) if ((s.scores.get(q) ?? 0) >= 2 && (!best || s.scores.get(q)! > s.scores.get(best)!)) best = q;
  return best;
}

/** Which procedures a procedure question names, and which parts it asks for. */
function procedureIntent(ws: readonly string[], s: Scored, domain: Domain): Intent {
  const aspects = [...s.aspects.entries()]
    .filter(([, found]) => found.length > 0)
    .sort((a, b) => Math.min(...a[1].map((m) => m.start)) - Math.min(...b[1].map((m) => m.start)))
    .map(([aspect]) => aspect);
  // "giấy tờ cần bổ sung", not the "bổ sung" of a procedure's name.
  const supplement = (s.aspects.get("papers") ?? []).some((m) => findPhrases(m.phrase.words, SUPPLEMENT).length > 0);
  return {
    kind: "procedure",
    ids: bestProcedures(ws, s.procedureNames, domain),
    aspects,
    ...(supplement ? { supplement: true as const } : {}),
  };
}

/**
 * The procedures whose names explain most words, in the catalogue's order (several when they
 * explain as many). Where names overlap, the leftmost and longest is read: "chứng thực bản sao
 * giấy khai sinh" is a certified copy, not a copy of a birth record.
 */
function bestProcedures(ws: readonly string[], names: readonly PhraseMatch[], domain: Domain): string[] {
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

/** Longest message (in words, politeness aside) that can be a question asked on the side. */
const MAX_ASIDE_WORDS = 8;

/**
 * The intent of a message that is plainly that question and nothing else ("mấy giờ mở cửa ạ?",
 * "gặp cán bộ", "cảm ơn ạ"): short, and at least half of its words belong to the intent. A step that takes
 * free text (an address, a description) only lets such a message through as a side question.
 */
export function plainQuestion(text: string, domain: Domain = NO_DOMAIN): Intent | null {
  const intent = understand(text, domain);
  if (
    intent.kind === "case_code" ||
    intent.kind === "dossier_code" ||
    intent.kind === "dossier_codes" ||
    intent.kind === "dossier_code_partial" ||
    intent.kind === "unfollow"
  )
    return intent;
  // Read only when the whole message is that ("cảm ơn ad ạ"): never an address or a description.
  if (intent.kind === "thanks" || intent.kind === "goodbye" || intent.kind === "greeting") return intent;
  if (!(INTENT_PRIORITY as readonly string[]).includes(intent.kind)) return null;
  const rest = substance(words(text, LEXICON, domain.known));
  if (rest.length === 0 || rest.length > MAX_ASIDE_WORDS) return null;
  const own = scoreIntents(rest, domain).scores.get(intent.kind as PhraseIntent) ?? 0;
  return own * 2 >= rest.length ? intent : null;
}

/**
 * A case tracking code (`PA-YYMMDD-XXXX`) anywhere in the message, in any case and with stray
 * spaces ("pa - 261126 - hxyx"), canonical; null when there is none. A case code is asked about
 * from any step of any conversation.
 */
export function caseCodeIn(text: string): string | null {
  return findTrackingCode(readable(text));
}

/** The option number typed alone ("2", "2.", "số 2", "chọn 2 ạ", "2️⃣"), or null. */
function optionNumber(ws: readonly string[]): number | null {
  const rest = substance(ws);
  const prefixed = coverage(rest, findPhrases(rest, LEXICON.choicePrefixes));
  const left = rest.filter((_, i) => !prefixed[i]);
  if (left.length !== 1 || !/^\d{1,2}$/.test(left[0]!)) return null;
  return Number(left[0]);
}

/** True when the message is only this kind of short answer (politeness allowed around it). */
function isAnswer(text: string, kind: AnswerKind): boolean {
  const ws = words(text, LEXICON);
  if (ws.length === 0) return false;
  const own = findPhrases(ws, LEXICON.answers[kind]);
  if (own.length === 0) return false;
  // Answer words first, so that "dạ" (yes, but also politeness) still counts as a yes.
  const covered = coverage(ws, [...own, ...findPhrases(ws, LEXICON.politeness)]);
  if (!covered.every(Boolean)) return false;
  return substance(ws).length <= MAX_ANSWER_WORDS;
}

/** "có", "ừ", "ok", "đồng ý", "dạ", "👍", "yes"… — the whole message is a yes. */
export function isYes(text: string): boolean {
  return isAnswer(text, "yes") && !isAnswer(text, "no");
}

/** "không", "ko", "không đồng ý", "chưa", "no"… — the whole message is a no. */
export function isNo(text: string): boolean {
  return isAnswer(text, "no");
}

/** "xong", "hết", "đủ rồi", "done"… — the citizen has nothing more to add (photos, details). */
export function isDone(text: string): boolean {
  return isAnswer(text, "done");
}

/** "gửi", "gửi đi", "submit" — send what was prepared. */
export function isSubmit(text: string): boolean {
  return isAnswer(text, "submit");
}

/** "sửa", "sửa lại", "chỉnh sửa", "edit" — change what was prepared. */
export function isEdit(text: string): boolean {
  return isAnswer(text, "edit");
}

/**
 * The citizen asks to stay anonymous: "ẩn danh", "tôi muốn giấu tên", "không để lại thông tin".
 * Unlike the short answers this may be part of a sentence, but a negation right before it
 * ("không cần ẩn danh", "không ẩn danh") turns it around.
 */
export function isAnonymous(text: string): boolean {
  const ws = words(text, LEXICON);
  return findPhrases(ws, LEXICON.answers.anonymous).some((m) => {
    if (LEXICON.negations.has(m.phrase.words[0]!)) return true;
    const before = ws.slice(Math.max(0, m.start - 2), m.start);
    return !before.some((w) => LEXICON.negations.has(w));
  });
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
