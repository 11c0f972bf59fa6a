/**
 * What the hotline hears from a messaging platform, after the platform's quirks are stripped at
 * `webhooks/<platform>/`. Plain JSON (no Date) because events travel through BullMQ jobs.
 *
 * Words: a *platform* is a messenger the hotline answers on (Zalo today; one folder under
 * `webhooks/`, implementing `PlatformSender` and producing `PlatformEvent`s). *Channel* means only
 * how a case or a dossier came in (the API's and the CSV's `channel`: zalo, web, phone, counter…).
 * The event's field keeps the stored name `channel` (queued jobs, sessions and rows carry it), but
 * its type is `Platform`.
 */
export type Platform = "zalo";

interface EventBase {
  /** The platform's message id, or a hash of the body for events that carry none. */
  eventId: string;
  channel: Platform;
  /** The commune whose OA received the event: every step after the webhook is this commune's. */
  communeId: string;
  /** The citizen or officer (for Zalo: the user id scoped to the OA). */
  userId: string;
  /** Epoch milliseconds as the platform stamped it (not trusted for ordering). */
  at: number;
}

export interface ImageRef {
  url: string;
  thumbnail?: string;
}

export type PlatformEvent =
  | (EventBase & { kind: "text"; text: string })
  | (EventBase & { kind: "image"; images: ImageRef[]; text?: string })
  | (EventBase & { kind: "location"; latitude: number; longitude: number; text?: string })
  | (EventBase & { kind: "file"; url: string; name: string; size?: number; fileType?: string })
  | (EventBase & { kind: "sticker"; url?: string })
  | (EventBase & { kind: "media"; media: "gif" | "audio" | "video" | "link" | "business_card"; url?: string; text?: string })
  | (EventBase & { kind: "follow"; source?: string })
  | (EventBase & { kind: "unfollow" })
  | (EventBase & {
      kind: "submit_info";
      name?: string;
      /** As the platform sends it ("84…"); never log it. */
      phone?: string;
      address?: string;
    })
  | (EventBase & {
      kind: "agent_echo";
      /** Set when a person typed the message in the OA console (an officer answering by hand). */
      adminId?: string;
      text?: string;
    })
  | (EventBase & {
      kind: "receipt";
      receipt: "received" | "seen" | "reacted";
      /** The hotline's messages this receipt is about. */
      messageIds: string[];
      /** For "reacted": the reaction as the platform names it. */
      reaction?: string;
    });

export type PlatformEventKind = PlatformEvent["kind"];
