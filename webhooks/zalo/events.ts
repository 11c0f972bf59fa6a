import { createHash } from "node:crypto";
import type { z } from "zod";
import type { PlatformEvent, ImageRef } from "../../src/core/platform-event.js";
import { PROVINCE_OA_HOME, provinceUserId } from "../../src/core/province-oa.js";
import {
  followEventSchema,
  oaEchoEventSchema,
  receiptEventSchema,
  RECEIPT_EVENTS,
  submitInfoEventSchema,
  userMessageEventSchema,
  USER_MESSAGE_EVENTS,
  type FollowEvent,
  type OaEchoEvent,
  type ReceiptEvent,
  type SubmitInfoEvent,
  type UserMessageEvent,
  type ZaloAttachment,
} from "./schemas.js";

/**
 * Zalo webhook bodies → platform-neutral `PlatformEvent`s. Zalo's quirks (ids as strings, the
 * console's fake msg id, coordinates in two places, two `user_submit_info` forms) stop here.
 */
export type ZaloParseResult =
  /** A known event in a usable shape. */
  | { outcome: "event"; eventName: string; event: PlatformEvent }
  /** An `event_name` the hotline does not handle (answered 200 so Zalo does not retry it). */
  | { outcome: "ignored"; eventName: string }
  /** A usable event sent to an OA no commune of the deployment declares (answered 200: not Zalo's fault). */
  | { outcome: "unknown_oa"; eventName: string; oaId: string | undefined }
  /** Not an event, or a known event in a shape we cannot use (answered 400). */
  | { outcome: "invalid"; eventName?: string; message: string };

/** The msg id every payload of the OA console's "Test" button carries: useless for deduplication. */
export const CONSOLE_TEST_MSG_ID = "This is message id";

const USER_MESSAGE = new Set<string>(USER_MESSAGE_EVENTS);
const RECEIPT = new Set<string>(RECEIPT_EVENTS);

/** True when the hotline maps this `event_name` to a `PlatformEvent`. */
export function isKnownZaloEvent(eventName: string): boolean {
  return (
    USER_MESSAGE.has(eventName) ||
    RECEIPT.has(eventName) ||
    eventName === "follow" ||
    eventName === "unfollow" ||
    eventName === "user_submit_info" ||
    eventName.startsWith("oa_send_")
  );
}

/**
 * Zalo webhook events the hotline receives but does not handle (from Zalo's list of OA events).
 * They are counted under their own name; any other name counts as `other`, so that signed
 * events with made-up names cannot grow the metrics without bound.
 */
const UNHANDLED_ZALO_EVENTS: ReadonlySet<string> = new Set([
  "user_click_chatnow",
  "user_reply_consent",
  "user_feedback",
  "oa_call_user",
  "user_call_oa",
  "add_user_to_tag",
  "shop_has_order",
  "change_oa_daily_quota",
  "change_template_quality",
  "change_template_quota",
  "change_template_status",
]);

/** The name an ignored event is counted under: a Zalo event name, or `other`. */
export function ignoredEventLabel(eventName: string): string {
  return UNHANDLED_ZALO_EVENTS.has(eventName) ? eventName : "other";
}

/**
 * Map a parsed JSON body to a `PlatformEvent`. `rawBody` (the exact bytes received) is hashed into
 * the event id of events without a usable msg id, so a redelivery gets the same id.
 */
