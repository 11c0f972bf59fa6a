import type { Job, Worker } from "bullmq";
import { UnrecoverableError } from "bullmq";
import { CASE_JOB, runCaseFiled, runCaseReassigned, runCaseTransition, runKeepPhotos } from "../cases/case-jobs.js";
import { CASE_NOTICE_JOB, runCaseNotice } from "../cases/case-notices.js";
import { createEscalationWorker } from "../cases/escalation-jobs.js";
import { CASE_OUTBOX_JOB, CaseOutboxRelay } from "../cases/outbox-relay.js";
import { notifyEscalation } from "../cases/notify-officers.js";
import { submitReport } from "../cases/submit.js";
import { linkReporterEffect, phoneHasher } from "../cases/shared-phones.js";
import { isFeedbackEffect, runFeedbackEffect } from "../cases/feedback.js";
import { issueSignInCode } from "../officers/sign-in-codes.js";
import { CodeAttempts } from "../officers/code-attempts.js";
import { isDeskEffect, runDeskEffect } from "../officers/desk-effects.js";
import { handoffJobs, isHandoffEffect, runHandoffEffect } from "../handoff/effects.js";
import { HandoffStore } from "../handoff/store.js";
import { runEffect } from "../conversation/effects.js";
import { DOSSIER_NOTICES_JOB, sendDossierNotices } from "../dossiers/notices.js";
import { deliverHeldNotices } from "../notices/deliver-held.js";
import { HeldNotices } from "../notices/held-notices.js";
import { AfterWindow } from "../notices/after-window.js";
import { ZnsQuota } from "../notices/zns-quota.js";
import { QUEUE } from "../queues/names.js";
import { createOutboundWorker, type OutboundTarget } from "../queues/outbound.js";
import { createWorker } from "../queues/worker.js";
import { createRedis, redisTarget } from "../redis.js";
import { isPrivacyEffect, runPrivacyEffect } from "../privacy/effects.js";
import { exportLinksOf } from "./export-links.js";
import type { Case } from "../cases/case.js";
import { isRightsEffect, runRightsEffect } from "../privacy/rights-requests.js";
import { DPO_ESCALATION_JOB, processDpoEscalation } from "../privacy/dpo-requests.js";
import { dropPhotosOfClosedCase, withoutWithdrawnPhone } from "../privacy/withdrawn-consents.js";
import { isAccessReadEffect, recordZaloReads } from "../privacy/zalo-reads.js";
import { rolesWith } from "../api/auth.js";
import { dpoWording } from "../../flows/messages.rights.vi.js";
import { PRIVACY_PURGE_JOB, PRIVACY_PURGE_SCHEDULE, purgeExpired, purgeUnreferencedPhotos } from "../privacy/purge.js";
import { currentDataKeys } from "../privacy/installed-keys.js";
import { withDeadline } from "./closers.js";
import { conversationWorker } from "./conversation.js";
import type { ProcessParts } from "./role.js";
import { openJobQueues, openShardQueues } from "./queues.js";
import { ShardMap } from "../queues/shards.js";
import { zaloPlatform } from "./zalo.js";
import { appOf, loadZaloApps } from "./zalo-apps.js";
import { oaFleet } from "./fleet.js";
import { recordingSender } from "../fleet/recording-sender.js";
import { checkQuotas, OA_QUOTA_EVERY_MS, OA_QUOTA_JOB } from "../fleet/quota-check.js";
import { isProvinceUser, PROVINCE_OA_HOME } from "../core/province-oa.js";
import { openPhotoStore } from "../photos/open-photo-store.js";
import { caseWording, deskWording, dossierNotice, handoffWording } from "../../flows/messages.injected.vi.js";

/** How often followers are swept for dossier notices not yet sent (imports by the CLI…). */
const DOSSIER_SWEEP_MS = 60_000;

/**
 * The `worker` role: a worker per queue, each running the handlers of the domain that owns its
 * jobs. Photo copies have a queue of their own: a slow photo server never holds up a filing.
 */
