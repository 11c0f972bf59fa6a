import type { ChannelEvent } from "../core/channel-event.js";
import type { Reply } from "../core/reply.js";
import type { ConversationScript, Effect, Flow, FlowContext, FlowName, OfficerDesk } from "./flow.js";
import type { Session } from "./session.js";

export interface EngineOptions {
  /** What the hotline says and how a citizen's message finds its flow (flows/conductor.ts). */
  script: ConversationScript;
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
 * One event through the conversation: unfollow, an officer's desk, a follow and an idle flow are the
 * engine's; the rest goes to the script. Pure but for the context's read-only look-ups: the caller
 * commits the result.
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
    return { session: { ...base, flow: null }, replies: opts.script.welcome(ctx), effects };
  }

  const idle = now - session.lastActiveAt > opts.idleMs;
  if (session.flow && idle) {
    return { session: { ...base, flow: null, parked: null }, replies: opts.script.expired(session.flow.name, ctx), effects };
  }
  // A draft left for the menu is kept as long as an open flow would be.
  const current: Session = idle ? { ...session, parked: null } : session;

  const result = await opts.script.respond(current, event, ctx, { flows: opts.flows, idleMinutes: Math.round(opts.idleMs / 60_000) });
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
