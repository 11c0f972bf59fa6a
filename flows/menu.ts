/**
 * What the hotline does with a message when no flow is open: the main menu, quick answers
 * (hours, address, hotline), and the door into each flow. Free text is understood the way
 * citizens write it (see understand.ts).
 */
import type { ChannelEvent } from "../src/core/channel-event.js";
import type { Flow, FlowContext, FlowName, StepResult } from "../src/conversation/flow.js";
import { officeStatus } from "../src/commune/hours.js";
import { ASIDES } from "./asides.js";
import { lookUpCase, myCases } from "./case-status.js";
import { dossierStatus } from "./dossier-status.js";
import { askForOfficer } from "./handoff.js";
import { end, menuReply, say } from "./kit.js";
import { MENU, vi } from "./messages.vi.js";
import { understand } from "./understand.js";

/** The flows the menu can open; the report flow joins when it exists. */
export interface MenuFlows {
  report?: Flow;
}

export async function outsideFlow(event: ChannelEvent, ctx: FlowContext, flows: MenuFlows): Promise<StepResult> {
  if (event.kind === "image" || event.kind === "location") {
    // A photo or a pin sent out of the blue is almost always the start of a report.
    if (flows.report) return flows.report.start(ctx, event);
    return end([say(vi.nonTextOutsideFlow), menuReply(ctx)]);
  }
  if (event.kind !== "text") return end([say(vi.nonTextOutsideFlow), menuReply(ctx)]);

  const intent = understand(event.text);
  // A long message about something unrecognised is most likely a problem told in full: keep it as a report.
  if (intent.kind === "unknown" && flows.report && event.text.trim().length >= LONG_UNKNOWN_MESSAGE) return flows.report.start(ctx, event);
  switch (intent.kind) {
    case "case_code":
      return lookUpCase(intent.code, ctx);
    case "my_cases":
      return myCases(ctx);
    case "dossier_code":
    case "dossier_code_partial":
    case "dossier_code_malformed":
    case "dossier_question":
      return dossierStatus.start(ctx, event);
    case "report":
      return flows.report ? flows.report.start(ctx, event) : end([say(vi.reportNotYet(ctx.commune.hotline))]);
    case "hours":
    case "address":
    case "hotline":
      return end([say(vi.contact(ctx.commune, officeStatus(ctx.commune, ctx.now), ctx.now))]);
    case "officer":
      return askForOfficer(event, ctx);
    case "lost_code":
    case "followed_list":
    case "unfollow": {
      const answer = await ASIDES[intent.kind]!(intent, event, ctx);
      return { replies: answer?.replies ?? [], next: null, ...(answer?.effects ? { effects: answer.effects } : {}) };
    }
    case "thanks":
      return end([say(vi.thanks)]);
    case "ack":
      return end([say(vi.ack)]);
    case "greeting":
      return end([menuReply(ctx, vi.greeting)]);
    case "menu_choice":
      return outsideFlow({ ...event, text: MENU_BY_NUMBER[intent.choice] }, ctx, flows);
    case "unknown":
      return end([say(vi.notUnderstood), menuReply(ctx)]);
  }
}

/** Characters from which an unrecognised message is taken for a problem told in full. */
const LONG_UNKNOWN_MESSAGE = 150;

/** The flow a message would open from the menu, or null. */
export function flowOpenedBy(event: ChannelEvent): FlowName | null {
  if (event.kind === "image" || event.kind === "location") return "violation-report";
  if (event.kind !== "text") return null;
  const intent = understand(event.text);
  if (intent.kind === "menu_choice") return intent.choice === 2 ? "violation-report" : intent.choice === 1 ? "dossier-status" : null;
  if (intent.kind === "report") return "violation-report";
  if (intent.kind === "dossier_code" || intent.kind === "dossier_code_partial" || intent.kind === "dossier_code_malformed" || intent.kind === "dossier_question") {
    return "dossier-status";
  }
  return null;
}

/** "1".."4" typed alone: the menu's buttons, in their order. */
const MENU_BY_NUMBER: Record<1 | 2 | 3 | 4, string> = { 1: MENU.dossier, 2: MENU.report, 3: MENU.hours, 4: MENU.officer };
