import { createServer, type Server } from "node:http";
import { apiRouter } from "../api/router.js";
import { createApp } from "../app.js";
import { AuthFailureLimiter } from "../api/auth-failures.js";
import { wakeRemoteRelays } from "../cases/outbox-relay.js";
import type { InboundSink } from "../core/inbound-sink.js";
import { triggerDossierNotices } from "../dossiers/notices.js";
import { observeRequest } from "../http/observability.js";
import { logger } from "../logger.js";
import { setFleetSource, webhookEvents } from "../metrics.js";
import { open311Router } from "../open311/router.js";
import { QueueInboundSink } from "../queues/inbound.js";
import { limitPerUser } from "../queues/user-rate.js";
import { CodeAttempts } from "../officers/code-attempts.js";
import { OfficerSessions } from "../officers/officer-sessions.js";
import { createRedis, redactUrl, type RedisConnection, redisTarget, waitUntilReady } from "../redis.js";
import { zaloWebhookListener } from "../../webhooks/zalo/listener.js";
import { zaloWebhookRouter } from "../../webhooks/zalo/router.js";
import { open311 as open311Wording } from "../../flows/messages.open311.vi.js";
import { dataExportPage, dpoWording } from "../../flows/messages.rights.vi.js";
import { rolesWith } from "../api/auth.js";
import { dataExportRouter } from "../http/data-export.js";
import { currentDataKeys } from "../privacy/installed-keys.js";
import { exportLinksOf } from "./export-links.js";
import type { ProcessParts } from "./role.js";
import { dashboardRouter } from "../dashboard/router.js";
import { queueBoardRouter } from "../dashboard/queue-board.js";
import { communeEventPace, openShardQueues, openWebQueues, type ShardQueues } from "./queues.js";
import type { Queue } from "bullmq";
import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import { ShardMap, shardPrefix } from "../queues/shards.js";
import { loadZaloApps } from "./zalo-apps.js";
import { zaloOaConnect } from "./zalo-connect.js";
import { openPhotoStore } from "../photos/open-photo-store.js";
import { ZALO_OAUTH_CALLBACK_PATH, zaloOaCallbackRouter } from "../../webhooks/zalo/oa-connect-router.js";
import { servesSandbox } from "../sandbox.js";
import { fleetMetricsSnapshot, oaFleet } from "./fleet.js";
import { EventTally } from "../fleet/tally.js";

const ZALO_WEBHOOK_PATH = "/webhooks/zalo";

