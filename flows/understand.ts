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
 */
import { findTrackingCode } from "../src/cases/tracking-code.js";
import { findDossierCode } from "../src/dossiers/code.js";
import { compileLexicon, type AnswerKind, type CommandName, type Lexicon, type PhraseIntent } from "./text/lexicon.js";
import { fold, readable } from "./text/normalize.js";
import { coverage, findPhrases, preferExact, type Phrase, type PhraseMatch } from "./text/phrases.js";
import { words } from "./text/words.js";
import { VOCABULARY_EN } from "./vocabulary.en.js";
import { VOCABULARY_VI } from "./vocabulary.vi.js";

export { parseVietnamesePhone } from "./text/phone.js";

/** A command that works at any step: back to the menu, cancel the current flow, help, one step back. */
export type GlobalCommand = CommandName;

/** What a free-text message is about. */
export type Intent =
  | { kind: "case_code"; code: string }
  | { kind: "my_cases" }
  | { kind: "dossier_code"; code: string }
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
  | { kind: "greeting" }
  | { kind: "thanks" }
  /** "ok", "dạ vâng", "👍": the citizen acknowledges what was said. */
  | { kind: "ack" }
  | { kind: "menu_choice"; choice: 1 | 2 | 3 | 4 }
  | { kind: "unknown" };

/** An option offered to the citizen (a button or a numbered line). */
export interface ChoiceOption {
  id: string;
  title: string;
}

const LEXICON: Lexicon = compileLexicon(VOCABULARY_VI, VOCABULARY_EN);

// What a message may hold and still be "just" a greeting or a thank-you.
const SMALL_TALK: readonly Phrase[] = [...LEXICON.politeness, ...LEXICON.intents.greeting, ...LEXICON.intents.thanks];

/** Longest message (in words, politeness aside) that can still be a command. */
export const MAX_COMMAND_WORDS = 5;
/** Longest message (in words, politeness aside) that can still be a short answer. */
export const MAX_ANSWER_WORDS = 6;

// When two commands are typed together the bigger move wins: "hủy, về menu" goes to the menu,
// "thôi quay lại" goes back (the "thôi" only softens it).
const COMMAND_PRIORITY: readonly CommandName[] = ["menu", "back", "cancel", "help"];
// Ties between intents go to the one that matters more to the commune and the citizen.
const INTENT_PRIORITY: readonly PhraseIntent[] = [
  "my_cases", "report", "unfollow", "followed_list", "lost_code", "dossier_question", "hours", "address", "hotline", "officer",
];

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

const POLITE_WORDS: ReadonlySet<string> = new Set(
  LEXICON.politeness.filter((p) => p.words.length === 1).map((p) => p.words[0]!),
);

/** Commands that only count with their diacritics ("dừng", never "đúng"). */
function accentSensitiveCommand(text: string): CommandName | null {
  const raw = text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, " ").trim().split(/\s+/);
  const kept = raw.filter((w) => !POLITE_WORDS.has(fold(w)));
  return LEXICON.accentSensitiveCommands.get(kept.join(" ")) ?? null;
}

/**
 * What a free-text message is about. In order: a case code (PA-…) anywhere; a dossier code anywhere (or something that
 * clearly tries to be one); a bare option number 1–4; the intent whose phrases cover most words
 * (report > dossier question > hours > address > hotline > officer on a tie); thanks or a
 * greeting when the message holds nothing else; otherwise unknown.
 */
export function understand(message: string): Intent {
  const text = readable(message);
  const caseCode = caseCodeIn(text);
  if (caseCode) return { kind: "case_code", code: caseCode };
  const code = findDossierCode(text);
  const ws = words(text, LEXICON);
  // "bỏ theo dõi 000.00…" is about the code, but not a look-up.
  if (findPhrases(ws, LEXICON.intents.unfollow).some((m) => m.exact)) return code?.kind === "code" ? { kind: "unfollow", code: code.code } : { kind: "unfollow" };
  if (code?.kind === "code") return { kind: "dossier_code", code: code.code };
  if (code?.kind === "malformed") return { kind: "dossier_code_malformed", fragment: code.fragment };
  if (code?.kind === "partial") return { kind: "dossier_code_partial", tail: code.tail };

  const choice = optionNumber(ws);
  if (choice !== null && choice >= 1 && choice <= 4) return { kind: "menu_choice", choice: choice as 1 | 2 | 3 | 4 };

  const found = preferExact(
    ws,
    INTENT_PRIORITY.map((intent) => findPhrases(ws, LEXICON.intents[intent])),
  );
  let best: PhraseIntent | null = null;
  let bestScore = 0;
  for (const [i, intent] of INTENT_PRIORITY.entries()) {
    const score = coverage(ws, found[i]!).filter(Boolean).length;
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  if (best) return { kind: best } as Intent;

  // Nothing asked: is it only a greeting or a thank-you, wrapped in politeness?
  if (fullyCovered(ws, SMALL_TALK)) {
    if (findPhrases(ws, LEXICON.intents.thanks).length > 0) return { kind: "thanks" };
    if (findPhrases(ws, LEXICON.intents.greeting).length > 0) return { kind: "greeting" };
  }
  if (isYes(text)) return { kind: "ack" };
  return { kind: "unknown" };
}

/** Longest message (in words, politeness aside) that can be a question asked on the side. */
const MAX_ASIDE_WORDS = 8;

/**
 * The intent of a message that is plainly that question and nothing else ("mấy giờ mở cửa ạ?",
 * "gặp cán bộ"): short, and at least half of its words belong to the intent. A step that takes
 * free text (an address, a description) only lets such a message through as a side question.
 */
export function plainQuestion(text: string): Intent | null {
  const intent = understand(text);
  if (intent.kind === "case_code" || intent.kind === "dossier_code" || intent.kind === "dossier_code_partial" || intent.kind === "unfollow") return intent;
  if (!(INTENT_PRIORITY as readonly string[]).includes(intent.kind)) return null;
  const ws = words(text, LEXICON);
  const rest = substance(ws);
  if (rest.length === 0 || rest.length > MAX_ASIDE_WORDS) return null;
  const own = coverage(rest, findPhrases(rest, LEXICON.intents[intent.kind as PhraseIntent])).filter(Boolean).length;
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
  const unique = (fits: (c: (typeof candidates)[number]) => boolean): T | null => {
    const found = candidates.filter(fits);
    return found.length === 1 ? found[0]!.option : null;
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
