import type { Queue } from "bullmq";
import type { ChannelEvent } from "../core/channel-event.js";
import type { Effect } from "../conversation/flow.js";
import type { Outbox } from "../conversation/session-store.js";
import { jobId } from "./names.js";

/** An effect as it travels in the `cases` queue. */
export interface EffectJob {
  channel: ChannelEvent["channel"];
  userId: string;
  eventId: string;
  effect: Effect;
}

/**
 * Enqueue what one event produced. Every job id derives from the event id, so dispatching the
 * same outbox again (after a crash) adds nothing new.
 */
export function outboxDispatcher(queues: { outbound: Queue; cases: Queue }) {
  return async (event: ChannelEvent, outbox: Outbox): Promise<void> => {
    const adds: Promise<unknown>[] = [];
    if (outbox.replies.length) {
      adds.push(
        queues.outbound.add(
          "replies",
          { channel: event.channel, userId: outbox.userId, replies: outbox.replies, sent: 0, holdKey: `reply-${event.eventId}` },
          { jobId: jobId("reply", event.channel, event.eventId) },
        ),
      );
    }
    outbox.effects.forEach((effect, i) => {
      const data: EffectJob = { channel: event.channel, userId: outbox.userId, eventId: event.eventId, effect };
      // An effect may ask to wait (an echo waits for the send that made it to be recorded).
      const delay = "delayMs" in effect && effect.delayMs ? { delay: effect.delayMs } : {};
      adds.push(queues.cases.add(effect.type, data, { jobId: jobId("effect", event.channel, event.eventId, String(i)), ...delay }));
    });
    await Promise.all(adds);
  };
}
