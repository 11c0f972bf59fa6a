import type { CommuneConfig } from "../commune/config.js";
import { endOfWorkingDays } from "../commune/working-time.js";

/** Working days the law gives to acknowledge a data subject's request, and to settle it (Decree 356/2025/NĐ-CP). */
export const ACK_WORKING_DAYS = 2;
export const SETTLE_WORKING_DAYS = 15;

/** When a request received at `at` must be acknowledged and settled, on the commune's calendar. */
export function dpoDeadlines(commune: CommuneConfig, at: Date): { ackBy: Date; settleBy: Date } {
  return { ackBy: endOfWorkingDays(commune, at, ACK_WORKING_DAYS), settleBy: endOfWorkingDays(commune, at, SETTLE_WORKING_DAYS) };
}
