import type { InboundSink } from "../../src/core/inbound-sink.js";
import { logger } from "../../src/logger.js";
import { type CommuneOfOa, ignoredEventLabel, parseZaloEvent } from "./events.js";
import { signedFields, verifyZaloSignatureParsed } from "./signature.js";

/** What the webhook core needs; no framework, so the same code serves express, node:http or a test. */
export interface ZaloWebhookDeps {
  /**
   * The OA secret key of each Zalo app the deployment serves, by app id (`ZALO_APP_ID` and
   * `ZALO_APPS_FILE`); undefined for any other app, whose events are refused.
   */
  secretKeyOf(appId: string): string | undefined;
  sink: InboundSink<string>;
  /** The commune of the OA an event was sent to (src/commune/communes.ts `forOa`). */
  communeOf: CommuneOfOa;
  /** Called for each signed event sent to an OA no commune declares (logged and counted there). */
  onUnknownOa?(oaId: string | undefined, eventName: string): void;
  /**
   * Called for a signed event whose `event_name` the hotline does not handle (for a counter):
   * with a known Zalo event name, or `other`.
   */
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
 * `PlatformEvent`, hand it to the sink. Never answers 200 for an event that was not stored.
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
  // The key is the one of the app the event names (`app_id`, covered by the signature): an event
  // of an app the deployment does not serve cannot be checked, so it is not proven to come from
  // Zalo for us. Refused like a wrong signature (401, nothing queued, body not logged).
  const key = deps.secretKeyOf(signedFields(parsed).appId);
  if (key === undefined) {
    logger.warn("zalo webhook for another app", { bytes: rawBody.length });
    return { status: 401, body: errorBody("wrong_app", "the event is not for this app") };
  }
  if (!verifyZaloSignatureParsed(rawBody, signatureHeader, parsed, key)) {
    // The body of an unverified request is not ours to log (it may be anyone's data, or garbage).
    logger.warn("zalo webhook with a wrong signature", { bytes: rawBody.length });
    return { status: 401, body: errorBody("invalid_signature", "signature does not match") };
  }

  const result = parseZaloEvent(parsed, rawBody, deps.communeOf);
  if (result.outcome === "invalid") {
    logger.warn("zalo webhook with an unusable shape", { eventName: result.eventName, problem: result.message });
    return { status: 400, body: errorBody("invalid_event", result.message) };
  }
  // Acknowledged: Zalo disables an app's webhook that keeps failing, which would silence every
  // commune for one OA that is not (or no longer) connected here.
  if (result.outcome === "unknown_oa") {
    deps.onUnknownOa?.(result.oaId, result.eventName);
    return { status: 200, body: { status: "unknown_oa" } };
  }
  if (result.outcome === "ignored") {
    deps.onIgnored?.(ignoredEventLabel(result.eventName));
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
