import { randomInt } from "node:crypto";
import { z } from "zod";
import type { PlatformEvent } from "../core/platform-event.js";

/**
 * A conversation handed to a person ("Gặp cán bộ"). A citizen's hand-off is one record with a
 * status:
 *
 *   off      the bot answers (the default)
 *   waiting  the citizen asked for an officer during office hours; the front desk was told
 *   taken    an officer (`#nhanchat`, `#tl`) or someone in the OA console is answering
 *   left     the citizen left a message outside office hours; the front desk gets it at opening
 *
 * While `waiting` or `taken` the bot stays quiet for that citizen. The record is named to
 * officers by a short opaque reference (`USER_REF`), never by the citizen's Zalo id.
 */
export type HandoffStatus = "off" | "waiting" | "taken" | "left";

/**
 * Whose hand-off: a user id is the OA's (so the commune's), and two communes' citizens never
 * share a record.
 */
export interface HandoffCitizen {
  communeId: string;
  channel: PlatformEvent["channel"];
  userId: string;
}

export interface Handoff extends HandoffCitizen {
  ref: string;
  status: HandoffStatus;
  /** The officer answering (taken through `#nhanchat` / `#tl`); null when off or in the console. */
  officerId: string | null;
  /** Set when the OA console is answering (its admin id, or "console" when the echo named none). */
  console: string | null;
  /** Epoch ms of the last message of either side while waiting or taken. */
  lastAt: number;
  /** The citizen's display name on the platform, when it could be read (never guessed). */
  name: string | null;
  /** The citizen's last messages, oldest first (shown to the officer who takes the conversation). */
  recent: CitizenMessage[];
  /** Officers told of the request (told again when one of them takes it). */
  notified: string[];
  /** Messages left outside office hours waiting for the next digest (at most `LEFT_MESSAGES_CAP`). */
  left: number;
}

/** The bot is quiet for this citizen. */
export function isLive(h: Pick<Handoff, "status"> | null): boolean {
  return h?.status === "waiting" || h?.status === "taken";
}

/**
 * One message of a citizen as an officer is shown it: what it held, not the platform's shape.
 * Kept short (a few of them travel in the session and in the hand-off record).
 */
export const citizenMessageSchema = z.object({
  /** The platform's message id (a retried job adds a message once). */
  id: z.string(),
  at: z.number(),
  text: z.string().optional(),
  images: z.array(z.string()).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  file: z.object({ name: z.string(), url: z.string() }).optional(),
  /** Anything else (a sticker, a voice message…): its kind. */
  other: z.string().optional(),
});
export type CitizenMessage = z.infer<typeof citizenMessageSchema>;

/** Messages kept for the officer: enough to see what the citizen wants, not a transcript. */
export const RECENT_MESSAGES = 5;
/**
 * Messages one citizen may leave for the front desk between two digests (each at most 500
 * characters, as every kept message): they fold into that citizen's one waiting conversation,
 * which the morning digest lists once, however much was written.
 */
export const LEFT_MESSAGES_CAP = 3;
/** Older messages than this are not shown to the officer (another day, another matter). */
export const RECENT_WINDOW_MS = 24 * 3600_000;
/** What is kept of one message's text. */
export const MAX_TEXT = 500;

/**
 * What a citizen's event holds, for the officer; null for events that hold nothing to show.
 * `at` is when the hotline handled it (the platform's stamp is not trusted).
 */
export function citizenMessageOf(event: PlatformEvent, at: number): CitizenMessage | null {
  const base = { id: event.eventId, at };
  switch (event.kind) {
    case "text":
      return { ...base, text: event.text.slice(0, MAX_TEXT) };
    case "image":
      return { ...base, images: event.images.map((i) => i.url), ...(event.text ? { text: event.text.slice(0, MAX_TEXT) } : {}) };
    case "location":
      return {
        ...base,
        location: { latitude: event.latitude, longitude: event.longitude },
        ...(event.text ? { text: event.text.slice(0, MAX_TEXT) } : {}),
      };
    case "file":
      return { ...base, file: { name: event.name, url: event.url } };
    case "sticker":
      return { ...base, other: "sticker" };
    case "media":
      return { ...base, other: event.media, ...(event.text ? { text: event.text.slice(0, MAX_TEXT) } : {}) };
    // Shared contact details stay with the report flow that asked for them.
    case "submit_info":
      return { ...base, other: "contact" };
    default:
      return null;
  }
}

/** `list` with `m` added, the last `RECENT_MESSAGES` of the window. */
export function withRecent(list: readonly CitizenMessage[], m: CitizenMessage | null, now: number): CitizenMessage[] {
  const all = m && !list.some((x) => x.id === m.id) ? [...list, m] : [...list];
  return all.filter((x) => now - x.at < RECENT_WINDOW_MS).slice(-RECENT_MESSAGES);
}

/**
 * No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B), as officers' link codes: read off a phone and typed
 * back. (Not imported from link-codes.ts: flows use this file, and that one holds SQL.)
 */
export const USER_REF_ALPHABET = "ACDEFGHJKMNPRTUVWXY34679";
export const USER_REF_LENGTH = 5;

export function newUserRef(): string {
  let ref = "";
  for (let i = 0; i < USER_REF_LENGTH; i++) ref += USER_REF_ALPHABET[randomInt(USER_REF_ALPHABET.length)];
  return ref;
}

/** A reference as typed ("k7m px", "K7M-PX") in its stored form, or null when it cannot be one. */
export function normalizeUserRef(typed: string): string | null {
  const ref = typed.toUpperCase().replace(/[\s._-]/g, "");
  if (ref.length !== USER_REF_LENGTH) return null;
  return [...ref].every((ch) => USER_REF_ALPHABET.includes(ch)) ? ref : null;
}
