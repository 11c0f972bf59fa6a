import type { RedisConnection } from "./redis.js";
import express, { type Router } from "express";
import helmet from "helmet";
import type { Database } from "./db/database.js";
import { errorHandler, notFound } from "./http/errors.js";
import { healthRouter } from "./http/health.js";
import { observe } from "./http/observability.js";

export interface AppParts {
  redis: RedisConnection;
  db: Database;
  /** Platform webhooks, mounted before security headers and body parsers (they read raw bodies). */
  webhooks?: Router[];
  /** Proxies whose `X-Forwarded-For` is believed (`TRUST_PROXY`); default loopback only. */
  trustProxy?: string[];
  /** When set, `/metrics` answers only with this Bearer token. */
  metricsToken?: string | undefined;
  /** Everything else: officer API, Open311, dashboard… Each parses its own bodies. */
  routers?: Router[];
}

/** The express application: webhooks, health, API; JSON errors everywhere. */
export function createApp(parts: AppParts): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Only the named proxies: any other sender's X-Forwarded-For would let it choose the address it
  // is logged and rate-limited under.
  app.set("trust proxy", parts.trustProxy ?? ["loopback"]);
  app.use(observe);
  for (const r of parts.webhooks ?? []) app.use(r);
  app.use(helmet());
  app.use(healthRouter({ redis: parts.redis, db: parts.db, metricsToken: parts.metricsToken }));
  for (const r of parts.routers ?? []) app.use(r);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
