import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler } from "express";
import { logContext } from "../logger.js";
import { httpDuration, httpRequests } from "../metrics.js";

/**
 * The route pattern a request matched, with the mount path it matched under
 * (`/api/v1/cases/:code`), remembered at the moment express matches it. Reading `req.baseUrl`
 * at the end is not enough: a router restores it when an error leaves the router, so a 4xx
 * thrown by a handler would be counted as `/cases/:code` and its 2xx as `/api/v1/cases/:code`.
 * Requests answered before any route matched (401, unknown paths) are `unmatched`, which keeps
 * the label values bounded.
 */
function rememberRoute(req: Request): () => string {
  let route: unknown;
  let label = "unmatched";
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value && typeof value.path === "string") label = `${req.baseUrl}${value.path}`;
    },
  });
  return () => label;
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
export const observe: RequestHandler = (req, res, next) => observeRequest(req, res, rememberRoute(req), next);
