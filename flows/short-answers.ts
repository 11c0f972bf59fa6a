/**
 * A short answer must BE the message, like a command (see the rules in `commands.ts`): politeness
 * aside, every word belongs to it.
 */
import { LEXICON, substance } from "./citizen-words.js";
import type { AnswerKind } from "./text/lexicon.js";
import { coverage, findPhrases } from "./text/phrases.js";
import { words } from "./text/words.js";

/** Longest message (in words, politeness aside) that can still be a short answer. */
export const MAX_ANSWER_WORDS = 6;

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
