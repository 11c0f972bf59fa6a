/**
 * When an OA's silence is news. Citizens write in bursts, in office hours, less at night and at
 * weekends, and each commune at its own pace: one threshold for all would either miss a quiet
 * commune's dead webhook or ring every night for a busy one. So each OA is measured against
 * itself: its "usual gap" is the longest of its recent quiet spells (pauses of 5 minutes or more
 * between two events, the last 50 kept: a few days of a busy OA, weeks of a quiet one; nights and
 * weekends among them), and its silence is news once it lasts longer than that.
 *
 * The longest rather than a median or a percentile: a median would ring every night (most spells
 * are short daytime pauses). The price: an outage among the kept spells raises the bar until 50
 * newer spells push it out, and a weekend not seen yet among them is news the first time.
 */

/** Fewer kept spells than this: too little known of the OA to judge its silence. */
export const SPELLS_TO_JUDGE = 10;

export interface Silence {
  /** Since the last event, ms (null: no event recorded yet). */
  silentForMs: number | null;
  /** The longest kept quiet spell, ms (null: fewer than SPELLS_TO_JUDGE kept). */
  usualGapMs: number | null;
  /** How many spells the usual gap is taken from. */
  spells: number;
  /** Silent longer than its usual gap. */
  unusual: boolean;
}

export function silenceOf(lastEventAt: number | null, quietSpells: readonly number[], now: number): Silence {
  const silentForMs = lastEventAt === null ? null : Math.max(0, now - lastEventAt);
  const usualGapMs = quietSpells.length >= SPELLS_TO_JUDGE ? Math.max(...quietSpells) : null;
  return {
    silentForMs,
    usualGapMs,
    spells: quietSpells.length,
    unusual: silentForMs !== null && usualGapMs !== null && silentForMs > usualGapMs,
  };
}
