import { toLocal } from "../core/local-time.js";
import { type Dossier, DOSSIER_CHANNELS, type DossierChannel, timeliness } from "../dossiers/dossier.js";
import { inPeriod, type Period } from "./period.js";
import { percent } from "./percent.js";

/**
 * The commune's dossier figures for a period, as it publishes them ("8,315 dossiers, 5,524
 * online = 66.43 %, 7,894 on time ≈ 95 %"), computed from the stored dossiers alone.
 *
 * Which dossiers: those received in the period (`received_at`, Vietnam time, both ends
 * included), whatever happened to them later; their standing is read at `now`.
 *
 * Early / on time / late follow `timeliness()` (the national service index):
 * - early (trước hạn): finished on a calendar day before the appointment day;
 * - on time (đúng hạn): finished on the appointment day, not after the appointment time, or
 *   finished with no appointment date;
 * - late (quá hạn): finished after the appointment time.
 * "Finished on time" in the published sense is early + on time (`withinDue`).
 *
 * On-time rate = withinDue ÷ (finished + open past due). Dossiers still open and already past
 * their appointment count against the commune: a rate over finished dossiers only would hide
 * them. Dossiers waiting for the citizen (supplement, fees) and those ended without a result
 * (not received, withdrawn, stopped) are in neither part of the fraction.
 */

export type DossierFacts = Pick<Dossier, "channel" | "status" | "receivedAt" | "dueAt" | "finishedAt" | "updatedAt">;

export interface ChannelShare {
  channel: DossierChannel;
  count: number;
  /** Of all dossiers received in the period, two decimals; null for an empty period. */
  percent: number | null;
}

export interface OnTimeRate {
  /** Finished early or on time. */
  onTime: number;
  /** Finished + open past due. */
  outOf: number;
  percent: number | null;
}

export interface DossierMonth {
  /** "YYYY-MM", Vietnam time, of `received_at`. */
  month: string;
  received: number;
  onTimeRate: OnTimeRate;
}

export interface DossierStats {
  total: number;
  channels: ChannelShare[];
  finished: { total: number; early: number; onTime: number; late: number; withinDue: number };
  open: { total: number; pastDue: number; waitingCitizen: number };
  /** Ended without a result: not received, withdrawn, stopped. */
  closedWithoutResult: number;
  onTimeRate: OnTimeRate;
  byMonth: DossierMonth[];
}

interface Tally {
  total: number;
  early: number;
  onTime: number;
  late: number;
  open: number;
  pastDue: number;
  waitingCitizen: number;
  closed: number;
}

const emptyTally = (): Tally => ({ total: 0, early: 0, onTime: 0, late: 0, open: 0, pastDue: 0, waitingCitizen: 0, closed: 0 });

function count(t: Tally, d: DossierFacts, now: Date): void {
  t.total++;
  switch (timeliness(d, now)) {
    case "early":
      t.early++;
      return;
    case "on_time":
      t.onTime++;
      return;
    case "late":
      t.late++;
      return;
    case "overdue":
      t.open++;
      t.pastDue++;
      return;
    case "waiting_citizen":
      t.open++;
      t.waitingCitizen++;
      return;
    case "in_progress":
      t.open++;
      return;
    case "closed":
      t.closed++;
      return;
  }
}

function rate(t: Tally): OnTimeRate {
  const onTime = t.early + t.onTime;
  const outOf = t.early + t.onTime + t.late + t.pastDue;
  return { onTime, outOf, percent: percent(onTime, outOf) };
}

/** The dossier figures of `period` at `now`. */
export function dossierStats(dossiers: Iterable<DossierFacts>, period: Period, now: Date): DossierStats {
  const all = emptyTally();
  const byChannel = new Map<DossierChannel, number>(DOSSIER_CHANNELS.map((c) => [c, 0]));
  const byMonth = new Map<string, Tally>();
  for (const d of dossiers) {
    if (!inPeriod(period, d.receivedAt)) continue;
    count(all, d, now);
    byChannel.set(d.channel, (byChannel.get(d.channel) ?? 0) + 1);
    const month = toLocal(d.receivedAt).date.slice(0, 7);
    if (!byMonth.has(month)) byMonth.set(month, emptyTally());
    count(byMonth.get(month)!, d, now);
  }
  return {
    total: all.total,
    channels: DOSSIER_CHANNELS.map((channel) => ({
      channel,
      count: byChannel.get(channel)!,
      percent: percent(byChannel.get(channel)!, all.total),
    })),
    finished: {
      total: all.early + all.onTime + all.late,
      early: all.early,
      onTime: all.onTime,
      late: all.late,
      withinDue: all.early + all.onTime,
    },
    open: { total: all.open, pastDue: all.pastDue, waitingCitizen: all.waitingCitizen },
    closedWithoutResult: all.closed,
    onTimeRate: rate(all),
    byMonth: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, t]) => ({ month, received: t.total, onTimeRate: rate(t) })),
  };
}
