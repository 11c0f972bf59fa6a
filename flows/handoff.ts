/**
 * "Gặp cán bộ": the citizen asks for a person — from the menu, in their own words, or with the
 * button offered after three misses. During office hours (regular and evening), with a front-desk
 * officer on duty on Zalo, the front desk is told and an officer answers here (the engine keeps
 * the bot quiet meanwhile). Otherwise the citizen is told when the office opens and may leave a
 * message (the `officer-message` flow), which the front desk gets at opening.
 *
 * Asked in the middle of a flow, a draft worth keeping is kept aside as the menu keeps it.
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { officeStatus } from "../src/commune/hours.js";
import { citizenMessageOf, withRecent } from "../src/handoff/handoff.js";
import { end, menuReply, say } from "./kit.js";
import { reminder } from "./leaving.js";
import { handoffSay as t } from "./messages.handoff.vi.js";
import { nextOpeningText, vi } from "./messages.vi.js";
import { leftAll, OFFICER_MESSAGE_START } from "./officer-message.js";

/** The citizen's request for a person; `open` is the flow they were in, if any. */
export async function askForOfficer(event: PlatformEvent, ctx: FlowContext, open?: { state: FlowState; flow: Flow }): Promise<StepResult> {
  const { commune } = ctx;
  if (!commune.handoffTeam) {
    // Nobody answers on Zalo in this commune: the phone, and the flow goes on.
    if (open)
      return {
        replies: [say(vi.officerByPhone(commune.hotline)), ...reminder(open.state, open.flow, ctx)],
        next: { ...open.state, misses: 0 },
      };
    return end([say(vi.officerByPhone(commune.hotline)), menuReply(ctx)]);
  }
  const kept = open ? keepDraft(open) : {};
  const status = officeStatus(commune, ctx.now);
  if (status.openNow && (await ctx.handoff.officersOnDuty()) > 0) {
    const now = ctx.now.getTime();
    const recent = withRecent(ctx.recentMessages, citizenMessageOf(event, now), now);
    return { replies: [say(t.requested)], next: null, effects: [{ type: "requestHandoff", recent }], ...kept };
  }
  // Enough left already: the front desk reads them all; no more to write now.
  if (await leftAll(ctx))
    return {
      replies: [say(t.leftFull(status.openNow ? null : nextOpeningText(status), commune.hotline)), menuReply(ctx)],
      next: null,
      ...kept,
    };
  const offer = status.openNow ? t.nobodyOnline(commune.hotline) : t.closed(nextOpeningText(status), commune.hotline);
  return { replies: [say(offer)], next: OFFICER_MESSAGE_START, ...kept };
}

/** A draft with content is kept for later, as "menu" keeps it; an empty one just ends. */
function keepDraft(open: { state: FlowState; flow: Flow }): { parked?: FlowState } {
  if (!open.flow.hasContent?.(open.state)) return {};
  const { pending: _asked, ...state } = open.state;
  return { parked: { ...state, misses: 0 } };
}
