import { z } from "zod";
import { citizenMessageSchema } from "../handoff/handoff.js";

/**
 * One user's conversation state, kept in Redis. `version` increases on every commit: a commit
 * that finds another version re-runs its step (two workers may hold events of one user).
 */
export const flowStateSchema = z.object({
  name: z.enum(["dossier-status", "violation-report", "officer-desk", "officer-message"]),
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
});

export type Session = z.infer<typeof sessionSchema>;

export function emptySession(): Session {
  return { version: 0, flow: null, lastActiveAt: 0, lookups: [], parked: null, recent: [] };
}
