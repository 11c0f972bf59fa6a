import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler } from "express";
import { logContext } from "../logger.js";
import { httpDuration, httpRequests } from "../metrics.js";

function expressRoute(req: Request): string {
  const route = req.route as { path?: string } | undefined;
  if (route?.path) return `${req.baseUrl}${String(route.path)}`;
  return req.baseUrl || "unmatched";
}

/**
 * Give a request an id (kept from X-Request-Id when sane) that appears on each of its log lines,
 * and record count + latency by route once it is answered. `route` is read at the end (express
 * knows it only after routing). Runs `next` inside the request's log context.
 */
export function observeRequest(req: IncomingMessage, res: ServerResponse, route: () => string, next: () => unknown): void {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    const method = req.method ?? "";
    const name = route();
    httpRequests.inc({ method, route: name, status: String(res.statusCode) });
    httpDuration.observe({ method, route: name }, Number(process.hrtime.bigint() - start) / 1e9);
  });
  logContext.run({ requestId }, next);
}

/** `observeRequest` as express middleware. */
export const observe: RequestHandler = (req, res, next) => observeRequest(req, res, () => expressRoute(req), next);
