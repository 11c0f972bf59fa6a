/**
 * The citizen's rights over their data beyond the notice, consents and erasure (issue 25): the
 * file of their data, correcting a contact, restriction and objection. Restriction and objection
 * are one-shot answers (the open flow stays where it was); a correction opens its own short flow
 * (contact-correction.ts), keeping an open one aside for the menu.
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Reply } from "../src/core/reply.js";
import type { FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { startCorrection } from "./contact-correction.js";
import { privacyRequest } from "./privacy-request.js";
import { say } from "./kit.js";
import { rightsSay } from "./messages.rights.vi.js";
import type { RightsAsk } from "./text/rights-words.js";

/** With "what do you hold about me": the one-time link to the file (or where to ask for it), and the other rights. */
export function exportReply(link: string | null): Reply {
  if (!link) return { type: "buttons", text: rightsSay.exportAtOffice, buttons: rightsSay.rightsButtons };
  return {
    type: "buttons",
    text: rightsSay.exportLink,
    buttons: [{ title: rightsSay.exportButton, payload: rightsSay.exportButton, url: link }, ...rightsSay.rightsButtons],
  };
}

export async function answerRights(ask: RightsAsk, event: PlatformEvent, ctx: FlowContext, open: FlowState | null): Promise<StepResult> {
  switch (ask.kind) {
    case "correct": {
      const started = await startCorrection(ask.field, ctx, event.kind === "text" ? event.text : "");
      // A correction under way replaces the open flow, which is kept for the menu; none: it stays.
      if (!started.next) return { ...started, next: open };
      return open ? { ...started, parked: open } : started;
    }
    case "restrict":
      return { replies: [{ type: "buttons", text: rightsSay.restrictAsk.text, buttons: rightsSay.restrictAsk.buttons }], next: open };
    case "restrictDeclined":
      return { replies: [say(rightsSay.restrictDeclined)], next: open };
    case "restrictConfirmed":
      return {
        replies: [say(rightsSay.restricted)],
        next: open,
        effects: [{ type: "rightsRequest", request: { kind: "restriction", textShown: rightsSay.restrictAsk.text } }],
      };
    case "dpo": {
      const started = await privacyRequest.start(ctx);
      return open ? { ...started, parked: open } : started;
    }
    case "object": {
      const text = rightsSay.objected(ask.purposes);
      return {
        replies: [say(text)],
        next: open,
        effects: [{ type: "rightsRequest", request: { kind: "objection", purposes: ask.purposes, textShown: text } }],
      };
    }
  }
}