/** The `web` role: Zalo's webhook, health, the officer API, Open311, the dashboard and the queue board. Resolves once it listens. */
export async function serve({ config, db, communes, overrides, closers, procedures, outboxBell, teams }: ProcessParts): Promise<Server> {
  const redis = closers.redis(createRedis(redisTarget(config), "web"), "redis (web)");
  if (!(await waitUntilReady(redis))) {
    logger.warn("Redis is not reachable yet; webhooks answer 503 until it is", { url: redactUrl(redisTarget(config)) });
  }
  const settings = {
    connection: redis,
    prefix: config.REDIS_PREFIX,
    ...(overrides.retryDelayMs ? { retryDelayMs: overrides.retryDelayMs } : {}),
  };
  const queues = openWebQueues(settings, closers);
  // Events are stored under a prefix: the bare one, or (with shards) their commune's shard's; a
  // flood's events wait there for their slots of the commune pace.
  const communeRate = communeEventPace(config, communes.list.length);
  const storedUnder = (queue: Queue, prefix: string) =>
    limitPerUser(new QueueInboundSink(queue, prefix, communeRate), redis, prefix, {
      perMinute: config.USER_MESSAGES_PER_MINUTE,
      onFirstLimited: (event) =>
        logger.warn("a citizen's messages over the per-minute limit are not handled", {
          channel: event.channel,
          limit: config.USER_MESSAGES_PER_MINUTE,
        }),
    });
  // Each shard's queues, opened once: the webhook stores events in their inbound queue, the queue
  // board shows all three. A shard the map names past REDIS_SHARDS is opened when first used.
  const shardQueues = new Map<string, ShardQueues>();
  const queuesOfShard = (prefix: string) => {
    let q = shardQueues.get(prefix);
    if (!q) shardQueues.set(prefix, (q = openShardQueues({ ...settings, prefix }, closers)));
    return q;
  };
  for (let i = 0; i < config.REDIS_SHARDS; i++) queuesOfShard(shardPrefix(config.REDIS_PREFIX, i));
  const shardMap = config.REDIS_SHARDS > 0 ? shardMapOnce(redis, config, communes) : undefined;
  // The OA fleet's facts of a commune sit under its shard's tag, beside its queues.
  const fleet = oaFleet(config, communes, redis, shardMap ? async (id) => (await shardMap()).prefixOf(id) : () => config.REDIS_PREFIX);
  const uninstallFleetMetrics = setFleetSource(() => fleetMetricsSnapshot(fleet));
  closers.add("OA fleet metrics", async () => uninstallFleetMetrics());
  const tally = new EventTally(fleet.facts, fleetRecordFailed);
  closers.add("OA fleet event tally", () => tally.flush());
  const queued = shardMap
    ? shardedSink(shardMap, (prefix) => storedUnder(queuesOfShard(prefix).inbound, prefix))
    : storedUnder(queues.inbound, config.REDIS_PREFIX);
  const sink: InboundSink<"limited"> = {
    async accept(event) {
      const outcome = await queued.accept(event);
      webhookEvents.inc({ channel: event.channel, event: event.kind, outcome });
      // The OA is alive: summed per commune, written without waiting (Zalo's 2-second clock is running).
      tally.event(event.communeId);
      return outcome;
    },
  };
  const notify = queues.notify;
  // A change of a case (API, dashboard, Open311) commits its notices with it (the case outbox):
  // the relay takes them at once, in this process (ROLE=all) or, woken by a job, in a worker.
  const relayNow = async () => {
    if (!outboxBell.ring()) wakeRemoteRelays(notify);
  };
  // One count of wrong tokens for every door that takes one.
  const failures = new AuthFailureLimiter(overrides.clock ? { clock: overrides.clock } : {});
  const apps = loadZaloApps(config, communes);
  const oaConnect = zaloOaConnect(config, communes, redis);
  const photos = await openPhotoStore(config);
  const unknownOaLogged = new Map<string, number>();
  const webhook = {
    secretKeyOf: (appId: string) => apps.get(appId)?.oaSecretKey,
    sink,
    communeOf: (oaId: string | undefined) => communes.homeOfOa(oaId),
    onIgnored: (event: string) => webhookEvents.inc({ channel: "zalo", event, outcome: "ignored" }),
    onUnknownOa: (oaId: string | undefined, event: string) => {
      webhookEvents.inc({ channel: "zalo", event, outcome: "unknown_oa" });
      void fleet.facts.unknownEvent().catch(fleetRecordFailed);
      // Once per OA per hour: an OA of the app that no commune declares (not yet onboarded, or
      // removed) sends every citizen's message here.
      const key = oaId ?? "(none)";
      const now = Date.now();
      if ((unknownOaLogged.get(key) ?? 0) > now - 3_600_000) return;
      unknownOaLogged.set(key, now);
      logger.warn("zalo events for an OA no commune declares are acknowledged and dropped", { oaId: key, event });
    },
  };
  const app = createApp({
    redis,
    db,
    metricsToken: config.METRICS_TOKEN,
    trustProxy: config.TRUST_PROXY,
    webhooks: [zaloWebhookRouter(webhook)],
    routers: [
      apiRouter({
        db,
        communes,
        config,
        triggerDossierNotices: () => triggerDossierNotices(notify),
        onProceduresImported: (communeId, catalogue) => procedures.of(communeId).replaced(catalogue),
        onTeamsChanged: () => teams.refresh(),
        onCaseTransition: relayNow,
        onCaseReassigned: relayNow,
        onCaseFiled: relayNow,
        failures,
        signIn: {
          sessions: new OfficerSessions(redis, config.REDIS_PREFIX),
          codeAttempts: new CodeAttempts(redis, config.REDIS_PREFIX),
          redis,
          prefix: config.REDIS_PREFIX,
        },
        photos,
        oaConnect: { links: oaConnect, redirectUri: config.ZALO_OAUTH_REDIRECT_URI, callbackPath: ZALO_OAUTH_CALLBACK_PATH },
        // Installed at start (hotline.ts) from the database's own hash key, so read when used.
        personHash: (channel, userId) => currentDataKeys().personHash(channel, userId),
        fleet,
        dpo: {
          db,
          outbound: queues.outbound,
          escalation: queues.escalation,
          handlerRoles: rolesWith("privacy-requests:settle"),
          say: dpoWording,
          ...(overrides.clock ? { now: overrides.clock } : {}),
        },
      }),
      zaloOaCallbackRouter(oaConnect),
      open311Router({
        db,
        communes,
        adminToken: config.ADMIN_TOKEN,
        wording: open311Wording,
        photoHosts: config.PHOTO_URL_HOSTS,
        onCaseFiled: relayNow,
        failures,
      }),
      // The page's brand before sign-in; signed in, it shows the officer's own commune (GET /api/v1/commune).
      dashboardRouter({ mapTileUrl: config.MAP_TILE_URL, communeName: communes.only()?.name ?? "Đường dây nóng các xã" }),
      queueBoardRouter({
        queues: Object.values(queues),
        shards: [...shardQueues].map(([prefix, q]) => ({ shard: prefix.slice(config.REDIS_PREFIX.length + 1), queues: Object.values(q) })),
        adminToken: config.ADMIN_TOKEN,
        failures,
      }),
      // A citizen's one-time link to the file of their data (no token: the link is the secret).
      dataExportRouter({
        db,
        communes,
        links: exportLinksOf(config, redis),
        // Installed at start (hotline.ts) from the database's own hash key, so read when used.
        personHash: (channel, userId) => currentDataKeys().personHash(channel, userId),
        wording: dataExportPage,
        ...(overrides.clock ? { clock: overrides.clock } : {}),
      }),
    ],
  });
  // Zalo's webhook skips express (its router costs more per request than the signature check and
  // the Redis write together: bench/README.md); everything else goes through the app.
  const zalo = zaloWebhookListener(webhook);
  const server = createServer((req, res) => {
    if (req.method === "POST" && (req.url === ZALO_WEBHOOK_PATH || req.url?.startsWith(`${ZALO_WEBHOOK_PATH}?`))) {
      observeRequest(
        req,
        res,
        () => ZALO_WEBHOOK_PATH,
        () => zalo(req, res),
      );
    } else {
      app(req, res);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // The sandbox's admin token is public: it answers this machine only.
    if (servesSandbox(config)) server.listen(config.PORT, "127.0.0.1", () => resolve());
    else server.listen(config.PORT, () => resolve());
  });
  // Closed first at shutdown (closers run in reverse): requests finish before Redis goes.
  closers.add("http server", () => closeServer(server, config.SHUTDOWN_GRACE_SECONDS * 1000));
  return server;
}

/** A fact of the OA fleet not recorded: the page is a little behind, the event itself is safe. */
function fleetRecordFailed(err: unknown): void {
  logger.warn("could not record an OA's event for the fleet page", { err: err instanceof Error ? err.message : String(err) });
}

/** Stop accepting, let in-flight requests finish (bounded), then drop what is left. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive connection becomes idle once its request is answered: close it then.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * The commune → shard map, read when first needed (Redis may not answer yet at start) and kept;
 * a failed read is tried again by the next event.
 */
function shardMapOnce(redis: RedisConnection, config: Config, communes: Communes): () => Promise<ShardMap> {
  let map: Promise<ShardMap> | undefined;
  return () =>
    (map ??= ShardMap.load(redis, config.REDIS_PREFIX, config.REDIS_SHARDS, communes.homeIds).catch((err: unknown) => {
      map = undefined;
      throw err;
    }));
}

/** Each event stored in its commune's shard (one sink per shard, made when first used). */
function shardedSink(shardMap: () => Promise<ShardMap>, sinkOf: (prefix: string) => InboundSink<"limited">): InboundSink<"limited"> {
  const sinks = new Map<string, InboundSink<"limited">>();
  return {
    async accept(event) {
      const prefix = (await shardMap()).prefixOf(event.communeId);
      let sink = sinks.get(prefix);
      if (!sink) sinks.set(prefix, (sink = sinkOf(prefix)));
      return sink.accept(event);
    },
  };
}
