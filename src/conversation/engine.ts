import type { ChannelEvent } from "../core/channel-event.js";
import type { Reply } from "../core/reply.js";
import { end, menuReply, say } from "../../flows/kit.js";
import { outsideFlow } from "../../flows/menu.js";
import { vi } from "../../flows/messages.vi.js";
import { globalCommand } from "../../flows/understand.js";
import type { Effect, Flow, FlowContext, FlowName, StepResult } from "./flow.js";
import type { Session } from "./session.js";

export interface EngineOptions {
  flows: Partial<Record<FlowName, Flow>>;
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

  if (event.kind === "unfollow") return { session: { ...base, flow: null }, replies: [], effects: [] };
  if (event.kind === "follow") {
    return { session: { ...base, flow: null }, replies: [say(vi.welcome(ctx.commune.name)), menuReply(ctx)], effects };
  }

  if (session.flow && now - session.lastActiveAt > opts.idleMs) {
    const what = vi.flowTitle[session.flow.name] ?? "";
    return { session: { ...base, flow: null }, replies: [say(vi.sessionExpired(what)), menuReply(ctx)], effects };
  }

  const result = await respond(session, event, ctx, opts);
  let lookups = session.lookups;
  if (result.usedLookup) lookups = [...lookupAllowance(session, now, opts.lookupLimit).recent, now];
  return {
    session: { ...base, flow: result.next, lookups },
    replies: result.replies,
    effects: [...effects, ...(result.effects ?? [])],
  };
}

async function respond(session: Session, event: ChannelEvent, ctx: FlowContext, opts: EngineOptions): Promise<StepResult> {
  const open = session.flow;
  const flow = open ? opts.flows[open.name] : undefined;
  const command = event.kind === "text" ? globalCommand(event.text) : null;

  if (command === "menu") return end([menuReply(ctx)]);
  if (command === "cancel") {
    if (!open) return end([say(vi.nothingToCancel), menuReply(ctx)]);
    return end([say(vi.cancelled(vi.flowTitle[open.name] ?? "")), menuReply(ctx)]);
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

  if (open && flow) {
    const result = await flow.step(open, event, ctx);
    if (!result.passOn) return result;
  }
  const routed = await outsideFlow(event, ctx, { report: opts.flows["violation-report"] });
  return routed;
}
