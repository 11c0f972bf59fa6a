import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";

/** Pieces a test may supply instead of building them from the configuration. */
export interface HotlineOverrides {
  db?: Database;
  communes?: Communes;
  clock?: () => Date;
  /** BullMQ lock duration of the workers (a killed worker's job is picked up after it). */
  workerLockMs?: number;
  /** Backoff base of job retries, ms. */
  retryDelayMs?: number;
  /** Give citizens the personal-data notice on first contact (default: PRIVACY_NOTICE). */
  privacyNotice?: boolean;
}
