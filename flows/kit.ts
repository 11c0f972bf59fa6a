import type { Reply } from "../src/core/reply.js";
import type { FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { vi } from "./messages.vi.js";

/** Small helpers every flow uses to build its results. */

export const say = (text: string): Reply => ({ type: "text", text });

/**
 * The main menu; `lead` goes before it in the same message (one message, not two, on a phone),
 * or instead of its text with `replaceText`.
 */
export function menuReply(ctx: FlowContext, lead?: string, o: { replaceText?: boolean } = {}): Reply {
  const m = vi.menu(ctx.commune.name);
  const text = lead ? (o.replaceText ? lead : `${lead} ${m.text}`) : m.text;
  return { type: "buttons", text, buttons: m.buttons };
}

/** Stay on the same step. */
export function stay(state: FlowState, replies: Reply[], data: Record<string, unknown> = state.data): StepResult {
  return { replies, next: { ...state, data, misses: 0 } };
}

export function goTo(state: FlowState, step: string, replies: Reply[], data: Record<string, unknown> = state.data): StepResult {
  return { replies, next: { ...state, step, data, misses: 0 } };
}

export function end(replies: Reply[]): StepResult {
  return { replies, next: null };
}

export const MAX_MISSES = 3;

/**
 * The step could not use the input: re-prompt with what it expects. From the third miss in a
 * row on, also offer the main menu and an officer (the flow stays open: a right answer still works).
 */
export function miss(state: FlowState, reprompt: Reply[]): StepResult {
  const misses = state.misses + 1;
  const replies = [...reprompt];
  if (misses >= MAX_MISSES) {
    replies.push({ type: "buttons", text: vi.tooManyMisses, buttons: vi.tooManyMissesButtons });
  }
  return { replies, next: { ...state, misses } };
}
