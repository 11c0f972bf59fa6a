import { z } from "zod";
import type { PlatformEvent } from "../core/platform-event.js";
import { citizenMessageSchema } from "../handoff/handoff.js";

/**
 * One user's conversation state, kept in Redis. `version` increases on every commit: a commit
 * that finds another version re-runs its step (two workers may hold events of one user).
 */
export const flowStateSchema = z.object({
  name: z.enum(["dossier-status", "violation-report", "officer-desk", "officer-message", "contact-correction", "privacy-request"]),
  step: z.string(),
  data: z.record(z.string(), z.unknown()),
  misses: z.number().int().min(0),
  /**
   * A question the engine asked on top of the step and waits an answer for: "cancel" (discard
   * the draft? asked once when it has content) or "resume" (continue the draft kept earlier?).
   */
  pending: z.enum(["cancel", "resume"]).optional(),
});

export const sessionSchema = z.object({
  version: z.number().int().min(0),
  flow: flowStateSchema.nullable(),
  /** Epoch ms of the user's last handled message. */
  lastActiveAt: z.number(),
  /** Epoch ms of recent dossier look-ups (the per-user limit). */
  lookups: z.array(z.number()),
  /** A flow with content left for the main menu: offered again when the citizen comes back to it. */
  parked: flowStateSchema.nullable().default(null),
  /** The citizen's last few messages (shown to an officer if they ask for one). */
  recent: z.array(citizenMessageSchema).default([]),
  /**
   * The hotline asked this citizen to share their phone number to link case `code` (epoch ms `at`):
   * only a share answering that request links anything.
   */
  shareAsked: z.object({ code: z.string(), at: z.number() }).nullable().default(null),
  /** Epoch ms the citizen was given the personal-data notice (null: not yet, it goes with the next answer). */
  noticedAt: z.number().nullable().default(null),
  /** Province-wide OA only (province-oa.ts): the commune this conversation is with; null until chosen. */
  commune: z.string().nullable().default(null),
  /**
   * Province-wide OA only: the communes offered when the hotline asked which one (ids), and the
   * citizen's first message, kept to be answered once the commune is chosen.
   */
  choosing: z
    .object({ offered: z.array(z.string()), held: z.custom<PlatformEvent>((v) => typeof v === "object" && v !== null).nullable() })
    .nullable()
    .default(null),
});

export type Session = z.infer<typeof sessionSchema>;

export function emptySession(): Session {
  return {
    version: 0,
    flow: null,
    lastActiveAt: 0,
    lookups: [],
    parked: null,
    recent: [],
    shareAsked: null,
    noticedAt: null,
    commune: null,
    choosing: null,
  };
}

/**
 * Most bytes one session may take in Redis (it lives 30 days per citizen). What a step needs
 * fits well inside: a report draft (a 1,000-character description, 5 photo URLs, an address), a
 * parked one as large, and the 5 recent messages of 500 characters — about 12 KB in Vietnamese at
 * its very largest. Flows keep only what their next step needs; this is the backstop when one
 * does not.
 */
export const SESSION_MAX_BYTES = 16 * 1024;

/**
 * `session` within `maxBytes`, giving up first what matters least: the recent messages kept for
 * an officer, then the parked draft, then the open flow. `dropped` names what went.
 */
export function fitSession(session: Session, maxBytes = SESSION_MAX_BYTES): { session: Session; json: string; dropped: string[] } {
  const dropped: string[] = [];
  let s = session;
  let json = JSON.stringify(s);
  const cuts: [string, (x: Session) => Session][] = [
    ["recent", (x) => ({ ...x, recent: [] })],
    ["held", (x) => ({ ...x, choosing: x.choosing && { ...x.choosing, held: null } })],
    ["parked", (x) => ({ ...x, parked: null })],
    ["flow", (x) => ({ ...x, flow: null })],
  ];
  for (const [name, cut] of cuts) {
    if (Buffer.byteLength(json) <= maxBytes) break;
    s = cut(s);
    json = JSON.stringify(s);
    dropped.push(name);
  }
  return { session: s, json, dropped };
}
