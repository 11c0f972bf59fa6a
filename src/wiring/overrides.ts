import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";

/** Pieces a test may supply instead of building them from the configuration. */
export interface HotlineOverrides {
  db?: Database;
  commune?: CommuneConfig;
  clock?: () => Date;
  /** BullMQ lock duration of the workers (a killed worker's job is picked up after it). */
  workerLockMs?: number;
  /** Backoff base of job retries, ms. */
  retryDelayMs?: number;
  /** Give citizens the personal-data notice on first contact (default: PRIVACY_NOTICE). */
  privacyNotice?: boolean;
  /** The commune personal-data rows are filed under when the commune config has no `id`. */
  communeId?: string;
}
