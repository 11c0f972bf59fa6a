import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Queue, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "./config.js";
import { apiRouter } from "./api/router.js";
import { enqueueCaseTransition } from "./cases/case-jobs.js";
import { createApp } from "./app.js";
import { type CommuneConfig, loadCommuneConfig } from "./commune/config.js";
import { contextFactory } from "./conversation/context.js";
import type { Flow, FlowName } from "./conversation/flow.js";
import { SessionStore } from "./conversation/session-store.js";
import type { InboundSink } from "./core/inbound-sink.js";
import type { Database } from "./db/database.js";
import { openDatabase } from "./db/open.js";
import { connectorFromConfig } from "./dossiers/connector.js";
import { logger } from "./logger.js";
import { webhookEvents } from "./metrics.js";
import { syncFromCommune } from "./officers/registry.js";
import { outboxDispatcher } from "./queues/dispatch.js";
import { createInboundQueue, createInboundWorker, QueueInboundSink } from "./queues/inbound.js";
import { DEFAULT_JOB_OPTIONS, QUEUE, queueOptions } from "./queues/names.js";
import { startWorkers } from "./wiring/workers.js";
import { createRedis, waitUntilReady } from "./redis.js";
import { observeRequest } from "./http/observability.js";
import { zaloWebhookListener } from "../webhooks/zalo/listener.js";
import { zaloWebhookRouter } from "../webhooks/zalo/router.js";
import { dossierStatus } from "../flows/dossier-status.js";
import { violationReport } from "../flows/violation-report.js";

const ZALO_WEBHOOK_PATH = "/webhooks/zalo";
/** Dossier look-ups per citizen: enough for a family's dossiers, too few to enumerate codes. */
const DOSSIER_LOOKUP_LIMIT = { max: 10, windowMs: 10 * 60_000 };

export interface Hotline {
  /** The HTTP port, when this process serves HTTP (ROLE web or all). */
  port?: number;
  db: Database;
  commune: CommuneConfig;
  stop(): Promise<void>;
}

/** Pieces a test may supply instead of building them from the configuration. */
export interface HotlineOverrides {
  db?: Database;
  commune?: CommuneConfig;
  clock?: () => Date;
  /** BullMQ lock duration of the workers (a killed worker's job is picked up after it). */
  workerLockMs?: number;
  /** Backoff base of job retries, ms. */
  retryDelayMs?: number;
}

/** Something that must be closed at shutdown, in reverse order of opening. */
type Closer = { name: string; close: () => Promise<unknown> };

const FLOWS: Record<FlowName, Flow> = { "dossier-status": dossierStatus, "violation-report": violationReport };

/**
 * Start the roles this process plays: `web` serves HTTP (webhooks, API), `worker` runs the
 * queues' workers, `all` does both.
 */
