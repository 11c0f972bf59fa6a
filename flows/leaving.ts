/**
 * Leaving a flow and coming back to it: "hủy" asks once before throwing away a draft with content,
 * "menu" keeps the draft aside, and choosing the same flow again offers to continue it. The engine
 * asks these questions on top of the step (`FlowState.pending`); the step itself never sees them.
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Reply } from "../src/core/reply.js";
import type { Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { end, menuReply, say } from "./kit.js";
import { vi } from "./messages.vi.js";
import { matchChoice } from "./choices.js";
import { globalCommand } from "./commands.js";
import { isNo, isYes } from "./short-answers.js";

const titleOf = (state: FlowState) => vi.flowTitle[state.name] ?? "";

/** Where the citizen stands, in one line (with the step's buttons when the flow has them). */
export function reminder(state: FlowState, flow: Flow, ctx: FlowContext): Reply[] {
  return flow.remind ? flow.remind(state, ctx) : flow.help(state, ctx);
}

/** "hủy": at once when nothing was given yet, else one question first. */
export function cancel(open: FlowState, flow: Flow | undefined, ctx: FlowContext): StepResult {
  if (!flow?.hasContent?.(open)) return end([say(vi.cancelled(titleOf(open))), menuReply(ctx)]);
  return {
    replies: [{ type: "buttons", text: vi.leave.confirmCancel(titleOf(open)), buttons: vi.leave.confirmButtons }],
    next: { ...open, pending: "cancel" },
  };
}

/** "menu": the menu, and a draft with content kept aside for when the citizen comes back. */
export function toMenu(open: FlowState | null, flow: Flow | undefined, ctx: FlowContext, idleMinutes: number): StepResult {
  if (!open || !flow?.hasContent?.(open)) return end([menuReply(ctx)]);
  const { pending: _asked, ...kept } = open;
  return { replies: [say(vi.leave.kept(titleOf(open), idleMinutes)), menuReply(ctx)], next: null, parked: { ...kept, misses: 0 } };
}

/** The same flow chosen again while a draft of it is kept: continue it, or start afresh? */
export function offerResume(parked: FlowState): StepResult {
  return {
    replies: [{ type: "buttons", text: vi.leave.resumeOffer(titleOf(parked)), buttons: vi.leave.resumeButtons }],
    next: { ...parked, pending: "resume" },
    parked: null,
  };
}

/**
 * The answer to the engine's own question, or null when the message answers neither way (the
 * question is then dropped and the message goes to the step as usual).
 */
export async function answerPending(open: FlowState, event: PlatformEvent, flow: Flow, ctx: FlowContext): Promise<StepResult | null> {
  const text = event.kind === "text" ? event.text : "";
  const { pending, ...state } = open;
  const [first, second] = pending === "cancel" ? vi.leave.confirmButtons : vi.leave.resumeButtons;
  const picked = matchChoice(text, [
    { id: "first", title: first!.title },
    { id: "second", title: second!.title },
  ]);
  // "hủy" again at "really cancel?" is a yes.
  const again = pending === "cancel" && globalCommand(text) === "cancel";
  const saidFirst = picked?.id === "first" || again || (!picked && isYes(text));
  const saidSecond = picked?.id === "second" || (!picked && isNo(text));
  if (pending === "cancel") {
    if (saidFirst) return end([say(vi.cancelled(titleOf(open))), menuReply(ctx)]);
    if (saidSecond) return { replies: reminder(state, flow, ctx), next: state };
    return null;
  }
  if (saidSecond) return flow.start(ctx);
  // "Làm tiếp", or anything else: the draft goes on from where it was left.
  if (saidFirst) return { replies: reminder(state, flow, ctx), next: state };
  return null;
}