export async function work({ config, db, communes, overrides, closers, procedures, outboxBell }: ProcessParts): Promise<void> {
  const redis = closers.redis(createRedis(redisTarget(config), "worker"), "redis (worker)");
  const prefix = config.REDIS_PREFIX;
  const queueSettings = { connection: redis, prefix, ...(overrides.retryDelayMs ? { retryDelayMs: overrides.retryDelayMs } : {}) };
  const queues = openJobQueues(queueSettings, closers);
  // With shards, each commune's conversations and replies live in its shard's queues; the queues
  // under the bare prefix keep their workers, so jobs queued before shards are drained.
  const shards = config.REDIS_SHARDS > 0 ? await ShardMap.load(redis, prefix, config.REDIS_SHARDS, communes.homeIds) : undefined;
  const shardQueues = new Map(
    (shards?.prefixes() ?? []).map((p) => [p, openShardQueues({ ...queueSettings, prefix: p }, closers)] as const),
  );
  const outbound: OutboundTarget = shards
    ? {
        // A province OA's citizen is reached in the shard their conversation lives in, whatever commune the case is in.
        outboundFor: (communeId: string, userId: string) =>
          shardQueues.get(shards.prefixOf(isProvinceUser(userId) ? PROVINCE_OA_HOME : communeId))!.outbound,
      }
    : queues.outbound;
  // The OA fleet's figures: sends and failures recorded around the sender, token refreshes by the
  // token stores, quotas by a scheduled job (src/fleet); a commune's facts under its shard's tag.
  const fleet = oaFleet(config, communes, redis, (id) => shards?.prefixOf(id) ?? prefix);
  const zalo = await zaloPlatform(config, communes, redis, { onRefreshFailed: fleet.onRefreshFailed });
  const { profiles, templates } = zalo;
  const sender = recordingSender(zalo.sender, fleet.facts, fleet.labels);
  // Sends are paced per OA (Zalo counts per OA) and, when set, per app (pace.ts).
  const apps = loadZaloApps(config, communes);
  // The OA a message goes out through: the province OA for its own citizens (whatever the case's
  // commune) and for communes without an OA of their own; else the commune's.
  const sendingOa = (communeId: string, userId: string): { zalo?: { oaId: string; appId?: string | undefined } } => {
    const own = communes.find(communeId);
    if (!isProvinceUser(userId) && communeId !== PROVINCE_OA_HOME && (own?.zalo || !communes.provinceOa)) return own ?? {};
    return { zalo: communes.provinceOa! };
  };
  const sendPace = {
    ratePerMinute: config.ZALO_SEND_RATE_PER_MINUTE,
    oaOf: (communeId: string, userId: string) => sendingOa(communeId, userId).zalo?.oaId ?? communeId,
    ...(config.ZALO_APP_SEND_RATE_PER_MINUTE > 0
      ? {
          appPace: {
            perMinute: config.ZALO_APP_SEND_RATE_PER_MINUTE,
            appOf: (communeId: string, userId: string) => appOf(apps, config, sendingOa(communeId, userId)).appId,
            connection: redis,
            prefix,
          },
        }
      : {}),
  };
  // A job names the commune of the event or case it comes from; one queued before communes had
  // ids names none, and belongs to the single commune of a province of one.
  const legacyCommune = communes.only();
  const communeOfJob = (data: { communeId?: string | undefined }) => {
    if (data.communeId !== undefined) return communes.get(data.communeId);
    if (legacyCommune) return legacyCommune;
    throw new UnrecoverableError("a job without a commune, in a deployment of several communes");
  };
  const run = { connection: redis, prefix, lockMs: overrides.workerLockMs ?? config.JOB_LOCK_SECONDS * 1000 };
  const clock = overrides.clock ? { now: overrides.clock } : {};
  const held = new HeldNotices(db);
  // A province of one's hand-offs recorded before communes had ids are its commune's.
  const handoffs = new HandoffStore(redis, prefix, legacyCommune?.id);
  const phoneHash = phoneHasher(config.ZALO_APP_SECRET);
  const codeAttempts = new CodeAttempts(redis, prefix);
  // Personal-data evidence names a person by a keyed hash; rows are filed under the event's commune.
  const privacy = {
    personHash: currentDataKeys().personHash,
    exportLinks: exportLinksOf(config, redis),
  };
  const afterWindow = new AfterWindow({
    db,
    communes,
    held,
    templates,
    quota: new ZnsQuota(redis, prefix),
    personHash: privacy.personHash,
    ...clock,
  });
  const caseDeps = {
    db,
    communes,
    outbound,
    say: caseWording,
    // Officers' notices leave out a phone its reporter no longer lets them call.
    shown: <C extends Case>(c: C) => withoutWithdrawnPhone(db, privacy.personHash, c),
    ...clock,
  };
  // Citizens' requests for the data-protection officer: told to those holding the right to settle them.
  const dpo = {
    outbound: queues.outbound,
    escalation: queues.escalation,
    handlerRoles: rolesWith("privacy-requests:settle"),
    say: dpoWording,
  };
  const handoff = {
    db,
    communes,
    store: handoffs,
    outbound,
    notify: queues.notify,
    profiles,
    wording: handoffWording,
    quietMs: config.HANDOFF_QUIET_MINUTES * 60_000,
    ...clock,
  };

  // The case outbox's relay: a claim's lease is a job's lock, the time after which a dead worker's work is taken over.
  const relay = new CaseOutboxRelay({ db, notify: queues.notify, leaseMs: run.lockMs });
  const wakeRelay = () => relay.wake();
  outboxBell.listen(wakeRelay);

  const photoStore = await openPhotoStore(config);
  const notifyJobs: Record<string, (job: Job) => Promise<unknown>> = {
    [CASE_NOTICE_JOB]: async (job) => {
      const done = await runCaseNotice({ ...caseDeps, escalation: queues.escalation, photos: queues.photos }, job);
      // A case's changes come through here: once it is closed, the photos of a reporter who
      // withdrew keeping them go (nothing to do the next times).
      const code = (job.data as { code?: unknown }).code;
      if (typeof code === "string") await dropPhotosOfClosedCase({ db, photos: photoStore, personHash: privacy.personHash }, code);
      return done;
    },
    [CASE_OUTBOX_JOB]: async () => wakeRelay(),
    [OA_QUOTA_JOB]: () => checkQuotas(communes.ids, zalo.quota, fleet.facts),
    [DOSSIER_NOTICES_JOB]: () =>
      sendDossierNotices(db, outbound, {
        hotlineOf: (communeId) => communes.get(communeId).hotline,
        wording: dossierNotice,
      }),
    [CASE_JOB.caseFiled]: (job) => runCaseFiled(caseDeps, job),
    [CASE_JOB.caseTransition]: (job) => runCaseTransition({ ...caseDeps, escalation: queues.escalation }, job),
    [CASE_JOB.caseReassigned]: (job) => runCaseReassigned(caseDeps, job),
    ...handoffJobs(handoff),
    // Each commune keeps its data for its own periods.
    [PRIVACY_PURGE_JOB]: async () => {
      for (const c of communes.list)
        await purgeExpired({
          db,
          redis,
          prefix,
          communeId: c.id,
          retentionDays: c.privacy.retentionDays,
          ratingWindowDays: c.feedback.reopenDays,
          ...clock,
        });
      await purgeUnreferencedPhotos({ db, photos: photoStore });
    },
  };
  const keepPhotos = (job: Job) =>
    runKeepPhotos({ db, keeper: { dataDir: config.DATA_DIR, store: photoStore, hosts: config.PHOTO_URL_HOSTS } }, job);

  const runCaseJob = (job: Job): Promise<unknown> =>
    // Photo copies queued here before they had a queue of their own.
    job.name === CASE_JOB.keepPhotos
      ? keepPhotos(job)
      : runEffect(job, {
          db,
          communeOf: (data) => communeOfJob(data).id,
          deliverHeld: (data) =>
            deliverHeldNotices(
              { notices: held, outbound },
              { communeId: communeOfJob(data).id, channel: data.channel, userId: data.userId },
              data.eventId,
            ).then(() => undefined),
          linkReporter: (data) =>
            data.effect.type === "linkReporter"
              ? linkReporterEffect({ db, phoneHash }, { ...data, effect: data.effect }).then(() => undefined)
              : Promise.resolve(),
          submitCase: (data, attempt) =>
            submitReport({ ...caseDeps, commune: communeOfJob(data), wakeRelay, photoHosts: config.PHOTO_URL_HOSTS }, data, attempt).then(
              () => undefined,
            ),
          feedbackEffect: (data) =>
            isFeedbackEffect(data.effect)
              ? runFeedbackEffect({ db, commune: communeOfJob(data), communes, wakeRelay, ...clock }, { ...data, effect: data.effect })
              : Promise.resolve(),
          officerEffect: (data) =>
            isDeskEffect(data.effect)
              ? runDeskEffect(
                  {
                    db,
                    commune: communeOfJob(data),
                    communes,
                    outbound,
                    deskSay: deskWording,
                    wakeRelay,
                    codeAttempts,
                    issueSignInCode: (officerId) => issueSignInCode(redis, prefix, officerId),
                    ...clock,
                  },
                  { ...data, effect: data.effect },
                )
              : Promise.resolve(),
          handoffEffect: (data) =>
            isHandoffEffect(data.effect) ? runHandoffEffect(handoff, { ...data, effect: data.effect }) : Promise.resolve(),
          privacyEffect: (effectJob) =>
            isAccessReadEffect(effectJob.data.effect)
              ? recordZaloReads(db, communeOfJob(effectJob.data).id, effectJob.data.effect, overrides.clock?.() ?? new Date())
              : isRightsEffect(effectJob.data.effect)
                ? runRightsEffect(
                    {
                      db,
                      communeId: communeOfJob(effectJob.data).id,
                      commune: communeOfJob(effectJob.data),
                      personHash: privacy.personHash,
                      dpo,
                      ...clock,
                    },
                    effectJob,
                    effectJob.data.effect,
                  )
                : isPrivacyEffect(effectJob.data.effect)
                  ? runPrivacyEffect(
                      { db, redis, prefix, communeId: communeOfJob(effectJob.data).id, ...privacy, ...clock },
                      effectJob,
                      effectJob.data.effect,
                    )
                  : Promise.resolve(),
        });

  const conversationDeps = { db, communes, redis, handoffs, phoneHash, privacy, lockMs: run.lockMs, procedures };
  const workers: Worker[] = [
    conversationWorker(config, { ...conversationDeps, queues, prefix }, overrides),
    createOutboundWorker({
      ...run,
      queue: queues.outbound,
      sender,
      legacyCommuneId: legacyCommune?.id,
      // Case notices out of Zalo's window go by ZNS when they may, else are held (issue 24).
      held: afterWindow,
      onNoticeDelivered: (n) => afterWindow.delivered(n),
      ...sendPace,
      onSent: (ch, _userId, ids) => handoffs.recordOwnSends(ch, ids),
    }),
    createWorker(QUEUE.cases, runCaseJob, { ...run, concurrency: 4 }),
    createWorker(QUEUE.photos, keepPhotos, { ...run, concurrency: 4 }),
    createWorker(
      QUEUE.notify,
      (job) => {
        const handle = notifyJobs[job.name];
        if (!handle) throw new UnrecoverableError(`no handler for ${QUEUE.notify} job ${job.name}`);
        return handle(job);
      },
      { ...run, concurrency: 2 },
    ),
    // Escalations re-read the case before acting, so this worker may run in any worker process.
    createEscalationWorker(
      redis,
      prefix,
      {
        db,
        communes,
        queue: queues.escalation,
        onEscalate: (e) => notifyEscalation(caseDeps, e).then(() => undefined),
        others: { [DPO_ESCALATION_JOB]: (data) => processDpoEscalation({ db, ...dpo, ...clock }, data) },
        ...clock,
      },
      { lockMs: run.lockMs },
    ),
  ];
  for (const [shardPrefix, q] of shardQueues) {
    workers.push(
      conversationWorker(config, { ...conversationDeps, queues: q, prefix: shardPrefix, legacyPrefix: prefix, concurrency: 4 }, overrides),
      createOutboundWorker({
        ...run,
        prefix: shardPrefix,
        queue: q.outbound,
        sender,
        legacyCommuneId: legacyCommune?.id,
        held: afterWindow,
        onNoticeDelivered: (n) => afterWindow.delivered(n),
        ...sendPace,
        concurrency: 4,
        onSent: (ch, _userId, ids) => handoffs.recordOwnSends(ch, ids),
      }),
      createWorker(QUEUE.cases, runCaseJob, { ...run, prefix: shardPrefix, concurrency: 2 }),
    );
  }
  // Workers close before the queues and Redis they use (closers run in reverse order).
  closers.add("workers", () =>
    withDeadline(Promise.all(workers.map((w) => w.close())), config.SHUTDOWN_GRACE_SECONDS * 1000, () =>
      Promise.all(workers.map((w) => w.close(true))),
    ),
  );
  relay.start();
  // Stops before the queues close (closers run in reverse); a queue call waiting for Redis is let go.
  closers.add("case outbox relay", () => withDeadline(relay.stop(), config.SHUTDOWN_GRACE_SECONDS * 1000, async () => undefined));
  await queues.notify.upsertJobScheduler("dossier-notices-sweep", { every: DOSSIER_SWEEP_MS }, { name: DOSSIER_NOTICES_JOB });
  await queues.notify.upsertJobScheduler("privacy-purge-daily", { ...PRIVACY_PURGE_SCHEDULE }, { name: PRIVACY_PURGE_JOB });
  // From one period after start (a fresh start has the last figures in Redis), then every period.
  await queues.notify.upsertJobScheduler(
    "oa-quota-check",
    { every: OA_QUOTA_EVERY_MS, startDate: Date.now() + OA_QUOTA_EVERY_MS },
    { name: OA_QUOTA_JOB },
  );
}
