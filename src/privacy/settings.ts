import { z } from "zod";

/**
 * The commune's personal-data settings (`privacy` in the commune config). The retention periods
 * are defaults for the commune's legal office to confirm (README, "Personal data"); the purge
 * (purge.ts) applies them every day.
 */
export const RETENTION_KINDS = [
  "chatSessions",
  "closedCaseContacts",
  "closedCasePhotos",
  "heldNotices",
  "handoffMessages",
  "sharedPhones",
  "accessAudit",
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind of personal data is kept past its last use (see the README for what each covers). */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<RetentionKind, number>> = {
  chatSessions: 30,
  closedCaseContacts: 365,
  closedCasePhotos: 365,
  heldNotices: 30,
  handoffMessages: 90,
  sharedPhones: 365,
  // Issue 25: "kept five years" (5 × 365 + 1 leap day).
  accessAudit: 1826,
};

const days = z.number().int().min(1).max(36_500);

export const privacySettingsSchema = z
  .object({
    /** Who answers personal-data questions for the commune (the data-protection officer or office). */
    contact: z.string().min(1).optional(),
    retentionDays: z
      .object({
        chatSessions: days.default(DEFAULT_RETENTION_DAYS.chatSessions),
        closedCaseContacts: days.default(DEFAULT_RETENTION_DAYS.closedCaseContacts),
        closedCasePhotos: days.default(DEFAULT_RETENTION_DAYS.closedCasePhotos),
        heldNotices: days.default(DEFAULT_RETENTION_DAYS.heldNotices),
        handoffMessages: days.default(DEFAULT_RETENTION_DAYS.handoffMessages),
        sharedPhones: days.default(DEFAULT_RETENTION_DAYS.sharedPhones),
        accessAudit: days.default(DEFAULT_RETENTION_DAYS.accessAudit),
      })
      .strict()
      .default({ ...DEFAULT_RETENTION_DAYS }),
  })
  .strict()
  .default({ retentionDays: { ...DEFAULT_RETENTION_DAYS } });

export type PrivacySettings = z.infer<typeof privacySettingsSchema>;
