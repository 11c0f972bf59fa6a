/**
 * A message for the front desk, left when no officer can answer on Zalo now (outside office
 * hours, or nobody on duty). One text message at a time, at most `LEFT_MESSAGES_CAP` until the
 * front desk reads them; the `leaveMessage` effect folds them into the citizen's one waiting
 * conversation, which the digest of the next opening lists (at once when the office is open).
 *
 *   message   waiting for the text
 */
import type { Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { officeStatus } from "../src/commune/hours.js";
import { LEFT_MESSAGES_CAP } from "../src/handoff/handoff.js";
import { menuReply, miss, say } from "./kit.js";
import { handoffSay as t } from "./messages.handoff.vi.js";
import { MENU, nextOpeningText, vi } from "./messages.vi.js";

/** A tap on an earlier message's menu button is a new request, not the message. */
const MENU_PAYLOADS: ReadonlySet<string> = new Set(Object.values(MENU));

/** Whether the citizen already left as many messages as the front desk takes before it reads them. */
export async function leftAll(ctx: FlowContext): Promise<boolean> {
  const h = await ctx.handoff.current();
  return h?.status === "left" && h.left >= LEFT_MESSAGES_CAP;
}

export const OFFICER_MESSAGE_START: FlowState = { name: "officer-message", step: "message", data: {}, misses: 0 };

/** A message for the commune's leadership (offered with the complaint answer): the front desk passes it on. */
export function leadershipMessage(): StepResult {
  return { replies: [say(vi.leadershipPrompt)], next: { ...OFFICER_MESSAGE_START, data: { to: "leadership" } } };
}

export const officerMessage: Flow = {
  name: "officer-message",

  async start() {
    return { replies: [say(t.messagePrompt)], next: OFFICER_MESSAGE_START };
  },

  async step(state, event, ctx) {
    const text = event.kind === "text" ? event.text.trim() : "";
    if (MENU_PAYLOADS.has(text)) return { replies: [], next: null, passOn: true };
    if (!text) return miss(state, [say(t.messageNotText)]);
    const status = officeStatus(ctx.commune, ctx.now);
    const when = status.openNow ? null : nextOpeningText(status);
    if (await leftAll(ctx)) return { replies: [say(t.leftFull(when, ctx.commune.hotline)), menuReply(ctx)], next: null };
    const forLeadership = state.data.to === "leadership";
    const left = forLeadership ? `${vi.forLeadership} ${text}` : text;
    return { replies: [say(t.messageLeft(when)), menuReply(ctx)], next: null, effects: [{ type: "leaveMessage", text: left }] };
  },

  help: () => [say(t.messagePrompt)],
  remind: () => [say(t.messagePrompt)],
  // Whatever is typed is the message; only a plain question ("mấy giờ mở cửa?") is answered aside.
  takesFreeText: () => true,
};
