import type { PlatformEvent } from "../core/platform-event.js";
import type { Reply } from "../core/reply.js";
import { citizenMessageOf, isLive, withRecent } from "../handoff/handoff.js";
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
  /** HANDOFF_QUIET_MINUTES: a conversation handed to a person and silent this long is the bot's again. */
  handoffQuietMs?: number;
  /** Give a citizen the script's personal-data notice once, with the answer to their first contact. */
  firstContactNotice?: boolean;
}

const DEFAULT_HANDOFF_QUIET_MS = 30 * 60_000;

/**
 * How long the judgement of an echo without an admin id waits: the hotline's own send records its
 * message id when Zalo answers, and the echo may arrive before that. Past it, an id still unknown
 * is not the hotline's.
 */
export const ECHO_SETTLE_MS = 3000;

/** The outcome of one event: the session to commit, and what to send and do after the commit. */
export interface Turn {
  session: Session;
  replies: Reply[];
  effects: Effect[];
}

/** Events that change no conversation: delivery receipts. (Echoes may be a person answering.) */
export function isConversational(event: PlatformEvent): boolean {
  return event.kind !== "receipt";
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
export async function converse(session: Session, event: PlatformEvent, ctx: FlowContext, opts: EngineOptions): Promise<Turn> {
  if (event.kind === "agent_echo") return echoTurn(session, event, ctx);
  const { officer, ...turn } = await turnOf(session, event, ctx, opts);
  return officer ? turn : withNotice(turn, ctx, opts);
}

/**
 * The personal-data notice, once per citizen, in the turn that first answers them (the law asks
 * to inform before processing): before the turn's last reply, so a question or the menu stays
 * last on screen.
 */
function withNotice(turn: Turn, ctx: FlowContext, opts: EngineOptions): Turn {
  const notice = opts.firstContactNotice ? opts.script.privacyNotice : undefined;
  if (!notice || turn.session.noticedAt !== null || turn.replies.length === 0) return turn;
  const noticed = { ...turn.session, noticedAt: ctx.now.getTime() };
  const given = notice(ctx);
  // Asked for it in their first words: given once.
  if (turn.replies.some((r) => textOf(r) === textOf(given))) return { ...turn, session: noticed };
  const replies = [...turn.replies.slice(0, -1), given, turn.replies[turn.replies.length - 1]!];
  return { ...turn, replies, session: noticed };
}

const textOf = (r: Reply) => ("text" in r ? r.text : null);

async function turnOf(session: Session, event: PlatformEvent, ctx: FlowContext, opts: EngineOptions): Promise<Turn & { officer?: true }> {
  const now = ctx.now.getTime();
  let base: Session = { ...session, lastActiveAt: now };
  if (event.kind === "unfollow") return { session: { ...base, flow: null, parked: null }, replies: [], effects: [] };

  // Anything held for this user (outside Zalo's window) goes out now that they wrote. Asked first
  // (beside the officer look-up): a release job on every message cost the workers a whole job's
  // round trips for the rare citizen with something held.
  const held = ctx.heldNotices ? ctx.heldNotices() : Promise.resolve(true);
  held.catch(() => undefined);
  // An officer's account is never a citizen's: none of the citizens' flows answer it.
  const desk = opts.officerDesk;
  const officer = desk ? await ctx.linkedOfficer() : null;
  const effects: Effect[] = (await held) ? [{ type: "deliverHeldNotices" }] : [];
  const officerTurn =
    desk &&
    (officer ? await desk.turn(officer, session.flow?.name === "officer-desk" ? session.flow : null, event, ctx) : desk.link(event));
  if (officerTurn) {
    return {
      session: { ...base, flow: officerTurn.next },
      replies: officerTurn.replies,
      effects: [...effects, ...(officerTurn.effects ?? [])],
      officer: true,
    };
  }

  // A citizen's last messages are kept for an officer they may ask for.
  const message = citizenMessageOf(event, now);
  base = { ...base, recent: withRecent(session.recent, message, now) };
  // Handed to a person: the bot stays quiet, the message goes to the officer.
  const handoff = await ctx.handoff.current();
  if (handoff && isLive(handoff)) {
    const quiet = now - handoff.lastAt >= (opts.handoffQuietMs ?? DEFAULT_HANDOFF_QUIET_MS);
    // Nobody answered yet and the citizen wants the menu back ("hủy" too), or they end the
    // conversation with the officer ("kết thúc"): the bot is back.
    const ends = opts.script.endsHandoff(event);
    const stopsWaiting = ends || (handoff.status === "waiting" && opts.script.stopsWaiting(event));
    if (!quiet && !stopsWaiting) {
      return { session: base, replies: [], effects: [...effects, { type: "handoffMessage", ref: handoff.ref, message }] };
    }
    // Over (its job has not run yet), or given up: the bot answers this message itself.
    effects.push({
      type: "endHandoff",
      ref: handoff.ref,
      reason: quiet ? "quiet" : "citizen",
      officerId: handoff.officerId,
      seq: handoff.seq,
    });
    if (!quiet && ends && handoff.status === "taken")
      return { session: { ...base, flow: null }, replies: opts.script.handoffEnded(ctx), effects };
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
  const used = result.usedLookup === true ? 1 : result.usedLookup || 0;
  if (used > 0) lookups = [...lookupAllowance(session, now, opts.lookupLimit).recent, ...Array<number>(used).fill(now)];
  let parked = result.parked === undefined ? current.parked : result.parked;
  if (parked && result.next?.name === parked.name) parked = null;
  const shareAsked = result.shareAsked === undefined ? current.shareAsked : result.shareAsked && { code: result.shareAsked.code, at: now };
  return {
    session: { ...base, flow: result.next, lookups, parked, shareAsked },
    replies: result.replies,
    effects: [...effects, ...(result.effects ?? [])],
  };
}

/**
 * An echo of a message of the OA changes no session. The hotline's own messages are recognised
 * by the message id their send recorded; anything else may be a person in the OA console: an
 * effect decides (after `ECHO_SETTLE_MS` when the echo names no admin).
 */
async function echoTurn(session: Session, event: Extract<PlatformEvent, { kind: "agent_echo" }>, ctx: FlowContext): Promise<Turn> {
  if (!event.adminId && (await ctx.handoff.isOwnSend(event.eventId))) return { session, replies: [], effects: [] };
  return {
    session,
    replies: [],
    effects: [{ type: "agentEcho", ...(event.adminId ? { adminId: event.adminId } : { delayMs: ECHO_SETTLE_MS }) }],
  };
}
