import { z } from "zod";

/**
 * One user's conversation state, kept in Redis. `version` increases on every commit: a commit
 * that finds another version re-runs its step (two workers may hold events of one user).
 */
export const flowStateSchema = z.object({
  name: z.enum(["dossier-status", "violation-report"]),
  step: z.string(),
  data: z.record(z.string(), z.unknown()),
  misses: z.number().int().min(0),
});

export const sessionSchema = z.object({
  version: z.number().int().min(0),
  flow: flowStateSchema.nullable(),
  /** Epoch ms of the user's last handled message. */
  lastActiveAt: z.number(),
  /** Epoch ms of recent dossier look-ups (the per-user limit). */
  lookups: z.array(z.number()),
});

export type Session = z.infer<typeof sessionSchema>;

export function emptySession(): Session {
  return { version: 0, flow: null, lastActiveAt: 0, lookups: [] };
}
