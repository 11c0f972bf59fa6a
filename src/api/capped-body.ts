import type { Request } from "express";
import { HttpError } from "../http/errors.js";

/** The body is larger than the endpoint accepts (413). `partial` says some of it was already used. */
export function payloadTooLarge(maxBytes: number, partial: boolean): HttpError {
  const mb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return new HttpError(
    413,
    "payload_too_large",
    partial
      ? `The body is larger than ${mb} MB; rows read before the limit may already be imported (importing them again changes nothing): split the file`
      : `The body is larger than ${mb} MB: split the file`,
  );
}

/**
 * The request body as a stream of chunks, never buffered whole, that fails with 413 as soon as
 * more than `maxBytes` arrived. A declared Content-Length over the limit fails before the first
 * byte is read. The request is not destroyed when the consumer stops early (bad header, limit),
 * so the error can still be answered.
 */
export async function* cappedBody(req: Request, maxBytes: number): AsyncGenerator<Buffer> {
  const declared = Number(req.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw payloadTooLarge(maxBytes, false);
  let received = 0;
  // destroyOnReturn false: destroying the request would close the socket before we answer.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    const buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    received += buf.length;
    if (received > maxBytes) throw payloadTooLarge(maxBytes, received > buf.length);
    yield buf;
  }
}
