/**
 * A message for the front desk, left when no officer can answer on Zalo now (outside office
 * hours, or nobody on duty). One text message; the `leaveMessage` effect delivers it to the
 * front-desk team at the next opening (at once when the office is open).
 *
 *   message   waiting for the text
 */
import type { Flow, FlowState } from "../src/conversation/flow.js";
import { officeStatus } from "../src/commune/hours.js";
import { menuReply, miss, say } from "./kit.js";
import { handoffSay as t } from "./messages.handoff.vi.js";
import { MENU, nextOpeningText } from "./messages.vi.js";

/** A tap on an earlier message's menu button is a new request, not the message. */
const MENU_PAYLOADS: ReadonlySet<string> = new Set(Object.values(MENU));

export const OFFICER_MESSAGE_START: FlowState = { name: "officer-message", step: "message", data: {}, misses: 0 };

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
    return { replies: [say(t.messageLeft(when)), menuReply(ctx)], next: null, effects: [{ type: "leaveMessage", text }] };
  },

  help: () => [say(t.messagePrompt)],
  remind: () => [say(t.messagePrompt)],
  // Whatever is typed is the message; only a plain question ("mấy giờ mở cửa?") is answered aside.
  takesFreeText: () => true,
};
