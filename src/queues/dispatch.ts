import type { Queue } from "bullmq";
import type { PlatformEvent } from "../core/platform-event.js";
import type { Effect } from "../conversation/flow.js";
import type { EventPlace, Outbox } from "../conversation/session-store.js";
import { addJobTo, execAll, LUA_JOIN_LANE, laneClient, laneKey } from "./lanes.js";
import { jobId } from "./names.js";
import type { OutboundJobData } from "./outbound-job.js";

/** An effect as it travels in the `cases` queue. */
export interface EffectJob {
  channel: PlatformEvent["channel"];
  /** The commune of the event that produced it (absent only on jobs queued before communes had ids). */
  communeId?: string;
  userId: string;
  eventId: string;
  effect: Effect;
}

/**
 * How long a dispatched job's id stays taken after the job is gone. Only a run of the event that
 * froze past its lock (while another run dispatched its outbox) can dispatch the same outbox
 * again, from memory, once it wakes; BullMQ then ignores its adds (deduplication by id with a
 * TTL: a key of a few dozen bytes). An hour is far beyond any freeze a worker survives.
 */
const REDISPATCH_GUARD_MS = 3_600_000;

const SCRIPTS = {
  // KEYS: inbound lane, outbox, outbound lane, reply job. ARGV: the event's member, the reply
  // job's id ('' for none). Runs after the job adds, in their MULTI: the replies take their place
  // in the user's outbound lane (when the add made a job: not for an ignored repeat), and the
  // event is done.
  hotlineDispatched: {
    numberOfKeys: 4,
    lua: `${LUA_JOIN_LANE}
if ARGV[2] ~= '' and redis.call('EXISTS', KEYS[4]) == 1 and redis.call('HEXISTS', KEYS[4], 'finishedOn') == 0 then join(KEYS[3], ARGV[2]) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`,
  },
} as const;

/**
 * Enqueue what one event produced, in one MULTI with the end of the event: its reply job (placed
 * in the user's outbound lane, so one user's replies leave in the order of their messages), its
 * effect jobs, the outbox deleted and the event taken out of its inbound lane. All of it happens
 * once or not at all, so the jobs need not outlive their run to stay unique: they are removed
 * when done, their ids kept taken a while by a small key (`REDISPATCH_GUARD_MS`).
 */
export function outboxDispatcher(queues: { outbound: Queue<OutboundJobData>; cases: Queue }, outboxKey: (eventId: string) => string) {
  return async (event: PlatformEvent, outbox: Outbox, place: EventPlace): Promise<void> => {
    const client = await laneClient(queues.outbound as Queue, SCRIPTS);
    if ((await queues.cases.getBackend().client) !== client)
      throw new Error("the outbound and cases queues must share one Redis connection");
    const tx = client.multi();
    // An event to the province OA belongs to the commune its conversation chose.
    const communeId = outbox.communeId ?? event.communeId;
    let reply = "";
    if (outbox.replies.length) {
      reply = jobId("reply", event.channel, event.eventId);
      const data: OutboundJobData = {
        channel: event.channel,
        communeId,
        userId: outbox.userId,
        replies: outbox.replies,
        sent: 0,
        holdKey: `reply-${event.eventId}`,
      };
      void addJobTo(tx, queues.outbound, "replies", data, {
        jobId: reply,
        removeOnComplete: true,
        deduplication: { id: reply, ttl: REDISPATCH_GUARD_MS },
      });
    }
    outbox.effects.forEach((effect, i) => {
      const data: EffectJob = { channel: event.channel, communeId, userId: outbox.userId, eventId: event.eventId, effect };
      // An effect may ask to wait (an echo waits for the send that made it to be recorded).
      const delay = "delayMs" in effect && effect.delayMs ? { delay: effect.delayMs } : {};
      const id = jobId("effect", event.channel, event.eventId, String(i));
      void addJobTo(tx, queues.cases, effect.type, data, {
        jobId: id,
        removeOnComplete: true,
        deduplication: { id, ttl: REDISPATCH_GUARD_MS },
        ...delay,
      });
    });
    const keys = [
      place.lane,
      outboxKey(event.eventId),
      laneKey(queues.outbound, event.channel, outbox.userId),
      queues.outbound.toKey(reply || "-"),
    ];
    tx.runCommand("hotlineDispatched", [...keys, place.member, reply]);
    await execAll(tx);
  };
}