export function parseZaloEvent(body: unknown, rawBody: Buffer, communeOf: CommuneOfOa): ZaloParseResult {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { outcome: "invalid", message: "body must be a JSON object" };
  }
  const eventName = (body as { event_name?: unknown }).event_name;
  if (typeof eventName !== "string" || eventName === "") {
    return { outcome: "invalid", message: "event_name is missing" };
  }
  if (!isKnownZaloEvent(eventName)) return { outcome: "ignored", eventName };

  const ids = new EventIds(rawBody);
  try {
    let event: PlatformEvent | string;
    let oaId: string | undefined;
    // The OA that received the event names its commune: the tenant is known before anything else.
    const commune = (oa: string | undefined) => {
      oaId = oa;
      return communeOf(oa);
    };
    if (USER_MESSAGE.has(eventName)) event = fromUserMessage(check(userMessageEventSchema, body), ids, commune);
    else if (RECEIPT.has(eventName)) event = fromReceipt(check(receiptEventSchema, body), ids, commune);
    else if (eventName === "follow" || eventName === "unfollow") event = fromFollow(check(followEventSchema, body), ids, commune);
    else if (eventName === "user_submit_info") event = fromSubmitInfo(check(submitInfoEventSchema, body), ids, commune);
    else event = fromOaEcho(check(oaEchoEventSchema, body), ids, commune);
    if (event === UNKNOWN_OA) return { outcome: "unknown_oa", eventName, oaId };
    if (typeof event === "string") return { outcome: "invalid", eventName, message: event };
    // A Zalo id names a user only on its OA: the province OA's citizens are told apart from any
    // commune OA's, so that whatever reaches them later goes out through the province OA.
    if (event.communeId === PROVINCE_OA_HOME) event = { ...event, userId: provinceUserId(event.userId) };
    return { outcome: "event", eventName, event: mayHoldUnstorable(rawBody) ? storable(event) : event };
  } catch (err) {
    if (err instanceof ShapeError) return { outcome: "invalid", eventName, message: err.message };
    throw err;
  }
}

/**
 * The commune whose OA received an event (`recipient.id` of a user's message, `oa_id` of a
 * follow, `sender.id` of the OA's own echo), `PROVINCE_OA_HOME` for the province-wide OA, or
 * undefined when nobody declares that OA.
 */
export type CommuneOfOa = (oaId: string | undefined) => string | undefined;
type ResolveCommune = CommuneOfOa;
const UNKNOWN_OA = "\u0000unknown-oa";

class ShapeError extends Error {
  override name = "ShapeError";
}

function check<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new ShapeError(first ? `${first.path.join(".") || "body"}: ${first.message}` : "invalid body");
}

/** Event ids: the platform's msg id when it is a real one, else a hash of the exact body. */
class EventIds {
  private hash?: string;
  constructor(private readonly rawBody: Buffer) {}
  bodyHash(): string {
    this.hash ??= createHash("sha256").update(this.rawBody).digest("hex");
    return this.hash;
  }
  of(msgId: string | undefined): string {
    return msgId && msgId !== CONSOLE_TEST_MSG_ID ? msgId : this.bodyHash();
  }
}

// PostgreSQL's text and jsonb refuse U+0000 (the one character they cannot hold); in a chat
// message it carries nothing, and left in it made a report impossible to file.
const UNSTORABLE = "\u0000";

/**
 * JSON can carry U+0000 only as the escape `\u0000` (JSON.parse refuses a raw control character),
 * so a body without that escape needs no cleaning: the usual case skips rebuilding the event.
 */
function mayHoldUnstorable(rawBody: Buffer): boolean {
  return rawBody.includes("\\u0000");
}

/** The event with every string cleaned of what the database refuses (texts, names, addresses…). */
function storable<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll(UNSTORABLE, "") as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
  }
  return value;
}

/** Epoch ms as stamped; a missing or odd timestamp falls back to now rather than rejecting. */
function at(timestamp: unknown): number {
  const n = typeof timestamp === "number" ? timestamp : typeof timestamp === "string" ? Number(timestamp) : NaN;
  return Number.isFinite(n) && n > 0 ? n : Date.now();
}

