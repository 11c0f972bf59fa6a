import type { Recipient } from "./platform-sender.js";
import type { Platform } from "./platform-event.js";

/**
 * What the platform tells about a user, as far as the hotline needs it: the name they show.
 * Implemented by the platform's edge (`webhooks/<platform>/`).
 */
export interface UserProfiles {
  /** The user's display name, or null when the platform does not say (never a made-up one). */
  displayName(channel: Platform, user: Recipient): Promise<string | null>;
}
