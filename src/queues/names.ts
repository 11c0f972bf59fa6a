import { createHash } from "node:crypto";
import type { DefaultJobOptions, KeyPrefixOptions, QueueBaseOptions, QueueOptions } from "bullmq";
import { hashTag, type RedisConnection } from "../redis.js";

/** The hotline's BullMQ queues. */
export const QUEUE = {
  /** Zalo events accepted by the webhook, waiting for the conversation engine. */
  inbound: "inbound",
  /** Replies and notices to send through the platform's API. */
  outbound: "outbound",
  /** Filing reports as cases, follows, case effects. */
  cases: "cases",
  /** Copies of report photos: slow photo servers wait here, never in front of a filing. */
  photos: "photos",
  /** Telling officers and followers about changes. */
  notify: "notify",
  /** Delayed checks that escalate unacknowledged cases. */
  escalation: "escalation",
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

const DAY_S = 24 * 3600;

/**
 * Finished jobs are kept two days: a job id deduplicates only while its job exists, and Zalo's
 * redeliveries and our own retries all come within a day.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { age: 2 * DAY_S },
  removeOnFail: { age: 14 * DAY_S },
};

/**
 * How long an event is recognised as already received (its `seen` key lives as long; Zalo
 * retries for hours, not days).
 */
export const DEDUPE_WINDOW_S = 3 * DAY_S;

/** Entries kept in each queue's event stream (approximate: RedisConnection trims whole stream nodes). */
export const EVENT_STREAM_LENGTH = 100;

/**
 * What every Queue and Worker of the hotline is made with, wherever it is made (a Queue writes its
 * stream length into the queue's meta hash: one made without it would put BullMQ's 10,000 back).
 * Nothing reads the event streams (no QueueEvents: tests and the board look at job states), and
 * 10,000 entries cost about 200 KB of Redis per busy queue for no one.
 */
export function queueOptions(
  prefix: string,
  connection: RedisConnection,
): QueueBaseOptions & KeyPrefixOptions & Pick<QueueOptions, "streams"> {
  return { prefix: hashTag(prefix), connection, streams: { events: { maxLen: EVENT_STREAM_LENGTH } } };
}

// What a job id part may not carry as is: ':' (BullMQ refuses it), whitespace, and the escape.
const UNSAFE_IN_JOB_ID = /[%:\s]/gu;

/**
 * A job id from its parts. BullMQ job ids may not contain ':', and ids from the platform are
 * free text, so those characters are percent-encoded: distinct msg ids ("a:b", "a b", "a_b")
 * always make distinct job ids. Parts without them (hex msg ids, case codes) are kept as they
 * are, so ids of jobs already queued stay the same.
 */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(UNSAFE_IN_JOB_ID, percentEncoded)).join("-");
}

function percentEncoded(ch: string): string {
  return [...Buffer.from(ch, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

/**
 * A user's stand-in inside job ids: job ids appear in logs, and a reporter's Zalo id must not.
 * Stable, so it still makes one job per user.
 */
export function userTag(userId: string): string {
  return createHash("sha256").update(userId).digest("hex").slice(0, 16);
}
