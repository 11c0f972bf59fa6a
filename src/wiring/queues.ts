import type { Queue } from "bullmq";
import type { EscalationJob } from "../cases/escalation-jobs.js";
import { createQueue, type QueueSettings } from "../queues/factory.js";
import { QUEUE, type QueueName } from "../queues/names.js";
import type { OutboundQueue } from "../queues/outbound.js";
import { type PaceRate, perSecond } from "../queues/pace.js";
import type { Config } from "../config.js";
import type { Closers } from "./closers.js";

/** The queues of the workers: the ones they add jobs to, and `inbound`, whose lanes they keep. */
export interface JobQueues {
  inbound: Queue;
  outbound: OutboundQueue;
  cases: Queue;
  photos: Queue;
  notify: Queue;
  escalation: Queue<EscalationJob>;
}

/**
 * How far ahead of its pace a commune may run at once: a quarter of a second's worth (5 events
 * at 20 a second). A flood's first burst all runs at once, on every worker: with a second's worth
 * (20 events, some 200 ms of the workers' CPU) the quiet communes' slowest replies of the fairness
 * bench came in the flood's first half second. A citizen's own burst (a few photos) is spaced by
 * the interval at most, 50 ms at the default pace.
 */
export const COMMUNE_BURST_MS = 250;

/**
 * A commune's events handled per second, as the webhook (booking slots for a flood's events) and
 * the workers (taking them) both keep it. A province of one has no other commune to keep room for.
 */
export function communeEventPace(config: Pick<Config, "COMMUNE_EVENTS_PER_SECOND">, communeCount: number): PaceRate | null {
  return communeCount > 1 ? perSecond(config.COMMUNE_EVENTS_PER_SECOND, COMMUNE_BURST_MS) : null;
}

/** One queue, closed at shutdown. */
export function openQueue<Data = unknown>(name: QueueName, settings: QueueSettings, closers: Closers, role: string): Queue<Data> {
  const queue = createQueue<Data>(name, settings);
  closers.add(`${name} queue (${role})`, () => queue.close());
  return queue;
}

/**
 * The web role's queues: it adds to `inbound` (webhooks), `notify`, `photos` and `escalation`
 * (API and Open311 follow-ups), and the queue board shows every queue, so it holds all of them,
 * once.
 */
export interface WebQueues {
  inbound: Queue;
  outbound: Queue;
  cases: Queue;
  photos: Queue;
  notify: Queue;
  escalation: Queue<EscalationJob>;
}

export function openWebQueues(settings: QueueSettings, closers: Closers): WebQueues {
  return {
    inbound: openQueue(QUEUE.inbound, settings, closers, "web"),
    outbound: openQueue(QUEUE.outbound, settings, closers, "web"),
    cases: openQueue(QUEUE.cases, settings, closers, "web"),
    photos: openQueue(QUEUE.photos, settings, closers, "web"),
    notify: openQueue(QUEUE.notify, settings, closers, "web"),
    escalation: openQueue<EscalationJob>(QUEUE.escalation, settings, closers, "web"),
  };
}

export function openJobQueues(settings: QueueSettings, closers: Closers): JobQueues {
  return {
    inbound: openQueue(QUEUE.inbound, settings, closers, "worker"),
    outbound: openQueue(QUEUE.outbound, settings, closers, "worker"),
    cases: openQueue(QUEUE.cases, settings, closers, "worker"),
    photos: openQueue(QUEUE.photos, settings, closers, "worker"),
    notify: openQueue(QUEUE.notify, settings, closers, "worker"),
    escalation: openQueue(QUEUE.escalation, settings, closers, "worker"),
  };
}

/** A shard's queues: the ones a conversation's scripts touch together (the rest stay unsharded). */
export type ShardQueues = Pick<JobQueues, "inbound" | "outbound" | "cases">;

export function openShardQueues(settings: QueueSettings, closers: Closers): ShardQueues {
  const role = `shard ${settings.prefix}`;
  return {
    inbound: openQueue(QUEUE.inbound, settings, closers, role),
    outbound: openQueue(QUEUE.outbound, settings, closers, role),
    cases: openQueue(QUEUE.cases, settings, closers, role),
  };
}
