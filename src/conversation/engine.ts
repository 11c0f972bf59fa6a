import type { ChannelEvent } from "../core/channel-event.js";
import type { Reply } from "../core/reply.js";
import { answerAside } from "../../flows/asides.js";
import { end, menuReply, say } from "../../flows/kit.js";
import { answerPending, cancel, offerResume, toMenu } from "../../flows/leaving.js";
import { flowOpenedBy, outsideFlow } from "../../flows/menu.js";
import { vi } from "../../flows/messages.vi.js";
import { answerFeedback, feedbackIn } from "../../flows/case-status.js";
import { globalCommand } from "../../flows/understand.js";
import type { Effect, Flow, FlowContext, FlowName, FlowState, OfficerDesk, StepResult } from "./flow.js";
import type { Session } from "./session.js";

export interface EngineOptions {
  flows: Partial<Record<FlowName, Flow>>;
  /** Where a linked officer's messages go (and `#dangky` of one not linked yet). */
  officerDesk?: OfficerDesk;
  /** A flow idle this long is dropped; the next message is told so. */
  idleMs: number;
  /** Dossier look-ups allowed per user per window (so codes cannot be enumerated). */
  lookupLimit: { max: number; windowMs: number };
}

/** The outcome of one event: the session to commit, and what to send and do after the commit. */
export interface Turn {
  session: Session;
  replies: Reply[];
  effects: Effect[];
}

/** Events that change no conversation: delivery receipts and echoes of the OA's own messages. */
export function isConversational(event: ChannelEvent): boolean {
  return event.kind !== "receipt" && event.kind !== "agent_echo";
}

/** Look-ups left for this user now, from the timestamps the session keeps. */
export function lookupAllowance(session: Session, now: number, limit: EngineOptions["lookupLimit"]) {
  const recent = session.lookups.filter((t) => now - t < limit.windowMs);
  const oldest = recent.length ? Math.min(...recent) : now;
  return { recent, left: Math.max(0, limit.max - recent.length), resetsAt: new Date(oldest + limit.windowMs) };
}

/**
 * One event through the conversation: global commands first, then the open flow's step, else the
 * main menu. Pure but for the context's read-only look-ups: the caller commits the result.
 */
export async function converse(
  session: Session,
  event: ChannelEvent,
  ctx: FlowContext,
  opts: EngineOptions,
): Promise<Turn> {
  const now = ctx.now.getTime();
  const base: Session = { ...session, lastActiveAt: now };
  // Anything held for this user (outside Zalo's window) goes out now that they wrote.
  const effects: Effect[] = [{ type: "deliverHeldNotices" }];

  if (event.kind === "unfollow") return { session: { ...base, flow: null, parked: null }, replies: [], effects: [] };

  // An officer's account is never a citizen's: none of the citizens' flows answer it.
  const desk = opts.officerDesk;
  const officer = desk ? await ctx.linkedOfficer() : null;
  const officerTurn = desk && (officer ? await desk.turn(officer, session.flow?.name === "officer-desk" ? session.flow : null, event, ctx) : desk.link(event));
  if (officerTurn) {
    return { session: { ...base, flow: officerTurn.next }, replies: officerTurn.replies, effects: [...effects, ...(officerTurn.effects ?? [])] };
  }
  if (event.kind === "follow") {
    return { session: { ...base, flow: null }, replies: [say(vi.welcome(ctx.commune.name)), menuReply(ctx)], effects };
  }

  const idle = now - session.lastActiveAt > opts.idleMs;
  if (session.flow && idle) {
    const what = vi.flowTitle[session.flow.name] ?? "";
    return { session: { ...base, flow: null, parked: null }, replies: [say(vi.sessionExpired(what)), menuReply(ctx)], effects };
  }
  // A draft left for the menu is kept as long as an open flow would be.
  const current: Session = idle ? { ...session, parked: null } : session;

  const result = await respond(current, event, ctx, opts);
  let lookups = session.lookups;
  if (result.usedLookup) lookups = [...lookupAllowance(session, now, opts.lookupLimit).recent, now];
  let parked = result.parked === undefined ? current.parked : result.parked;
  if (parked && result.next?.name === parked.name) parked = null;
  return {
    session: { ...base, flow: result.next, lookups, parked },
    replies: result.replies,
    effects: [...effects, ...(result.effects ?? [])],
  };
}

async function respond(session: Session, event: ChannelEvent, ctx: FlowContext, opts: EngineOptions): Promise<StepResult> {
  const flow = session.flow ? opts.flows[session.flow.name] : undefined;
  // The engine's own question first ("really cancel?", "continue the draft?"); unanswered, it is dropped.
  if (session.flow?.pending && flow) {
    const answered = await answerPending(session.flow, event, flow, ctx);
    if (answered) return answered;
  }
  const open = withoutPending(session.flow);
  const command = event.kind === "text" ? globalCommand(event.text) : null;

  if (command === "menu") return toMenu(open, flow, ctx, Math.round(opts.idleMs / 60_000));
  if (command === "cancel") {
    if (!open) return end([say(vi.nothingToCancel), menuReply(ctx)]);
    return cancel(open, flow, ctx);
  }
  if (command === "help") {
    if (open && flow) return { replies: flow.help(open, ctx), next: open };
    return end([say(vi.help), menuReply(ctx)]);
  }
  if (command === "back") {
    if (open && flow?.back) return flow.back(open, ctx);
    if (open && flow) return { replies: [say(vi.cannotGoBack), ...flow.help(open, ctx)], next: open };
    return end([menuReply(ctx)]);
  }

  // The reporter's answer about a resolved case (a button of its notice) is taken at any step;
  // the open flow stays where it was.
  const feedback = event.kind === "text" ? feedbackIn(event.text) : null;
  if (feedback) return { ...(await answerFeedback(feedback, ctx)), next: open };

  if (open && flow) {
    // A step that takes any free text would swallow a question: only a plain one is taken aside first.
    if (flow.takesFreeText?.(open)) {
      const aside = await answerAside(open, event, flow, ctx, true);
      if (aside) return aside;
    }
    const result = await flow.step(open, event, ctx);
    if (!result.passOn) {
      // The step could not use it: maybe a question on the side.
      const missed = result.next?.step === open.step && result.next.misses > open.misses;
      const aside = missed ? await answerAside(open, event, flow, ctx, false) : null;
      return aside ?? result;
    }
  }
  const parked = session.parked;
  const parkedFlow = parked ? opts.flows[parked.name] : undefined;
  if (parked && parkedFlow && flowOpenedBy(event) === parked.name) {
    // A photo or a pin goes on with the kept draft; words that open the flow again ask first.
    if (event.kind === "text") return offerResume(parked);
    return { ...(await parkedFlow.step(parked, event, ctx)), parked: null };
  }
  return outsideFlow(event, ctx, { report: opts.flows["violation-report"] });
}

function withoutPending(state: FlowState | null): FlowState | null {
  if (!state?.pending) return state;
  const { pending: _dropped, ...rest } = state;
  return rest;
}
