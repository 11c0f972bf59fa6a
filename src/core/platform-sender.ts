import type { Platform } from "./platform-event.js";
import type { Reply } from "./reply.js";

/**
 * How the outbound worker talks to one messaging platform without knowing it: the platform's edge
 * (`webhooks/<platform>/`) implements this port.
 */
export interface PlatformSender {
  readonly channel: Platform;
  /**
   * Cut a reply into pieces that each go out as exactly one platform message, so progress can be
   * recorded per message and what is left can be held as replies.
   */
  pieces(reply: Reply): Reply[];
  /**
   * Send one piece to a user; throws the platform's typed errors. Resolves with the platform's ids
   * of the messages sent (how the hotline later knows the echoes of its own messages).
   */
  sendPiece(to: Recipient, piece: Reply): Promise<string[]>;
  /** What a failure of `sendPiece` means for the job. */
  classify(err: unknown): DeliveryFailure;
}

/** Who a message goes to: a user of the commune's own account (for Zalo: its OA; user ids are per OA). */
export interface Recipient {
  communeId: string;
  userId: string;
}

/** A failed send, classified by the platform's edge. */
export interface DeliveryFailure {
  /**
   * `retry`: try the job again later (network, 5xx, rate limit); `unreachable`: the user cannot
   * receive messages now, keep them for their next interaction; `fatal`: retrying cannot help.
   */
  outcome: "retry" | "unreachable" | "fatal";
  /** The platform's error code, for logs. */
  code?: number | string;
  reason: string;
}
