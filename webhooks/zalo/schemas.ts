import { z } from "zod";

/**
 * Zod schemas of Zalo OA webhook bodies. Zalo publishes ids, timestamps, coordinates and sizes as
 * JSON strings; consumers (and some docs) use numbers: both are accepted and normalized here.
 * Objects are loose on purpose: Zalo adds fields without notice.
 */

/** An id kept as a string whichever way it arrived. */
export const zaloId = z.union([z.string().min(1), z.number()]).transform((v) => String(v));

/** A number sent as a string or a number. */
export const zaloNumber = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/, "not a number"),
  ])
  .transform((v) => Number(v))
  .refine((n) => Number.isFinite(n), "not a finite number");

const coordinates = z.object({
  latitude: zaloNumber.refine((n) => n >= -90 && n <= 90, "latitude out of range"),
  longitude: zaloNumber.refine((n) => n >= -180 && n <= 180, "longitude out of range"),
});

/** `message.attachments[]`: `{type, payload}`; which payload fields appear depends on the type. */
export const attachmentSchema = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      thumbnail: z.string().optional(),
      description: z.string().optional(),
      name: z.string().optional(),
      size: zaloNumber.optional(),
      type: z.string().optional(),
      id: zaloId.optional(),
      coordinates: coordinates.optional(),
    })
    .optional(),
});
export type ZaloAttachment = z.infer<typeof attachmentSchema>;

const party = z.looseObject({ id: zaloId });

/** Fields every event carries. The timestamp is never a reason to reject (docs show 12-digit typos). */
const envelope = {
  app_id: zaloId.optional(),
  user_id_by_app: zaloId.optional(),
  timestamp: z.unknown().optional(),
};

/** Events of a user writing to the OA: `sender` is the user, `recipient` the OA. */
export const USER_MESSAGE_EVENTS = [
  "user_send_text",
  "user_send_image",
  "user_send_gif",
  "user_send_sticker",
  "user_send_file",
  "user_send_audio",
  "user_send_video",
  "user_send_link",
  "user_send_location",
  "user_send_business_card",
] as const;
export type UserMessageEventName = (typeof USER_MESSAGE_EVENTS)[number];

/** `user_send_*`. */
export const userMessageEventSchema = z.looseObject({
  ...envelope,
  event_name: z.enum(USER_MESSAGE_EVENTS),
  sender: party,
  recipient: party.optional(),
  message: z.looseObject({
    msg_id: zaloId.optional(),
    text: z.string().optional(),
    attachments: z.array(attachmentSchema).optional(),
    // Not in Zalo's payloads (coordinates live in attachments); some third-party docs put them here.
    location: coordinates.optional(),
  }),
});
export type UserMessageEvent = z.infer<typeof userMessageEventSchema>;

/** `follow` / `unfollow`: the user is `follower.id` (no sender/recipient). */
export const followEventSchema = z.looseObject({
  ...envelope,
  event_name: z.enum(["follow", "unfollow"]),
  oa_id: zaloId.optional(),
  follower: party,
  source: z.string().optional(),
});
export type FollowEvent = z.infer<typeof followEventSchema>;

const text = z.string().optional();
/** `user_submit_info`, current (`full_address`) and older (`address, city, district, ward`) forms. */
export const submitInfoEventSchema = z.looseObject({
  ...envelope,
  event_name: z.literal("user_submit_info"),
  sender: party,
  recipient: party.optional(),
  info: z.looseObject({
    name: text,
    phone: zaloId.optional(),
    // Current form.
    user_dob: text,
    gender: text,
    full_address: z.looseObject({ user_city: text, user_district: text, user_ward: text, user_address: text }).optional(),
    // Older form.
    address: text,
    city: text,
    district: text,
    ward: text,
  }),
});
export type SubmitInfoEvent = z.infer<typeof submitInfoEventSchema>;

/** Receipts about the OA's messages. */
export const RECEIPT_EVENTS = ["user_received_message", "user_seen_message", "user_reacted_message"] as const;
/** Receipts: `message.msg_ids` (array, seen) or `message.msg_id` (received, reacted). */
export const receiptEventSchema = z.looseObject({
  ...envelope,
  event_name: z.enum(RECEIPT_EVENTS),
  sender: party,
  recipient: party,
  message: z.looseObject({
    msg_id: zaloId.optional(),
    msg_ids: z.array(zaloId).optional(),
    react_icon: z.string().optional(),
  }),
});
export type ReceiptEvent = z.infer<typeof receiptEventSchema>;

/** `oa_send_*`: echoes of what the OA sent; `sender.admin_id` marks a person typing in the OA console. */
export const oaEchoEventSchema = z.looseObject({
  ...envelope,
  event_name: z.string().startsWith("oa_send_"),
  sender: z.looseObject({ id: zaloId, admin_id: zaloId.optional() }),
  recipient: party,
  message: z.looseObject({ msg_id: zaloId.optional(), text: z.string().optional() }).optional(),
});
export type OaEchoEvent = z.infer<typeof oaEchoEventSchema>;
