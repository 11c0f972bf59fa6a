import type { ChannelEvent } from "../core/channel-event.js";
import { faultPoint } from "../faults.js";
import { logger } from "../logger.js";
import { converse, type EngineOptions, isConversational } from "./engine.js";
import type { FlowContext } from "./flow.js";
import type { Session } from "./session.js";
import type { Outbox, SessionStore } from "./session-store.js";

export interface EventHandlerDeps {
  store: SessionStore;
  engine: EngineOptions;
  contextFor(event: ChannelEvent, session: Session): FlowContext | Promise<FlowContext>;
  /** Enqueue the outbox's replies and effects with job ids derived from `eventId` (idempotent). */
  dispatch(event: ChannelEvent, outbox: Outbox): Promise<void>;
}

const MAX_CONFLICTS = 20;

/**
 * Handle one inbound event exactly once: run the conversation, commit session + outbox in one
 * atomic step (re-running on a version conflict), then enqueue. A crash at any point re-runs this
 * from the top; the committed outbox is then dispatched again under the same job ids.
 */
export async function handleEvent(event: ChannelEvent, deps: EventHandlerDeps): Promise<"handled" | "replayed" | "ignored"> {
  if (!isConversational(event)) return "ignored";
  if (await replay(event, deps)) return "replayed";

  for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
    const session = await deps.store.load(event.channel, event.userId);
    const turn = await converse(session, event, await deps.contextFor(event, session), deps.engine);
    // The echo of a message the hotline sent itself: nothing to commit.
    if (event.kind === "agent_echo" && !turn.effects.length) return "ignored";
    const outbox: Outbox = { userId: event.userId, replies: turn.replies, effects: turn.effects };
    const result = await deps.store.commit(event.channel, event.userId, event.eventId, session.version, turn.session, outbox);
    if (result === "ok") {
      faultPoint("after-commit");
      await deps.dispatch(event, outbox);
      faultPoint("after-dispatch");
      await deps.store.markDispatched(event.eventId);
      return "handled";
    }
    if (result === "handled") {
      await replay(event, deps);
      return "replayed";
    }
    // Another event of this user committed first: run the step again on the newer session.
    logger.debug("session conflict, re-running step", { attempt });
    await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
  }
  throw new Error(`session of one user changed ${MAX_CONFLICTS} times while handling one event`);
}

/** An event already committed: make sure its jobs are enqueued. */
async function replay(event: ChannelEvent, deps: EventHandlerDeps): Promise<boolean> {
  const done = await deps.store.outbox(event.eventId);
  if (!done) return false;
  if (!done.dispatched) {
    await deps.dispatch(event, done.outbox);
    await deps.store.markDispatched(event.eventId);
  }
  return true;
}
