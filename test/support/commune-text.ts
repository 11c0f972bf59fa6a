import type { PlatformEvent } from "../../src/core/platform-event.js";

/** A citizen's `n`-th text to a commune, as the webhook stores it (ids name all three: no repeats). */
export function communeText(communeId: string, userId: string, n: number): PlatformEvent {
  return { kind: "text", text: `tin ${n}`, eventId: `${communeId}-${userId}-${n}`, channel: "zalo", communeId, userId, at: Date.now() };
}
