/**
 * The vocabulary the hotline understands, as written by people (`flows/vocabulary.vi.ts`,
 * `.en.ts`), and its compiled form: every phrase folded and abbreviation-expanded exactly like
 * incoming messages, so data and input always meet in the same spelling.
 */
import { abbreviationTable, expandAbbreviations, fold, tokens, type Abbreviations } from "./normalize.js";
import { phrase, type Phrase } from "./phrases.js";

/** Commands that work at any step of any conversation. */
export type CommandName = "menu" | "cancel" | "help" | "back";
/** Intents recognised by phrases (codes and menu numbers are recognised by shape). */
export type PhraseIntent =
  | "my_cases"
  | "dossier_question"
  | "report"
  | "hours"
  | "address"
  | "hotline"
  | "officer"
  | "lost_code"
  | "followed_list"
  | "unfollow"
  | "greeting"
  | "thanks"
  | "goodbye"
  /** Asking about a procedure in general words ("thủ tục", "cần giấy tờ gì", "lệ phí"); the catalogue names the procedures. */
  | "procedure"
  /** A complaint about an officer's conduct or a decision: how to file a khiếu nại / tố cáo. */
  | "complaint"
  /** Where to check a dossier submitted online. */
  | "online_dossier"
  /** Meeting the citizen-reception officer (tiếp công dân). */
  | "citizen_reception"
  /** "Có ai ở đó không?": is anyone answering. */
  | "anyone_there";
/** Which part of a procedure a question is about. */
export type ProcedureAspect = "papers" | "time" | "fee" | "where" | "online";
export const PROCEDURE_ASPECTS: readonly ProcedureAspect[] = ["papers", "time", "fee", "where", "online"];
/** Short answers a flow step may wait for. */
export type AnswerKind = "yes" | "no" | "done" | "submit" | "edit" | "anonymous";

/** Human-written vocabulary data; any spelling (diacritics or not), folded at load. */
export interface Vocabulary {
  /** One-word abbreviation → what it stands for: `{ hs: "hồ sơ" }`. */
  readonly abbreviations?: Readonly<Record<string, string>>;
  /** Emoji (or other symbols lost by folding) → words: `{ "👍": "ok" }`. */
  readonly emoji?: Readonly<Record<string, string>>;
  /** Words and phrases that carry no request: particles, forms of address, lead-ins. */
  readonly politeness?: readonly string[];
  /** Words that may precede an option number: "chọn 2", "số 2". */
  readonly choicePrefixes?: readonly string[];
  /** Words that negate the phrase after them: "không ẩn danh". */
  readonly negations?: readonly string[];
  readonly commands?: Readonly<Partial<Record<CommandName, readonly string[]>>>;
  /**
   * Commands that only count when typed with these exact diacritics, because folding makes
   * them collide with a common answer ("dừng" = stop, but "đúng" = right, both "dung").
   */
  readonly accentSensitiveCommands?: Readonly<Record<string, CommandName>>;
  readonly intents?: Readonly<Partial<Record<PhraseIntent, readonly string[]>>>;
  readonly answers?: Readonly<Partial<Record<AnswerKind, readonly string[]>>>;
  /** Words that ask for one part of a procedure: papers, time, fee, where, online. */
  readonly aspects?: Readonly<Partial<Record<ProcedureAspect, readonly string[]>>>;
  /**
   * Words that ask how far along one's own dossier is ("xong chưa", "đã nộp", "duyệt chưa"): with
   * them, a procedure's name tells which dossier, not that the procedure itself is asked about.
   */
  readonly progress?: readonly string[];
  /** Words that tell of a local problem ("bị hỏng", "ngập", "nguy hiểm"): a report, even when no category names it. */
  readonly problems?: readonly string[];
  /** Words that may stand around thanks and goodbyes without asking anything ("chúc … vui vẻ", "cán bộ", "hiểu rồi"). */
  readonly smallTalk?: readonly string[];
  /** "hiểu rồi", "rõ rồi": the citizen takes note (an acknowledgement, never a yes to a question). */
  readonly noted?: readonly string[];
}

