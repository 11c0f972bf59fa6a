import { randomUUID } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { logContext } from "../logger.js";
import { httpDuration, httpRequests } from "../metrics.js";

function routeOf(req: Request): string {
  const route = req.route as { path?: string } | undefined;
  if (route?.path) return `${req.baseUrl}${String(route.path)}`;
  return req.baseUrl || "unmatched";
}

/**
 * Gives every request an id (kept from X-Request-Id when sane) that appears on each of its log
 * lines, and records count + latency by route.
 */
export const observe: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  const requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    const route = routeOf(req);
    httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    httpDuration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - start) / 1e9);
  });
  logContext.run({ requestId }, next);
};
