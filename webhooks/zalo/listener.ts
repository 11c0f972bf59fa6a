import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../../src/logger.js";
import { ZALO_SIGNATURE_HEADER } from "./signature.js";
import { handleZaloWebhook, type ZaloWebhookDeps } from "./webhook.js";

/** Options of the Zalo webhook endpoint. */
export interface ZaloListenerOptions extends ZaloWebhookDeps {
  /** Largest body accepted, in bytes; Zalo events are a few KB. Default 256 KiB. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 256 * 1024;

/**
 * `POST /webhooks/zalo` as a plain node:http handler: reads the exact bytes (the signature covers
 * them), hands them to the webhook core and writes its answer in one piece. No framework in the
 * way: this is the hotline's hottest path, and Zalo gives it 2 seconds.
 */
export function zaloWebhookListener(options: ZaloListenerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return async (req, res) => {
    try {
      const body = await readBody(req, limit);
      if (body === "too_large") return answer(res, 413, { error: { code: "body_too_large", message: "body is over the size limit" } });
      if (body === "aborted") return answer(res, 400, { error: { code: "request_aborted", message: "the body did not arrive whole" } });
      const header = req.headers[ZALO_SIGNATURE_HEADER.toLowerCase()];
      const result = await handleZaloWebhook(body, Array.isArray(header) ? header[0] : header, options);
      answer(res, result.status, result.body);
    } catch (err) {
      // The core answers every expected failure itself; this is a bug: never a 200 for it.
      logger.error("zalo webhook failed", { err });
      if (!res.headersSent) answer(res, 500, { error: { code: "internal", message: "the event was not stored; retry later" } });
    }
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  // One string, one write; headers set before (X-Request-Id) are kept by writeHead.
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(json) });
  res.end(json);
}

/** The whole body, or why not. A declared length over the limit is refused before reading. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large" | "aborted"> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    req.resume();
    return Promise.resolve("too_large");
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | "too_large" | "aborted") => {
      if (done) return;
      done = true;
      resolve(v);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish("too_large");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("aborted", () => finish("aborted"));
    req.on("error", () => finish("aborted"));
  });
}
