import type { Stats } from "./stats.js";

/**
 * The statistics as one long CSV table (`section,item,name,value,percent`), one figure per line,
 * so a spreadsheet can filter and pivot it. Same numbers as the JSON. Starts with a UTF-8 BOM:
 * Excel otherwise reads Vietnamese names as Windows-1252.
 */

export type Cell = string | number | null;

const HEADER: Cell[] = ["section", "item", "name", "value", "percent"];

/** One CSV field, quoted when it must be. */
export function csvField(v: Cell): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function statsCsv(s: Stats): string {
  const rows: Cell[][] = [HEADER];
  const row = (section: string, item: string, value: Cell, pct: number | null = null, name: string | null = null) =>
    rows.push([section, item, name, value, pct]);

  row("period", "from", s.period.from);
  row("period", "to", s.period.to);
  row("period", "as_of", s.asOf);

  const d = s.dossiers;
  row("dossiers", "total", d.total);
  for (const c of d.channels) row("dossiers.channel", c.channel, c.count, c.percent);
  row("dossiers.finished", "total", d.finished.total);
  row("dossiers.finished", "early", d.finished.early);
  row("dossiers.finished", "on_time", d.finished.onTime);
  row("dossiers.finished", "late", d.finished.late);
  row("dossiers.finished", "within_due", d.finished.withinDue);
  row("dossiers.open", "total", d.open.total);
  row("dossiers.open", "past_due", d.open.pastDue);
  row("dossiers.open", "waiting_citizen", d.open.waitingCitizen);
  row("dossiers", "closed_without_result", d.closedWithoutResult);
  row("dossiers.on_time_rate", "on_time", d.onTimeRate.onTime, d.onTimeRate.percent);
  row("dossiers.on_time_rate", "out_of", d.onTimeRate.outOf);
  for (const m of d.byMonth) {
    row("dossiers.month", m.month, m.received);
    row("dossiers.month.on_time_rate", m.month, m.onTimeRate.onTime, m.onTimeRate.percent);
  }

  const c = s.cases;
  row("cases", "total", c.total);
  for (const x of c.byCategory) row("cases.category", x.id ?? "", x.count, null, x.name);
  for (const x of c.byArea) row("cases.area", x.id ?? "", x.count, null, x.name);
  for (const x of c.byTeam) row("cases.team", x.id ?? "", x.count, null, x.name);
  for (const x of c.byChannel) row("cases.channel", x.channel, x.count, x.percent);
  for (const x of c.byStatus) row("cases.status", x.status, x.count);
  for (const [section, sla] of [
    ["cases.acknowledge", c.acknowledge],
    ["cases.resolve", c.resolve],
  ] as const) {
    row(section, "median_hours", sla.medianHours);
    row(section, "within_sla", sla.withinSla, sla.percent);
    row(section, "out_of", sla.outOf);
  }
  row("cases.open_past_sla", "total", c.openPastSla.total);
  row("cases.open_past_sla", "unacknowledged", c.openPastSla.unacknowledged);
  row("cases.open_past_sla", "unresolved", c.openPastSla.unresolved);
  row("cases", "reopened", c.reopened);
  const sat = c.satisfaction;
  row("cases.satisfaction", "ratings", sat.ratings.count);
  row("cases.satisfaction", "mean_rating", sat.ratings.mean);
  sat.ratings.byStars.forEach((n, i) => row("cases.satisfaction.stars", String(i + 1), n));
  row("cases.satisfaction", "answered_resolved", sat.answers.resolved);
  row("cases.satisfaction", "answered_not_resolved", sat.answers.notResolved, sat.answers.notResolvedPercent);
  row("cases.satisfaction", "answers", sat.answers.outOf);

  return "\uFEFF" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