/** Vocabulary ready for matching. */
export interface Lexicon {
  readonly abbreviations: Abbreviations;
  readonly emoji: ReadonlyMap<string, string>;
  readonly politeness: readonly Phrase[];
  readonly choicePrefixes: readonly Phrase[];
  readonly negations: ReadonlySet<string>;
  readonly commands: Readonly<Record<CommandName, readonly Phrase[]>>;
  /** Raw lower-case NFC message (politeness aside) → command. */
  readonly accentSensitiveCommands: ReadonlyMap<string, CommandName>;
  readonly intents: Readonly<Record<PhraseIntent, readonly Phrase[]>>;
  readonly answers: Readonly<Record<AnswerKind, readonly Phrase[]>>;
  readonly aspects: Readonly<Record<ProcedureAspect, readonly Phrase[]>>;
  readonly progress: readonly Phrase[];
  readonly problems: readonly Phrase[];
  readonly smallTalk: readonly Phrase[];
  readonly noted: readonly Phrase[];
  /** Every folded word that appears in some phrase: the targets for repairing Telex/VNI leftovers. */
  readonly known: ReadonlySet<string>;
}

const COMMANDS: readonly CommandName[] = ["menu", "cancel", "help", "back"];
const INTENTS: readonly PhraseIntent[] = [
  "my_cases",
  "dossier_question",
  "report",
  "hours",
  "address",
  "hotline",
  "officer",
  "lost_code",
  "followed_list",
  "unfollow",
  "greeting",
  "thanks",
  "goodbye",
  "procedure",
  "complaint",
  "online_dossier",
  "citizen_reception",
  "anyone_there",
];
const ANSWERS: readonly AnswerKind[] = ["yes", "no", "done", "submit", "edit", "anonymous"];

/** Merge vocabularies (e.g. Vietnamese and English) and fold every phrase. */
export function compileLexicon(...parts: readonly Vocabulary[]): Lexicon {
  const abbreviations = abbreviationTable(Object.assign({}, ...parts.map((p) => p.abbreviations ?? {})));
  const known = new Set<string>();
  const compile = (list: readonly string[]): Phrase[] => {
    const out: Phrase[] = [];
    const seen = new Set<string>();
    for (const text of list) {
      const words = expandAbbreviations(tokens(text), abbreviations);
      const key = words.join(" ");
      if (words.length === 0 || seen.has(key)) continue;
      seen.add(key);
      for (const w of words) known.add(w);
      out.push(phrase(words));
    }
    return out;
  };
  const gather = <K extends string>(
    keys: readonly K[],
    pick: (v: Vocabulary) => Readonly<Partial<Record<K, readonly string[]>>> | undefined,
  ): Record<K, Phrase[]> => {
    const result = {} as Record<K, Phrase[]>;
    for (const k of keys) result[k] = compile(parts.flatMap((p) => pick(p)?.[k] ?? []));
    return result;
  };

  const emoji = new Map<string, string>();
  const accentSensitive = new Map<string, CommandName>();
  for (const p of parts) {
    for (const [symbol, words] of Object.entries(p.emoji ?? {})) emoji.set(symbol, words);
    for (const [word, command] of Object.entries(p.accentSensitiveCommands ?? {})) {
      accentSensitive.set(word.normalize("NFC").toLowerCase(), command);
    }
  }

  return {
    abbreviations,
    emoji,
    politeness: compile(parts.flatMap((p) => p.politeness ?? [])),
    choicePrefixes: compile(parts.flatMap((p) => p.choicePrefixes ?? [])),
    negations: new Set(parts.flatMap((p) => p.negations ?? []).map(fold)),
    commands: gather(COMMANDS, (v) => v.commands),
    accentSensitiveCommands: accentSensitive,
    intents: gather(INTENTS, (v) => v.intents),
    answers: gather(ANSWERS, (v) => v.answers),
    aspects: gather(PROCEDURE_ASPECTS, (v) => v.aspects),
    progress: compile(parts.flatMap((p) => p.progress ?? [])),
    problems: compile(parts.flatMap((p) => p.problems ?? [])),
    smallTalk: compile(parts.flatMap((p) => p.smallTalk ?? [])),
    noted: compile(parts.flatMap((p) => p.noted ?? [])),
    known,
  };
}

/**
 * One phrase written by people at run time (a procedure's alias, a category's keyword), folded
 * and abbreviation-expanded exactly like the vocabulary; null when nothing is left of it.
 */
export function phraseOf(text: string, lexicon: Lexicon): Phrase | null {
  const ws = expandAbbreviations(tokens(text), lexicon.abbreviations);
  return ws.length ? phrase(ws) : null;
}
