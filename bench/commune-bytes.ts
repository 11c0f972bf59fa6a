import type { Redis } from "ioredis";
import { everyKeyPattern } from "../src/redis.js";

/**
 * Redis bytes per commune (issue 23): every key under the run's prefix and its shards, sized by
 * `MEMORY USAGE … SAMPLES 0`, and told to a commune by what it names — a citizen (the bench's
 * citizen ids carry their commune), a message the bench posted, a message the fake Zalo accepted
 * for a citizen, or the commune's id (its cap, its paces). What names none of these is shared:
 * the queues' own structures, event streams, the shard map, tokens.
 */
export interface CommuneBytes {
  /** Commune index → bytes and keys. */
  byCommune: Map<number, { bytes: number; keys: number }>;
  shared: { bytes: number; keys: number };
  /** Largest families of the shared part (first name part after the tag and queue). */
  sharedFamilies: { family: string; bytes: number; keys: number }[];
  /** Commune-attributed bytes by family, summed over communes. */
  communeFamilies: { family: string; bytes: number; keys: number }[];
}

export async function communeBytes(
  redis: Redis,
  prefix: string,
  who: {
    /** The commune of a citizen id, or undefined. */
    communeOfUser(userId: string): number | undefined;
    /** The commune of a message id (posted by the bench, or sent by the fake Zalo), or undefined. */
    communeOfMessage(msgId: string): number | undefined;
    /** The commune of a commune id (`xa-007`), or undefined. */
    communeOfId(id: string): number | undefined;
  },
): Promise<CommuneBytes> {
  const byCommune = new Map<number, { bytes: number; keys: number }>();
  const shared = { bytes: 0, keys: 0 };
  const sharedFamilies = new Map<string, { family: string; bytes: number; keys: number }>();
  const communeFamilies = new Map<string, { family: string; bytes: number; keys: number }>();
  const add = (m: Map<string, { family: string; bytes: number; keys: number }>, family: string, bytes: number) => {
    const f = m.get(family) ?? { family, bytes: 0, keys: 0 };
    f.bytes += bytes;
    f.keys++;
    m.set(family, f);
  };
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", everyKeyPattern(prefix), "COUNT", 1000);
    cursor = next;
    if (!keys.length) continue;
    const p = redis.pipeline();
    for (const k of keys) p.memory("USAGE", k, "SAMPLES", 0);
    const sizes = (await p.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(sizes[i]?.[1] ?? 0);
      const rest = key.slice(key.indexOf("}:") + 2);
      const parts = rest.split(/[:-]/u);
      const family = familyOf(rest);
      let commune: number | undefined;
      for (const part of parts) {
        commune = who.communeOfUser(part) ?? who.communeOfMessage(part) ?? undefined;
        if (commune !== undefined) break;
      }
      commune ??= /xa-\d{3}/u.exec(rest) ? who.communeOfId(/xa-\d{3}/u.exec(rest)![0]) : undefined;
      if (commune === undefined) {
        shared.bytes += bytes;
        shared.keys++;
        add(sharedFamilies, family, bytes);
        return;
      }
      const c = byCommune.get(commune) ?? { bytes: 0, keys: 0 };
      c.bytes += bytes;
      c.keys++;
      byCommune.set(commune, c);
      add(communeFamilies, family, bytes);
    });
  } while (cursor !== "0");
  const sorted = (m: Map<string, { family: string; bytes: number; keys: number }>) => [...m.values()].sort((a, b) => b.bytes - a.bytes);
  return { byCommune, shared, sharedFamilies: sorted(sharedFamilies).slice(0, 12), communeFamilies: sorted(communeFamilies) };
}

// `inbound:in-zalo-…` → "inbound job", `lane:outbound:zalo:…` → "lane:outbound", `session:…` → "session".
function familyOf(rest: string): string {
  const [first, second] = rest.split(":");
  if (
    first === "inbound" ||
    first === "outbound" ||
    first === "cases" ||
    first === "photos" ||
    first === "notify" ||
    first === "escalation"
  )
    return /^[a-z-]+$/u.test(second ?? "") && !(second ?? "").includes("zalo") ? `${first}:${second}` : `${first} job`;
  if (first === "lane") return `lane:${second}`;
  return first ?? rest;
}
