/**
 * A request about their data that the hotline cannot settle by itself, in the citizen's own
 * words: handed to the commune's data-protection officer (src/privacy/dpo-requests.ts), with the
 * law's deadlines told back on the commune's calendar.
 *
 *   text   waiting for the request, one message
 */
import { formatDateTimeVN } from "../src/core/local-time.js";
import type { Flow, FlowState } from "../src/conversation/flow.js";
import { dpoDeadlines } from "../src/privacy/dpo-deadlines.js";
import { end, miss, say } from "./kit.js";
import { dpoSay } from "./messages.rights.vi.js";
import { isNo } from "./short-answers.js";

/** Longest request kept (a Zalo message is longer, but a request is a few sentences). */
const MAX_CHARS = 1000;

export const PRIVACY_REQUEST_START: FlowState = { name: "privacy-request", step: "text", data: {}, misses: 0 };

export const privacyRequest: Flow = {
  name: "privacy-request",

  async start() {
    return { replies: [say(dpoSay.ask)], next: PRIVACY_REQUEST_START };
  },

  async step(state, event, ctx) {
    const text = event.kind === "text" ? event.text.trim() : "";
    if (!text) return miss(state, [say(dpoSay.notText)]);
    if (isNo(text)) return end([say(dpoSay.dropped)]);
    const { ackBy, settleBy } = dpoDeadlines(ctx.commune, ctx.now);
    return {
      replies: [say(dpoSay.filed(formatDateTimeVN(ackBy), formatDateTimeVN(settleBy)))],
      next: null,
      effects: [{ type: "rightsRequest", request: { kind: "dpo", text: text.slice(0, MAX_CHARS) } }],
    };
  },

  help: () => [say(dpoSay.ask)],
  remind: () => [say(dpoSay.ask)],
  // Whatever is typed is the request; only a plain question is answered aside.
  takesFreeText: () => true,
};