/** Drop undefined properties so events compare and serialize cleanly. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function withUrl(attachments: ZaloAttachment[] | undefined): ZaloAttachment[] {
  return (attachments ?? []).filter((a) => typeof a.payload?.url === "string" && a.payload.url !== "");
}

const MEDIA = {
  user_send_gif: "gif",
  user_send_audio: "audio",
  user_send_video: "video",
  user_send_link: "link",
  user_send_business_card: "business_card",
} as const;

function fromUserMessage(e: UserMessageEvent, ids: EventIds, communeOf: ResolveCommune): PlatformEvent | string {
  const communeId = communeOf(e.recipient?.id);
  if (communeId === undefined) return UNKNOWN_OA;
  const base = { eventId: ids.of(e.message.msg_id), channel: "zalo" as const, communeId, userId: e.sender.id, at: at(e.timestamp) };
  const { text, attachments } = e.message;
  switch (e.event_name) {
    case "user_send_text":
      if (text === undefined) return "message.text is missing";
      return { ...base, kind: "text", text };
    case "user_send_image": {
      const images = withUrl(attachments).map((a) => compact<ImageRef>({ url: a.payload!.url!, thumbnail: a.payload!.thumbnail }));
      if (images.length === 0) return "message.attachments has no image url";
      return compact({ ...base, kind: "image" as const, images, text });
    }
    case "user_send_location": {
      const coords = (attachments ?? []).find((a) => a.payload?.coordinates)?.payload?.coordinates ?? e.message.location;
      if (!coords) return "message.attachments has no coordinates";
      return compact({ ...base, kind: "location" as const, latitude: coords.latitude, longitude: coords.longitude, text });
    }
    case "user_send_file": {
      const file = withUrl(attachments)[0]?.payload;
      if (!file?.url) return "message.attachments has no file url";
      return compact({ ...base, kind: "file" as const, url: file.url, name: file.name ?? "", size: file.size, fileType: file.type });
    }
    case "user_send_sticker":
      return compact({ ...base, kind: "sticker" as const, url: withUrl(attachments)[0]?.payload?.url });
    default: {
      const payload = (attachments ?? [])[0]?.payload;
      return compact({
        ...base,
        kind: "media" as const,
        media: MEDIA[e.event_name],
        url: payload?.url,
        text: text ?? payload?.description,
      });
    }
  }
}

function fromFollow(e: FollowEvent, ids: EventIds, communeOf: ResolveCommune): PlatformEvent | string {
  const communeId = communeOf(e.oa_id);
  if (communeId === undefined) return UNKNOWN_OA;
  const base = { eventId: ids.bodyHash(), channel: "zalo" as const, communeId, userId: e.follower.id, at: at(e.timestamp) };
  return e.event_name === "follow" ? compact({ ...base, kind: "follow" as const, source: e.source }) : { ...base, kind: "unfollow" };
}

function fromSubmitInfo(e: SubmitInfoEvent, ids: EventIds, communeOf: ResolveCommune): PlatformEvent | string {
  const communeId = communeOf(e.recipient?.id);
  if (communeId === undefined) return UNKNOWN_OA;
  const { info } = e;
  const fa = info.full_address;
  // Most specific first, as Vietnamese addresses are written: street, ward, district, city.
  const parts = fa ? [fa.user_address, fa.user_ward, fa.user_district, fa.user_city] : [info.address, info.ward, info.district, info.city];
  const address = parts.filter((p): p is string => !!p && p.trim() !== "").join(", ") || undefined;
  return compact({
    eventId: ids.bodyHash(),
    channel: "zalo" as const,
    communeId,
    userId: e.sender.id,
    at: at(e.timestamp),
    kind: "submit_info" as const,
    name: info.name || undefined,
    phone: info.phone || undefined,
    address,
  });
}

const RECEIPT_KIND = {
  user_received_message: "received",
  user_seen_message: "seen",
  user_reacted_message: "reacted",
} as const;

function fromReceipt(e: ReceiptEvent, ids: EventIds, communeOf: ResolveCommune): PlatformEvent | string {
  const messageIds = e.message.msg_ids ?? (e.message.msg_id ? [e.message.msg_id] : []);
  if (messageIds.length === 0) return "message.msg_ids is missing";
  // A "received" receipt goes from the OA to the user; "seen" and "reacted" come from the user.
  const received = e.event_name === "user_received_message";
  const communeId = communeOf(received ? e.sender.id : e.recipient.id);
  if (communeId === undefined) return UNKNOWN_OA;
  return compact({
    // The msg id here names the message receipted, not this event: hash the body instead.
    eventId: ids.bodyHash(),
    channel: "zalo" as const,
    communeId,
    userId: received ? e.recipient.id : e.sender.id,
    at: at(e.timestamp),
    kind: "receipt" as const,
    receipt: RECEIPT_KIND[e.event_name],
    messageIds,
    reaction: e.message.react_icon,
  });
}

function fromOaEcho(e: OaEchoEvent, ids: EventIds, communeOf: ResolveCommune): PlatformEvent | string {
  const communeId = communeOf(e.sender.id);
  if (communeId === undefined) return UNKNOWN_OA;
  return compact({
    eventId: ids.of(e.message?.msg_id),
    channel: "zalo" as const,
    communeId,
    userId: e.recipient.id,
    at: at(e.timestamp),
    kind: "agent_echo" as const,
    adminId: e.sender.admin_id,
    text: e.message?.text,
  });
}
