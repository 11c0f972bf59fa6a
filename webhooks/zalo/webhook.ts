import type { InboundSink } from "../../src/core/inbound-sink.js";
import { logger } from "../../src/logger.js";
import { parseZaloEvent } from "./events.js";
import { verifyZaloSignatureParsed } from "./signature.js";

/** What the webhook core needs; no framework, so the same code serves express, node:http or a test. */
export interface ZaloWebhookDeps {
  oaSecretKey: string;
  sink: InboundSink;
  /** Called for a signed event whose `event_name` the hotline does not handle (for a counter). */
  onIgnored?(eventName: string): void;
}

/** An HTTP answer: status and JSON body. */
export interface WebhookAnswer {
  status: number;
  body: unknown;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * Handle one Zalo webhook delivery: verify the signature over the exact bytes, parse, map to a
 * `ChannelEvent`, hand it to the sink. Never answers 200 for an event that was not stored.
 */
export async function handleZaloWebhook(
  rawBody: Buffer,
  signatureHeader: string | undefined,
  deps: ZaloWebhookDeps,
): Promise<WebhookAnswer> {
  if (!signatureHeader) {
    logger.warn("zalo webhook without signature", { bytes: rawBody.length });
    return { status: 401, body: errorBody("invalid_signature", "missing X-ZEvent-Signature") };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { status: 400, body: errorBody("invalid_json", "body is not JSON") };
  }
  if (!verifyZaloSignatureParsed(rawBody, signatureHeader, parsed, deps.oaSecretKey)) {
    // The body of an unverified request is not ours to log (it may be anyone's data, or garbage).
    logger.warn("zalo webhook with a wrong signature", { bytes: rawBody.length });
    return { status: 401, body: errorBody("invalid_signature", "signature does not match") };
  }

  const result = parseZaloEvent(parsed, rawBody);
  if (result.outcome === "invalid") {
    logger.warn("zalo webhook with an unusable shape", { eventName: result.eventName, problem: result.message });
    return { status: 400, body: errorBody("invalid_event", result.message) };
  }
  if (result.outcome === "ignored") {
    deps.onIgnored?.(result.eventName);
    logger.debug("zalo event ignored", { eventName: result.eventName });
    return { status: 200, body: { status: "ignored" } };
  }

  try {
    const status = await deps.sink.accept(result.event);
    return { status: 200, body: { status } };
  } catch (err) {
    logger.error("zalo event could not be stored", { eventName: result.eventName, err });
    return { status: 503, body: errorBody("unavailable", "the event could not be stored; retry later") };
  }
}
