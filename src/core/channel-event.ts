/**
 * What the hotline hears from a messaging platform, after the platform's quirks are stripped at
 * `webhooks/`. Plain JSON (no Date) because events travel through BullMQ jobs.
 */
export type Channel = "zalo";

interface EventBase {
  /** The platform's message id, or a hash of the body for events that carry none. */
  eventId: string;
  channel: Channel;
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

export type ChannelEvent =
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

export type ChannelEventKind = ChannelEvent["kind"];
