/**
 * A sample file brought to the present for a demo (`npm run import:dossiers -- --demo FILE`):
 * every date of every row moves by the same whole number of weeks, so that the file's newest
 * event (a dossier received or finished) falls within the last seven days. Whole weeks because
 * they keep each date's weekday and clock time (Asia/Ho_Chi_Minh has no daylight saving): a
 * dossier received on a Tuesday at 10:25 and due on a Friday at 17:00 still is, so no date lands
 * on a weekend and no appointment moves off office hours. Intervals are kept, so a dossier that
 * was on time, late or open past its appointment date in the file still is, as of today; without
 * the move a sample from last year shows every open dossier late.
 *
 * The newest event is the anchor, not just the newest date received: a result finished after
 * the last receipt must not land in the future.
 */
import { readDossierRows } from "./import.js";

const WEEK_MS = 7 * 24 * 3600_000;

/** The move, in milliseconds, that brings `newest` into the seven days up to `now` (negative for a file dated ahead). */
export function demoShiftMs(newest: Date, now: Date): number {
  return Math.floor((now.getTime() - newest.getTime()) / WEEK_MS) * WEEK_MS;
}

/** The latest date received or finished among the valid rows of a dossier CSV; null when it has none. */
export async function newestEventIn(source: AsyncIterable<Buffer | Uint8Array | string>): Promise<Date | null> {
  let newest: number | null = null;
  for await (const row of readDossierRows(source)) {
    if ("reason" in row) continue;
    for (const at of [row.dossier.receivedAt, row.dossier.finishedAt]) {
      if (at && (newest === null || at.getTime() > newest)) newest = at.getTime();
    }
  }
  return newest === null ? null : new Date(newest);
}
