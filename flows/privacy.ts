/**
 * The citizen's personal data in the chat (issue 25): the notice, the consent per purpose (given
 * or withdrawn with one button), "what do you hold about me", and erasure (asked to confirm). One-
 * shot answers with no state of their own: the open conversation, if any, stays where it was.
 */
import type { Reply } from "../src/core/reply.js";
import type { FlowContext, StepResult } from "../src/conversation/flow.js";
import { CONSENT_PURPOSES } from "../src/privacy/purposes.js";
import { say } from "./kit.js";
import { CONSENT_TEXT, privacySay } from "./messages.privacy.vi.js";
import { exportReply } from "./rights.js";
import type { PrivacyAsk } from "./text/privacy-words.js";

/** The privacy notice as one message with its buttons (first contact, or asked). */
export function privacyNotice(ctx: FlowContext): Reply {
  const n = privacySay.notice(ctx.commune);
  return { type: "buttons", text: n.text, buttons: n.buttons };
}

/** Answer a personal-data request; `next` is left to the caller (the open flow stays). */
export async function answerPrivacy(ask: PrivacyAsk, ctx: FlowContext): Promise<Omit<StepResult, "next">> {
  switch (ask.kind) {
    case "notice":
      return { replies: [privacyNotice(ctx)] };
    case "consents": {
      const inForce = ctx.privacy ? await ctx.privacy.consents() : null;
      if (!inForce) return { replies: [say(privacySay.holdingsUnavailable)] };
      const screen = privacySay.consents(inForce, CONSENT_PURPOSES);
      return { replies: [{ type: "buttons", text: screen.text, buttons: screen.buttons }] };
    }
    case "consent": {
      const { purpose, granted } = ask;
      const reply: Reply = granted
        ? { type: "buttons", text: privacySay.granted(purpose), buttons: [privacySay.grantButton(purpose)] }
        : { type: "buttons", text: privacySay.withdrawn(purpose), buttons: [privacySay.withdrawButton(purpose)] };
      return { replies: [reply], effects: [{ type: "consent", purpose, granted, textShown: CONSENT_TEXT[purpose] }] };
    }
    case "holdings": {
      const held = ctx.privacy ? await ctx.privacy.holdings() : null;
      if (!held) return { replies: [say(privacySay.holdingsUnavailable)] };
      const h = privacySay.holdings(held, ctx.commune);
      const link = ctx.privacy?.exportLink?.() ?? null;
      return {
        replies: [{ type: "buttons", text: h.text, buttons: h.buttons }, exportReply(link)],
        effects: [{ type: "privacyRequest", kind: "access" }],
      };
    }
    case "erase":
      return { replies: [{ type: "buttons", text: privacySay.eraseAsk.text, buttons: privacySay.eraseAsk.buttons }] };
    case "eraseDeclined":
      return { replies: [say(privacySay.eraseDeclined)] };
    case "eraseConfirmed":
      return { replies: [say(privacySay.erasing)], effects: [{ type: "privacyRequest", kind: "erasure" }] };
  }
}
