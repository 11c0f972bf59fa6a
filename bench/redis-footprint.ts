import type { Redis } from "ioredis";
import { hashTag } from "../src/redis.js";

/** Bytes Redis holds for one family of keys under a prefix. */
export interface KeyFamily {
  family: string;
  keys: number;
  bytes: number;
}

// BullMQ's own structures of a queue (everything else under `<queue>:` is a job or its logs).
const QUEUE_STRUCTURES = new Set([
  "wait",
  "paused",
  "active",
  "completed",
  "failed",
  "delayed",
  "prioritized",
  "pc",
  "marker",
  "meta",
  "id",
  "events",
  "stalled",
  "stalled-check",
  "limiter",
  "waiting-children",
  "repeat",
  "de",
  "metrics",
]);
const QUEUES = new Set(["inbound", "outbound", "cases", "photos", "notify", "escalation"]);

/**
 * What Redis holds under a prefix, by family of keys, from `MEMORY USAGE … SAMPLES 0` (every
 * element counted): the hotline's own keys by their first name part (`seen`, `session`, …), and for
 * each queue its jobs, its event stream and its other structures (lists, sets of ids).
 */
export async function redisFootprint(redis: Redis, prefix: string): Promise<KeyFamily[]> {
  const tag = hashTag(prefix);
  const families = new Map<string, KeyFamily>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${tag}:*`, "COUNT", 1000);
    cursor = next;
    if (!keys.length) continue;
    const pipeline = redis.pipeline();
    for (const k of keys) pipeline.memory("USAGE", k, "SAMPLES", 0);
    const sizes = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(sizes[i]?.[1] ?? 0);
      const name = familyOf(key.slice(tag.length + 1));
      const f = families.get(name) ?? { family: name, keys: 0, bytes: 0 };
      f.keys++;
      f.bytes += bytes;
      families.set(name, f);
    });
  } while (cursor !== "0");
  return [...families.values()].sort((a, b) => b.bytes - a.bytes);
}

function familyOf(rest: string): string {
  const [first = "", second = "", ...more] = rest.split(":");
  if (!QUEUES.has(first)) return first;
  if (second === "events") return `${first} event stream`;
  if (second === "de") return `${first} job-id guards`;
  if (QUEUE_STRUCTURES.has(second)) return `${first} lists and sets`;
  // `<queue>:<id>` is a job; `<queue>:<id>:logs`, `:lock`… belong to it.
  return more.length ? `${first} jobs (extra keys)` : `${first} jobs`;
}

/** What a family of keys grows with. */
export type Growth = "message" | "citizen" | "fixed";

// A citizen's session (30 days) and rate-limit counter (2 minutes); the Zalo token pair.
const PER_CITIZEN = new Set(["session", "rate", "handoff"]);

/**
 * What a family grows with: each citizen (session, rate counter), nothing (a queue's event stream,
 * capped by BullMQ at about 10,000 entries, and its lists of ids once empty; the token pair), or
 * each message handled (everything else: jobs, outboxes, dedupe keys, sent ids, job-id guards…).
 */
export function growthOf(family: string): Growth {
  if (PER_CITIZEN.has(family)) return "citizen";
  if (family.endsWith("event stream") || family === "zalo") return "fixed";
  return "message";
}

/** Bytes of the families that grow as `growth`. */
export function bytesGrowingWith(families: KeyFamily[], growth: Growth): number {
  return families.filter((f) => growthOf(f.family) === growth).reduce((a, f) => a + f.bytes, 0);
}
