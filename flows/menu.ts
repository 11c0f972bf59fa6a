/**
 * What the hotline does with a message when no flow is open: the main menu, quick answers
 * (hours, address, hotline), the procedure guide, small talk, and the door into each flow.
 * Free text is understood the way citizens write it (see intents.ts and citizen-words.ts).
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Reply } from "../src/core/reply.js";
import type { Flow, FlowContext, FlowName, StepResult } from "../src/conversation/flow.js";
import { officeStatus } from "../src/commune/hours.js";
import { ASIDES } from "./asides.js";
import { phoneShared } from "./case-follow.js";
import { lookUpCase, myCases } from "./case-status.js";
import { dossierStatus } from "./dossier-status.js";
import { askForOfficer } from "./handoff.js";
import { end, menuReply, say } from "./kit.js";
import { MENU, vi } from "./messages.vi.js";
import { leadershipMessage } from "./officer-message.js";
import { numberLeft } from "./phone-left.js";
import { answerProcedure } from "./procedure-guide.js";
import { fold } from "./text/normalize.js";
import { domainOf } from "./commune-domain.js";
import { type Intent, type MenuNumber, read, understand } from "./intents.js";

/** The flows the menu can open; the report flow joins when it exists. */
export interface MenuFlows {
  report?: Flow;
}

export async function outsideFlow(event: PlatformEvent, ctx: FlowContext, flows: MenuFlows): Promise<StepResult> {
  if (event.kind === "image" || event.kind === "location") {
    // A photo or a pin sent out of the blue is almost always the start of a report.
    if (flows.report) return flows.report.start(ctx, event);
    return end([say(vi.nonTextOutsideFlow), menuReply(ctx)]);
  }
  // A sticker is a nod or a smile: a short word back, not the menu again.
  if (event.kind === "sticker") return end([say(vi.ack)]);
  // A shared profile outside a report: the share asked for by "theo dõi PA-…".
  if (event.kind === "submit_info") return phoneShared(event, ctx);
  if (event.kind !== "text") return end([say(vi.nonTextOutsideFlow), menuReply(ctx)]);

  // The complaint answer's button: a message for the leadership, through the front desk.
  if (fold(event.text) === fold(vi.complaintButtons[0]!.payload)) return leadershipMessage();
  // A phone number left ("0912 345 678, gọi lại giúp em"), or the answer to what it is for: never the menu.
  const left = await numberLeft(event.text, ctx);
  if (left) return left;
  const { intent, also } = read(event.text, domainOf(ctx));
  // A long message about something unrecognised is most likely a problem told in full: keep it as a report.
  if (intent.kind === "unknown" && flows.report && event.text.trim().length >= LONG_UNKNOWN_MESSAGE) return flows.report.start(ctx, event);
  // A quick question asked with the main request ("…, and the hotline number?") is answered too.
  const contact = also ? [contactCard(ctx)] : [];
  const answer = await answerIntent(intent, event, ctx, flows);
  // Before a flow's question (it should stay last on screen), after a one-shot answer.
  return { ...answer, replies: answer.next ? [...contact, ...answer.replies] : [...answer.replies, ...contact] };
}

async function answerIntent(
  intent: Intent,
  event: Extract<PlatformEvent, { kind: "text" }>,
  ctx: FlowContext,
  flows: MenuFlows,
): Promise<StepResult> {
  switch (intent.kind) {
    case "case_code":
      return lookUpCase(intent.code, ctx);
    case "my_cases":
      return myCases(ctx);
    case "dossier_code":
    case "dossier_codes":
    case "dossier_code_partial":
    case "dossier_code_malformed":
    case "dossier_question":
      return dossierStatus.start(ctx, event);
    case "procedure":
      return end(answerProcedure(intent, ctx));
    case "report":
      return flows.report ? flows.report.start(ctx, event) : end([say(vi.reportNotYet(ctx.commune.hotline))]);
    case "hours":
    case "address":
    case "hotline":
      return end([contactCard(ctx)]);
    case "officer":
      return askForOfficer(event, ctx);
    case "anyone_there":
      return end([menuReply(ctx, vi.stillHere(officeStatus(ctx.commune, ctx.now).openNow), { replaceText: true })]);
    case "complaint":
    case "online_dossier":
    case "citizen_reception":
    case "lost_code":
    case "followed_list":
    case "unfollow": {
      const answer = await ASIDES[intent.kind]!(intent, event, ctx);
      return { replies: answer?.replies ?? [], next: null, ...(answer?.effects ? { effects: answer.effects } : {}) };
    }
    case "thanks":
      return end([say(vi.thanks)]);
    case "goodbye":
      return end([say(vi.goodbye)]);
    case "ack":
      return end([say(vi.ack)]);
    case "greeting":
      return end([menuReply(ctx, vi.greeting)]);
    case "menu_choice":
      return outsideFlow({ ...event, text: MENU_BY_NUMBER[intent.choice] }, ctx, flows);
    case "unknown":
      // What the hotline can do, in one line, with the menu (a person among its buttons).
      return end([menuReply(ctx, vi.notUnderstood, { replaceText: true })]);
  }
}

const contactCard = (ctx: FlowContext): Reply => say(vi.contact(ctx.commune, officeStatus(ctx.commune, ctx.now), ctx.now));

/** Characters from which an unrecognised message is taken for a problem told in full. */
export const LONG_UNKNOWN_MESSAGE = 150;

/** The flow a message would open from the menu, or null. */
export function flowOpenedBy(event: PlatformEvent, ctx: FlowContext): FlowName | null {
  if (event.kind === "image" || event.kind === "location") return "violation-report";
  if (event.kind !== "text") return null;
  const intent = understand(event.text, domainOf(ctx));
  if (intent.kind === "menu_choice") return flowOpenedBy({ ...event, text: MENU_BY_NUMBER[intent.choice] }, ctx);
  if (intent.kind === "report") return "violation-report";
  if (
    intent.kind === "dossier_code" ||
    intent.kind === "dossier_codes" ||
    intent.kind === "dossier_code_partial" ||
    intent.kind === "dossier_code_malformed" ||
    intent.kind === "dossier_question"
  ) {
    return "dossier-status";
  }
  return null;
}

/** "1".."5" typed alone: the menu's buttons, in their order. */
const MENU_BY_NUMBER: Record<MenuNumber, string> = { 1: MENU.dossier, 2: MENU.procedures, 3: MENU.report, 4: MENU.hours, 5: MENU.officer };
