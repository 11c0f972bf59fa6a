import type { PlatformEvent } from "../core/platform-event.js";
import { PROVINCE_OA_HOME } from "../core/province-oa.js";
import { faultPoint } from "../faults.js";
import { logger } from "../logger.js";
import { converse, type EngineOptions, isConversational, type Turn } from "./engine.js";
import type { FlowContext } from "./flow.js";
import type { Session } from "./session.js";
import type { EventPlace, Outbox, SessionStore } from "./session-store.js";
import type { ProvinceOaTurns } from "./province-oa.js";

export interface EventHandlerDeps {
  store: SessionStore;
  engine: EngineOptions;
  contextFor(event: PlatformEvent, session: Session): FlowContext | Promise<FlowContext>;
  /**
   * Enqueue the outbox's replies and effects (job ids derived from `eventId`) and, in the same
   * step, delete the outbox and take the event out of its lane: done once, or not at all.
   */
  dispatch(event: PlatformEvent, outbox: Outbox, place: EventPlace): Promise<void>;
  /** The province-wide OA's conversations, which choose their commune (absent: no province OA). */
  provinceOa?: ProvinceOaTurns;
}

const MAX_CONFLICTS = 20;

/**
 * Handle one inbound event exactly once, while it is the first unhandled event of its user (the
 * inbound worker sees to that): run the conversation, commit session + outbox in one atomic step,
 * then dispatch. A crash at any point re-runs this from the top: before the commit it converses
 * again on the same session; after it, it finds the outbox and dispatches it; after the dispatch
 * the event is out of its lane and is not run again.
 */
export async function handleEvent(
  event: PlatformEvent,
  deps: EventHandlerDeps,
  place: EventPlace,
): Promise<"handled" | "replayed" | "ignored"> {
  if (!isConversational(event)) return "ignored";
  if (await replay(event, deps, place)) return "replayed";

  for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
    const session = await deps.store.load(event.channel, event.userId);
    const converseIn = async (s: Session, e: PlatformEvent) => converse(s, e, await deps.contextFor(e, s), deps.engine);
    // An event to the province OA runs in the commune its conversation chose (or asks which).
    const turn: Turn & { communeId?: string } =
      event.communeId === PROVINCE_OA_HOME && deps.provinceOa
        ? await deps.provinceOa(session, event, converseIn, Date.now())
        : await converseIn(session, event);
    // The echo of a message the hotline sent itself: nothing to commit.
    if (event.kind === "agent_echo" && !turn.effects.length) return "ignored";
    const outbox: Outbox = {
      userId: event.userId,
      replies: turn.replies,
      effects: turn.effects,
      ...(turn.communeId !== undefined && turn.communeId !== event.communeId ? { communeId: turn.communeId } : {}),
    };
    const empty = !outbox.replies.length && !outbox.effects.length;
    const result = await deps.store.commit(
      place,
      event.channel,
      event.userId,
      event.eventId,
      session.version,
      turn.session,
      empty ? null : outbox,
    );
    if (result === "ok") {
      faultPoint("after-commit");
      if (!empty) await deps.dispatch(event, outbox, place);
      faultPoint("after-dispatch");
      return "handled";
    }
    if (result === "handled") {
      await replay(event, deps, place);
      return "replayed";
    }
    if (result === "not-first") throw new Error("an earlier event of this user is not handled yet");
    // The session changed under us (a second run of this same event, frozen then resumed): again.
    logger.debug("session conflict, re-running step", { attempt });
    await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
  }
  throw new Error(`session of one user changed ${MAX_CONFLICTS} times while handling one event`);
}

/** An event committed before a crash: dispatch its outbox. */
async function replay(event: PlatformEvent, deps: EventHandlerDeps, place: EventPlace): Promise<boolean> {
  const pending = await deps.store.pending(event.eventId);
  if (!pending) return false;
  await deps.dispatch(event, pending, place);
  return true;
}
