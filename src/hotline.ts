import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.js";
import { createApp } from "./app.js";
import { openDatabase } from "./db/open.js";
import { logger } from "./logger.js";
import { createRedis, waitUntilReady } from "./redis.js";

export interface Hotline {
  /** The HTTP port, when this process serves HTTP (ROLE web or all). */
  port?: number;
  stop(): Promise<void>;
}

/** Something that must be closed at shutdown, in reverse order of opening. */
type Closer = { name: string; close: () => Promise<unknown> };

/**
 * Start the roles this process plays: `web` serves HTTP (webhooks, API, dashboard), `worker`
 * runs the queues' workers, `all` does both.
 */
export async function startHotline(config: Config): Promise<Hotline> {
  const closers: Closer[] = [];
  const serves = config.ROLE !== "worker";

  const db = await openDatabase(config);
  closers.push({ name: "database", close: () => db.close() });
  const redis = createRedis(config.REDIS_URL, "web");
  closers.push({ name: "redis", close: () => redis.quit().catch(() => redis.disconnect()) });
  if (!(await waitUntilReady(redis))) logger.warn("Redis is not reachable yet; webhooks answer 503 until it is", { url: redactUrl(config.REDIS_URL) });

  let server: Server | undefined;
  if (serves) {
    const app = createApp({ redis, db });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    logger.info("hotline listening", { port: (server.address() as AddressInfo).port, role: config.ROLE, database: db.kind });
  }

  return {
    port: server ? (server.address() as AddressInfo).port : undefined,
    async stop() {
      const graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000;
      if (server) await closeServer(server, graceMs);
      for (const c of closers.reverse()) {
        await c.close().catch((err: unknown) => logger.warn("close failed", { what: c.name, err }));
      }
    },
  };
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
