import { type Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { CommuneConfig } from "../commune/config.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { HotlineOverrides } from "../hotline.js";
import { logger, withLogContext } from "../logger.js";
import { jobsProcessed } from "../metrics.js";
import { deliverHeldNotices } from "../notices/deliver-held.js";
import type { EffectJob } from "../queues/dispatch.js";
import { sendDossierNotices } from "../dossiers/notices.js";
import { runEffect } from "../conversation/effects.js";
import { QUEUE, queueOptions } from "../queues/names.js";
import { createOutboundWorker } from "../queues/outbound.js";
import { HeldNotices } from "../notices/held-notices.js";
import { CASE_JOB, runCaseFiled, runCaseTransition, runKeepPhotos } from "../cases/case-jobs.js";
import { createEscalationWorker } from "../cases/escalation-jobs.js";
import { notifyEscalation } from "../cases/notify-officers.js";
import { submitReport } from "../cases/submit.js";
import { ZaloClient } from "../../webhooks/zalo/client.js";
import { zaloOutboundChannel } from "../../webhooks/zalo/outbound-channel.js";
import { ZaloTokenStore } from "../../webhooks/zalo/token-store.js";

export interface WorkerDeps {
  config: Config;
  db: Database;
  commune: CommuneConfig;
  redis: Redis;
  queues: { outbound: Queue; cases: Queue; notify: Queue; escalation: Queue };
  overrides: HotlineOverrides;
}

/** How often followers are swept for dossier notices not yet sent (imports by the CLI…). */
const DOSSIER_SWEEP_MS = 60_000;

/** The workers behind the conversation: sending, effects, notices. */
export async function startWorkers(deps: WorkerDeps): Promise<Worker[]> {
  const { config, db, redis, queues } = deps;
  const prefix = config.REDIS_PREFIX;
  const lock = {
    maxStalledCount: 5,
    ...(deps.overrides.workerLockMs ? { lockDuration: deps.overrides.workerLockMs, stalledInterval: deps.overrides.workerLockMs } : {}),
  };

  const tokens = new ZaloTokenStore({
    redis,
    prefix,
    appId: config.ZALO_APP_ID,
    appSecret: config.ZALO_APP_SECRET,
    oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
    seed: { accessToken: config.ZALO_ACCESS_TOKEN, refreshToken: config.ZALO_REFRESH_TOKEN },
  });
  await tokens.init();
  const zalo = new ZaloClient({ apiBaseUrl: config.ZALO_API_BASE_URL, tokens });
  const held = new HeldNotices(db);
  const outbound = createOutboundWorker({
    connection: redis,
    prefix,
    channel: zaloOutboundChannel(zalo),
    held,
    ratePerMinute: config.ZALO_SEND_RATE_PER_MINUTE,
    workerOptions: lock,
  });

  const caseDeps = { db, commune: deps.commune, outbound: queues.outbound, ...(deps.overrides.clock ? { now: deps.overrides.clock } : {}) };
  const cases = new Worker<EffectJob>(
    QUEUE.cases,
    (job) =>
      withLogContext({ job: `${QUEUE.cases}/${job.id ?? ""}` }, () =>
        job.name === CASE_JOB.keepPhotos
          ? runKeepPhotos({ db, dataDir: config.DATA_DIR }, job).then(() => undefined)
          : runEffect(job, {
              db,
              deliverHeld: (channel, userId, eventId) => deliverHeldNotices({ notices: held, outbound: queues.outbound }, channel, userId, eventId).then(() => undefined),
              submitCase: (data) => submitReport({ ...caseDeps, cases: queues.cases, notify: queues.notify, escalation: queues.escalation }, data).then(() => undefined),
            }),
      ),
    { ...queueOptions(prefix, redis), concurrency: 4, ...lock },
  );

  const notify = new Worker(
    QUEUE.notify,
    (job) =>
      withLogContext({ job: `${QUEUE.notify}/${job.id ?? ""}` }, async () => {
        if (job.name === "dossier-notices") return sendDossierNotices(db, queues.outbound);
        if (job.name === CASE_JOB.caseFiled) return runCaseFiled(caseDeps, job);
        if (job.name === CASE_JOB.caseTransition) return runCaseTransition({ ...caseDeps, escalation: queues.escalation }, job);
        logger.warn("unknown notify job", { name: job.name });
        return undefined;
      }),
    { ...queueOptions(prefix, redis), concurrency: 2, ...lock },
  );
  await queues.notify.upsertJobScheduler("dossier-notices-sweep", { every: DOSSIER_SWEEP_MS }, { name: "dossier-notices" });

  // Escalations re-read the case before acting, so this worker may run in any worker process.
  const escalation = createEscalationWorker(redis, prefix, {
    db,
    config: deps.commune,
    queue: queues.escalation,
    onEscalate: (e) => notifyEscalation(caseDeps, e).then(() => undefined),
    ...(deps.overrides.clock ? { now: deps.overrides.clock } : {}),
  });

  const workers = [outbound, cases, notify, escalation];
  for (const w of workers) {
    // Without a listener BullMQ prints connection errors to the console; one line in the log is enough.
    w.on("error", (err) => logger.warn("worker error", { queue: w.name, err: err.message }));
    w.on("completed", () => jobsProcessed.inc({ queue: w.name, outcome: "completed" }));
    w.on("failed", (job, err) => {
      jobsProcessed.inc({ queue: w.name, outcome: "failed" });
      logger.warn("job failed", { queue: w.name, job: job?.id, attempts: job?.attemptsMade, err: err.message });
    });
  }
  return workers;
}
