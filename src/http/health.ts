import type { RedisConnection } from "../redis.js";
import { Router, type Request } from "express";
import { bearerToken, sameSecret } from "../api/auth.js";
import { withinMs } from "../core/deadline.js";
import type { Database } from "../db/database.js";
import { registry } from "../metrics.js";
import { errorBody } from "./errors.js";

const PROBE_TIMEOUT_MS = 1500;

async function probe(name: string, check: () => Promise<unknown>): Promise<[string, string | null]> {
  try {
    await withinMs(check(), PROBE_TIMEOUT_MS, () => new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`));
    return [name, null];
  } catch (err) {
    return [name, err instanceof Error ? err.message : String(err)];
  }
}

/** True when the request carries `Authorization: Bearer <token>`, read as every other door reads it. */
function bearerIs(req: Request, token: string): boolean {
  return sameSecret(bearerToken(req.get("authorization")) ?? "", token);
}

/**
 * `/healthz` (the process is up), `/readyz` (Redis and the database answer), `/metrics`, behind
 * `metricsToken` when one is given (queue depths and traffic are not for everyone to read).
 */
export function healthRouter(deps: { redis: RedisConnection; db: Database; metricsToken?: string | undefined }): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all([probe("redis", () => deps.redis.ping()), probe("database", () => deps.db.ping(PROBE_TIMEOUT_MS))]);
    const down = results.filter(([, problem]) => problem !== null);
    const checks = Object.fromEntries(results.map(([name, problem]) => [name, problem ?? "ok"]));
    if (down.length) {
      res.status(503).json({ status: "unavailable", down: down.map(([name]) => name), checks });
    } else {
      res.json({ status: "ready", checks });
    }
  });
  router.get("/metrics", async (req, res) => {
    if (deps.metricsToken && !bearerIs(req, deps.metricsToken)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      res.status(401).json(errorBody("unauthorized", "metrics need Authorization: Bearer <METRICS_TOKEN>"));
      return;
    }
    res.setHeader("Content-Type", registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}
