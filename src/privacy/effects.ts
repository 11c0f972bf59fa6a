import { Job, Queue } from "bullmq";
import type { Effect } from "../conversation/flow.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import type { EffectJob } from "../queues/dispatch.js";
import { queueOptions } from "../queues/names.js";
import { hashTag, type RedisConnection } from "../redis.js";
import { recordConsent } from "./consents.js";
import { ERASED, type ErasedRows, eraseCitizen } from "./erase.js";
import type { ExportLinks } from "./export-links.js";
import type { PersonHasher } from "./person-key.js";
import { sweepRedis } from "./redis-sweep.js";
import { recordRequest, settleRequest } from "./requests.js";

export type PrivacyEffect = Extract<Effect, { type: "consent" | "privacyRequest" }>;

export function isPrivacyEffect(e: Effect): e is PrivacyEffect {
  return e.type === "consent" || e.type === "privacyRequest";
}

export interface PrivacyDeps {
  db: Database;
  redis: RedisConnection;
  prefix: string;
  /** The commune of the event the effect comes from: its rows are filed under it. */
  communeId: string;
  personHash: PersonHasher;
  /** The OA the citizen talks to, when known (recorded with each consent). */
  oaId?: string | null;
  now?: () => Date;
  /** One-time links to the file of a person's data, issued with an access request. */
  exportLinks?: ExportLinks;
  /** How long an erasure waits for the person's jobs still running (a reply being sent) before it retries. */
  settleMs?: number;
}

/** An erasure's job carries, between its attempts, the strings it looks for (blanked when it ends). */
type ErasureJob = EffectJob & { erased?: { needles: string[]; rows: ErasedRows } };

/** Run a personal-data effect of the conversation; logged without the person. */
export async function runPrivacyEffect(deps: PrivacyDeps, job: Job<ErasureJob>, effect: PrivacyEffect): Promise<void> {
  const { channel, userId, eventId } = job.data;
  const now = deps.now?.() ?? new Date();
  const who = { communeId: deps.communeId, personHash: deps.personHash(channel, userId), channel };
  if (effect.type === "consent") {
    await recordConsent(deps.db, who, { ...effect, eventId, at: now, oaId: deps.oaId ?? null });
    logger.info("consent recorded", { purpose: effect.purpose, granted: effect.granted });
    return;
  }
  const request = await recordRequest(deps.db, who, effect.kind, eventId, now);
  if (effect.kind === "access") {
    await deps.exportLinks?.issue(eventId, { communeId: deps.communeId, channel, userId }, now);
    if (!request.doneAt) await settleRequest(deps.db, request.id, now, { answeredInChat: 1 });
    return;
  }
  if (!request.doneAt) {
    // The database first, in one transaction; what identified the person is kept with the job
    // (never logged) until Redis is swept too.
    const erased = job.data.erased ?? (await eraseAndRemember(deps, job));
    const own = [`${job.queueQualifiedName}:${job.id}`];
    let sweep = await sweepUntilSettled(deps, erased.needles, own, deps.settleMs ?? 20_000);
    // Still waiting or delayed after that (a hand-off's quiet-period check, a reply retried
    // later): jobs for a person who is gone, removed; one running is waited for by a retry.
    if (sweep.unfinishedJobs.length && (await removeWaitingJobs(deps, sweep.unfinishedJobs)))
      sweep = await sweepRedis(deps.redis, deps.prefix, erased.needles, own);
    if (sweep.unfinishedJobs.length) throw new Error(`erasure waits for ${sweep.unfinishedJobs.length} job(s) of the person still running`);
    // Whatever those jobs wrote meanwhile (a notice held because the reply could not go out).
    const late = await eraseCitizen(deps.db, channel, userId);
    const rows = Object.fromEntries(Object.entries(erased.rows).map(([k, n]) => [k, n + late.rows[k as keyof ErasedRows]]));
    await settleRequest(deps.db, request.id, deps.now?.() ?? new Date(), {
      ...rows,
      redisKeysDeleted: sweep.keysDeleted,
      redisValuesBlanked: sweep.valuesBlanked,
    });
    logger.info("personal data erased on request", { request: request.id, redisKeysDeleted: sweep.keysDeleted });
  }
  // The job's own data is the last place holding the person: blanked as it ends.
  await job.updateData({ channel, userId: ERASED, eventId, effect });
}

async function eraseAndRemember(deps: PrivacyDeps, job: Job<ErasureJob>): Promise<{ needles: string[]; rows: ErasedRows }> {
  const erased = await eraseCitizen(deps.db, job.data.channel, job.data.userId);
  await job.updateData({ ...job.data, erased });
  return erased;
}

async function sweepUntilSettled(deps: PrivacyDeps, needles: string[], own: string[], settleMs: number) {
  const until = Date.now() + settleMs;
  for (;;) {
    const sweep = await sweepRedis(deps.redis, deps.prefix, needles, own);
    if (!sweep.unfinishedJobs.length || Date.now() > until) return sweep;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Remove the jobs (keys `{prefix}:<queue>:<id>`) that are not running; how many were removed. */
async function removeWaitingJobs(deps: PrivacyDeps, keys: readonly string[]): Promise<number> {
  let removed = 0;
  for (const key of keys) {
    // `{prefix}:` or a shard's `{prefix:s07}:`: the queue's prefix is what the braces hold.
    const tag = key.slice(0, key.indexOf("}") + 1);
    if (tag !== hashTag(deps.prefix) && !tag.startsWith(`{${deps.prefix}:`)) continue;
    const [name, ...rest] = key.slice(tag.length + 1).split(":");
    if (!name || !rest.length) continue;
    const queue = new Queue(name, queueOptions(tag.slice(1, -1), deps.redis));
    try {
      const found = await Job.fromId(queue, rest.join(":"));
      const state = await found?.getState();
      if (found && (state === "waiting" || state === "delayed" || state === "prioritized" || state === "waiting-children")) {
        await found.remove();
        removed++;
      }
    } finally {
      // The connection is the caller's (shared): closing the queue leaves it open.
      await queue.close();
    }
  }
  if (removed) logger.info("queued jobs of an erased person removed", { removed });
  return removed;
}
