import type { ChannelEvent } from "./channel-event.js";

/**
 * Where a platform's webhook hands a verified event. Implementations store it durably (queue +
 * dedupe on `eventId`) before resolving: the webhook answers 200 only for an event stored.
 */
export interface InboundSink {
  /**
   * "queued" for a new event, "duplicate" for an `eventId` already accepted.
   * Throws when storage is unavailable (the webhook then answers 503 so the platform retries).
   */
  accept(event: ChannelEvent): Promise<"queued" | "duplicate">;
}
