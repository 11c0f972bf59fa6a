import { randomBytes } from "node:crypto";
import { SANDBOX_SECRETS } from "../../src/sandbox.js";
import { signZaloBody } from "../../webhooks/zalo/signature.js";

/**
 * Build and sign Zalo webhook bodies the way Zalo does (ids and timestamps as strings, fresh msg
 * ids), for tests, `npm run chat` and the bench.
 */
export type CitizenAction =
  | { type: "text"; text: string }
  | { type: "image"; urls: string[]; text?: string }
  | { type: "location"; latitude: number; longitude: number; name?: string }
  | { type: "file"; url: string; name: string; size?: number }
  | { type: "sticker" }
  | { type: "follow" }
  | { type: "unfollow" }
  | { type: "submit_info"; name: string; phone: string; address?: string }
  /**
   * Not the citizen's doing: Zalo's echo (`oa_send_text`) of a message the OA sent to this user.
   * `adminId` marks a person typing in the OA console.
   */
  | { type: "oa_echo"; text: string; adminId?: string };

export interface EventOptions {
  userId: string;
  appId?: string;
  oaId?: string;
  msgId?: string;
  timestamp?: number;
}

/** The sandbox values of `.env.example`. */
export const SANDBOX = {
  appId: "1163843031413526746",
  oaId: "2197174064623873199",
  oaSecretKey: SANDBOX_SECRETS.ZALO_OA_SECRET_KEY,
} as const;

/** A msg id shaped like Zalo's (20 hex characters). */
export function freshMsgId(): string {
  return randomBytes(10).toString("hex");
}

const EVENT_NAME: Record<CitizenAction["type"], string> = {
  text: "user_send_text",
  image: "user_send_image",
  location: "user_send_location",
  file: "user_send_file",
  sticker: "user_send_sticker",
  follow: "follow",
  unfollow: "unfollow",
  submit_info: "user_submit_info",
  oa_echo: "oa_send_text",
};

/** The JSON body Zalo would post for a citizen's action. */
export function buildZaloEvent(action: CitizenAction, opts: EventOptions): Record<string, unknown> {
  const appId = opts.appId ?? SANDBOX.appId;
  const oaId = opts.oaId ?? SANDBOX.oaId;
  const timestamp = String(opts.timestamp ?? Date.now());
  const event_name = EVENT_NAME[action.type];
  const userIdByApp = `9${opts.userId.slice(1)}`;
  if (action.type === "follow" || action.type === "unfollow") {
    return {
      oa_id: oaId,
      follower: { id: opts.userId },
      user_id_by_app: userIdByApp,
      event_name,
      source: action.type === "follow" ? "zalo" : "unfollow",
      app_id: appId,
      timestamp,
    };
  }
  if (action.type === "oa_echo") {
    // The OA is the sender, the user the recipient (the reverse of user_send_*).
    return {
      app_id: appId,
      user_id_by_app: userIdByApp,
      event_name,
      timestamp,
      sender: { id: oaId, ...(action.adminId ? { admin_id: action.adminId } : {}) },
      recipient: { id: opts.userId },
      message: { msg_id: opts.msgId ?? freshMsgId(), text: action.text },
    };
  }
  const head = { app_id: appId, user_id_by_app: userIdByApp, event_name, timestamp, sender: { id: opts.userId }, recipient: { id: oaId } };
  if (action.type === "submit_info") {
    return {
      ...head,
      info: {
        name: action.name,
        phone: action.phone,
        ...(action.address ? { full_address: { user_address: action.address } } : {}),
      },
    };
  }
  const msg_id = opts.msgId ?? freshMsgId();
  switch (action.type) {
    case "text":
      return { ...head, message: { msg_id, text: action.text } };
    case "image":
      return {
        ...head,
        message: {
          msg_id,
          ...(action.text ? { text: action.text } : {}),
          attachments: action.urls.map((url) => ({ type: "image", payload: { url, thumbnail: url } })),
        },
      };
    case "location":
      return {
        ...head,
        message: {
          msg_id,
          ...(action.name ? { text: action.name } : {}),
          attachments: [
            { type: "location", payload: { coordinates: { latitude: String(action.latitude), longitude: String(action.longitude) } } },
          ],
        },
      };
    case "file":
      return {
        ...head,
        message: {
          msg_id,
          attachments: [
            {
              type: "file",
              payload: { url: action.url, name: action.name, size: String(action.size ?? 1024), type: action.name.split(".").pop() ?? "" },
            },
          ],
        },
      };
    case "sticker":
      return {
        ...head,
        message: { msg_id, attachments: [{ type: "sticker", payload: { id: "sticker_id", url: "https://example.invalid/sticker.png" } }] },
      };
  }
}

export interface SignedWebhook {
  body: Buffer;
  /** Value of `X-ZEvent-Signature`. */
  signature: string;
  headers: Record<string, string>;
  /** The parsed event as built (for assertions). */
  event: Record<string, unknown>;
}

/** Serialize and sign any body (an object, or a string to keep exact bytes). */
export function signBody(body: Record<string, unknown> | string, secret: string = SANDBOX.oaSecretKey): SignedWebhook {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const bytes = Buffer.from(text, "utf8");
  const signature = signZaloBody(bytes, secret);
  return {
    body: bytes,
    signature,
    headers: { "Content-Type": "application/json", "X-ZEvent-Signature": signature },
    event: typeof body === "string" ? (JSON.parse(body) as Record<string, unknown>) : body,
  };
}

/** A signed webhook for a citizen's action. */
export function signedWebhook(action: CitizenAction, opts: EventOptions & { secret?: string }): SignedWebhook {
  return signBody(buildZaloEvent(action, opts), opts.secret);
}
