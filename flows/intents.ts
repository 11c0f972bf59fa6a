/**
 * What a free-text message is about (with the rules of `citizen-words.ts`):
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
import { findDossierCode, findDossierCodes } from "../src/dossiers/code.js";
import { caseCodeIn } from "./case-codes.js";
import { optionNumber } from "./choices.js";
import { LEXICON, substance } from "./citizen-words.js";
import { bestProcedures } from "./commune-names.js";
import { bestIntent, INTENT_PRIORITY, type Scored, scoreIntents } from "./intent-scores.js";
import { isYes } from "./short-answers.js";
import { type Domain, NO_DOMAIN } from "./text/domain.js";
import type { PhraseIntent, ProcedureAspect } from "./text/lexicon.js";
import { readable } from "./text/normalize.js";
import { coverage, findPhrases, phrase, type Phrase } from "./text/phrases.js";
import { words } from "./text/words.js";

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
  /** A complaint about an officer's conduct or a decision (khiếu nại, tố cáo). */
  | { kind: "complaint" }
  /** Where to check a dossier submitted online. */
  | { kind: "online_dossier" }
  /** Meeting the citizen-reception officer or the leadership in person. */
  | { kind: "citizen_reception" }
  /** "Có ai ở đó không?" */
  | { kind: "anyone_there" }
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

/** True when every word is covered by `phrases`. */
function fullyCovered(ws: readonly string[], phrases: readonly Phrase[]): boolean {
  return ws.length > 0 && coverage(ws, findPhrases(ws, phrases)).every(Boolean);
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
