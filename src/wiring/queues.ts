import type { Queue } from "bullmq";
import type { EscalationJob } from "../cases/escalation-jobs.js";
import { createQueue, type QueueSettings } from "../queues/factory.js";
import { QUEUE, type QueueName } from "../queues/names.js";
import type { OutboundQueue } from "../queues/outbound.js";
import type { Closers } from "./closers.js";

/** The queues the workers add jobs to. */
export interface JobQueues {
  outbound: OutboundQueue;
  cases: Queue;
  photos: Queue;
  notify: Queue;
  escalation: Queue<EscalationJob>;
}

/** One queue, closed at shutdown. */
export function openQueue<Data = unknown>(name: QueueName, settings: QueueSettings, closers: Closers, role: string): Queue<Data> {
  const queue = createQueue<Data>(name, settings);
  closers.add(`${name} queue (${role})`, () => queue.close());
  return queue;
}

export function openJobQueues(settings: QueueSettings, closers: Closers): JobQueues {
  return {
    outbound: openQueue(QUEUE.outbound, settings, closers, "worker"),
    cases: openQueue(QUEUE.cases, settings, closers, "worker"),
    photos: openQueue(QUEUE.photos, settings, closers, "worker"),
    notify: openQueue(QUEUE.notify, settings, closers, "worker"),
    escalation: openQueue(QUEUE.escalation, settings, closers, "worker"),
  };
}
