/**
 * Rules (with those of `citizen-words.ts`):
 * - A command or a short answer must BE the message: once politeness ("ạ", "ad ơi", "cho em")
 *   is set aside, every remaining word (at most 4 for a command) must belong to it. So "hủy ạ"
 *   and "thôi hủy đi" cancel, but "tôi muốn hủy hồ sơ đất đai" and "không hủy" do not.
 */
import { LEXICON } from "./citizen-words.js";
import type { CommandName } from "./text/lexicon.js";
import { fold, readable } from "./text/normalize.js";
import { coverage, findPhrases, type PhraseMatch } from "./text/phrases.js";
import { words } from "./text/words.js";

/** A command that works at any step: back to the menu, cancel the current flow, help, one step back. */
export type GlobalCommand = CommandName;

/** Longest message (in words, politeness aside) that can still be a command. */
export const MAX_COMMAND_WORDS = 5;

// When two commands are typed together the bigger move wins: "hủy, về menu" goes to the menu,
// "thôi quay lại" goes back (the "thôi" only softens it).
const COMMAND_PRIORITY: readonly CommandName[] = ["menu", "back", "cancel", "help"];

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
