import type { PlatformEvent } from "./platform-event.js";

/**
 * Where a platform's webhook hands a verified event. Implementations store it durably (queue +
 * dedupe on `eventId`) before resolving: the webhook answers 200 only for an event stored.
 */
export interface InboundSink<Extra extends string = never> {
  /**
   * "queued" for a new event, "duplicate" for an `eventId` already accepted (and whatever else a
   * sink adds, e.g. "limited": acknowledged but not handled).
   * Throws when storage is unavailable (the webhook then answers 503 so the platform retries).
   */
  accept(event: PlatformEvent): Promise<"queued" | "duplicate" | Extra>;
}
