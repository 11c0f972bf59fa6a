import express, { type ErrorRequestHandler, type RequestHandler, type Router } from "express";
import { ZALO_SIGNATURE_HEADER } from "./signature.js";
import { handleZaloWebhook, type ZaloWebhookDeps } from "./webhook.js";

/** Options of the Zalo webhook route. */
export interface ZaloRouterOptions extends ZaloWebhookDeps {
  /** Largest body accepted (express/bytes syntax); Zalo events are a few KB. Default "256kb". */
  bodyLimit?: string | number;
}

/**
 * `POST /webhooks/zalo`. Mount it before any JSON body parser: the signature covers the exact
 * bytes, so the body is read raw here.
 */
export function zaloWebhookRouter(options: ZaloRouterOptions): Router {
  const router = express.Router();
  // Zalo sends application/json, but a raw read must not depend on the header being right.
  const raw = express.raw({ type: () => true, limit: options.bodyLimit ?? "256kb" });

  // Errors of the raw body reader (413, aborted, bad encoding) only: others go to the app.
  const onBodyError: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    const e = err as { status?: unknown; type?: unknown; message?: unknown };
    if (typeof e?.status !== "number" || e.status < 400 || e.status >= 500) return next(err);
    const code = e.status === 413 ? "body_too_large" : typeof e.type === "string" ? e.type : "bad_request";
    const message = e.status === 413 ? "body is over the size limit" : String(e.message ?? "bad request");
    res.status(e.status).json({ error: { code, message } });
  };

  const handle: RequestHandler = async (req, res) => {
    const body: unknown = req.body;
    // Not a Buffer only when a JSON parser ran before this router: the request then fails (400).
    const rawBody = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const answer = await handleZaloWebhook(rawBody, req.get(ZALO_SIGNATURE_HEADER), options);
    // Written directly rather than with res.json(): express's send() hashes every body for an
    // ETag (pointless on a webhook answer) and writes headers and body as two chunks; this is one
    // string, one write. Headers set earlier (X-Request-Id) are kept by writeHead.
    const json = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(json),
    });
    res.end(json);
  };

  router.post("/webhooks/zalo", raw, handle, onBodyError);
  return router;
}