export async function startHotline(config: Config, overrides: HotlineOverrides = {}): Promise<Hotline> {
  const closers: Closer[] = [];
  const close = async () => {
    for (const c of closers.reverse()) {
      await c.close().catch((err: unknown) => logger.warn("close failed", { what: c.name, err }));
    }
  };
  try {
    const commune = overrides.commune ?? loadCommuneConfig(config.COMMUNE_CONFIG);
    const db = overrides.db ?? (await openDatabase(config));
    if (!overrides.db) closers.push({ name: "database", close: () => db.close() });
    await syncFromCommune(db, commune);

    let server: Server | undefined;
    if (config.ROLE !== "worker") server = await serve(config, db, commune, closers);
    if (config.ROLE !== "web") await work(config, db, commune, overrides, closers);

    const port = server ? (server.address() as AddressInfo).port : undefined;
    logger.info("hotline listening", { port, role: config.ROLE, database: db.kind, commune: commune.name });
    return { port, db, commune, stop: close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function serve(config: Config, db: Database, commune: CommuneConfig, closers: Closer[]): Promise<Server> {
  const redis = own(createRedis(config.REDIS_URL, "web"), "redis (web)", closers);
  if (!(await waitUntilReady(redis))) {
    logger.warn("Redis is not reachable yet; webhooks answer 503 until it is", { url: redactUrl(config.REDIS_URL) });
  }
  const inbound = createInboundQueue(redis, config.REDIS_PREFIX);
  closers.push({ name: "inbound queue", close: () => inbound.close() });
  const queued = new QueueInboundSink(inbound, redis, config.REDIS_PREFIX);
  const sink: InboundSink = {
    async accept(event) {
      const outcome = await queued.accept(event);
      webhookEvents.inc({ channel: event.channel, event: event.kind, outcome });
      return outcome;
    },
  };
  const notify = new Queue(QUEUE.notify, queueOptions(config.REDIS_PREFIX, redis));
  closers.push({ name: "notify queue (web)", close: () => notify.close() });
  const webhook = {
    oaSecretKey: config.ZALO_OA_SECRET_KEY,
    sink,
    onIgnored: (event: string) => webhookEvents.inc({ channel: "zalo", event, outcome: "ignored" }),
  };
  const app = createApp({
    redis,
    db,
    webhooks: [zaloWebhookRouter(webhook)],
    routers: [
      apiRouter({
        db,
        commune,
        config,
        triggerDossierNotices: async () => {
          await notify.add("dossier-notices", {});
        },
        onCaseTransition: (c, from) => enqueueCaseTransition(notify, c, from),
      }),
    ],
  });
  // Zalo's webhook skips express (its router costs more per request than the signature check and
  // the Redis write together: bench/README.md); everything else goes through the app.
  const zalo = zaloWebhookListener(webhook);
  const server = createServer((req, res) => {
    if (req.method === "POST" && (req.url === ZALO_WEBHOOK_PATH || req.url?.startsWith(`${ZALO_WEBHOOK_PATH}?`))) {
      observeRequest(req, res, () => ZALO_WEBHOOK_PATH, () => zalo(req, res));
    } else {
      app(req, res);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, () => resolve());
  });
  // Closed first at shutdown (closers run in reverse): requests finish before Redis goes.
  closers.push({ name: "http server", close: () => closeServer(server, config.SHUTDOWN_GRACE_SECONDS * 1000) });
  return server;
}

async function work(config: Config, db: Database, commune: CommuneConfig, given: HotlineOverrides, closers: Closer[]) {
  const overrides: HotlineOverrides = { workerLockMs: config.JOB_LOCK_SECONDS * 1000, ...given };
  const redis = own(createRedis(config.REDIS_URL, "worker"), "redis (worker)", closers);
  const prefix = config.REDIS_PREFIX;
  const defaultJobOptions = overrides.retryDelayMs
    ? { ...DEFAULT_JOB_OPTIONS, backoff: { type: "exponential", delay: overrides.retryDelayMs } }
    : DEFAULT_JOB_OPTIONS;
  const queue = (name: string) => {
    const q = new Queue(name, { ...queueOptions(prefix, redis), defaultJobOptions });
    closers.push({ name: `${name} queue`, close: () => q.close() });
    return q;
  };
  const queues = {
    outbound: queue(QUEUE.outbound),
    cases: queue(QUEUE.cases),
    notify: queue(QUEUE.notify),
    escalation: queue(QUEUE.escalation),
  };
  const context = contextFactory({
    db,
    commune,
    connector: connectorFromConfig(config),
    lookupLimit: DOSSIER_LOOKUP_LIMIT,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  const workers: Worker[] = [];
  workers.push(
    createInboundWorker(
      redis,
      prefix,
      {
        store: new SessionStore(redis, prefix),
        engine: { flows: FLOWS, idleMs: config.SESSION_IDLE_MINUTES * 60_000, lookupLimit: DOSSIER_LOOKUP_LIMIT },
        contextFor: context,
        dispatch: outboxDispatcher(queues),
      },
      { ...(overrides.workerLockMs ? { lockDurationMs: overrides.workerLockMs } : {}) },
    ),
  );
  workers.push(...(await startWorkers({ config, db, commune, redis, queues, overrides })));
  // Workers close before the queues and Redis they use (closers run in reverse order).
  closers.push({
    name: "workers",
    close: () => withDeadline(Promise.all(workers.map((w) => w.close())), config.SHUTDOWN_GRACE_SECONDS * 1000, () => Promise.all(workers.map((w) => w.close(true)))),
  });
}

function own(redis: Redis, name: string, closers: Closer[]): Redis {
  closers.push({ name, close: () => redis.quit().catch(() => redis.disconnect()) });
  return redis;
}

/** Let active jobs finish, but not forever: past the grace period they are left to be retried. */
async function withDeadline<T>(p: Promise<T>, ms: number, force: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  const outcome = await Promise.race([p, timedOut]);
  clearTimeout(timer);
  if (outcome === "late") {
    logger.warn("jobs still running at the end of the grace period; they will be retried");
    await force();
  }
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

/** A connection URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
