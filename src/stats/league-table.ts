import { type CaseFacts, caseStats } from "./case-stats.js";
import { type Cell, csvField } from "./csv.js";
import { type DossierFacts, dossierStats } from "./dossier-stats.js";
import { median, percent } from "./percent.js";
import type { Period } from "./period.js";

/**
 * The province's league table of its communes for one month, in the spirit of Decision
 * 766/QĐ-TTg's monthly scoring (../shared/data/public-duties.md) but as shares, not the
 * Decision's points, so that an inspector can recompute every cell from the counts beside it.
 *
 * Every share is `part ÷ outOf` of that commune's own dossiers and cases; the province's row
 * adds the parts and the wholes of all communes (never an average of percentages), and the
 * median is over the communes that have the share at all. The formulas are in `FORMULAS`, shown
 * with the table and written in the CSV.
 */

export const LEAGUE_COLUMNS = ["received", "online", "onTime", "paknOnTime", "paknSatisfied", "dossierSatisfied"] as const;
export type LeagueColumn = (typeof LEAGUE_COLUMNS)[number];

export const FORMULAS: Record<LeagueColumn, string> = {
  received: "Hồ sơ tiếp nhận: số hồ sơ có ngày tiếp nhận trong tháng.",
  online: "Tỷ lệ trực tuyến = hồ sơ tiếp nhận trực tuyến ÷ hồ sơ tiếp nhận trong tháng.",
  onTime:
    "Tỷ lệ đúng hạn = hồ sơ giải quyết trước hạn và đúng hạn ÷ (hồ sơ đã giải quyết + hồ sơ chưa giải quyết đã quá hạn); hồ sơ chờ công dân bổ sung và hồ sơ dừng không tính.",
  paknOnTime:
    "PAKN xử lý đúng hạn = phản ánh (thuộc loại tính là PAKN) xử lý xong trong hạn ÷ (phản ánh đã xử lý xong + phản ánh chưa xong đã quá hạn); phản ánh bị từ chối không tính.",
  paknSatisfied:
    "Hài lòng với xử lý PAKN = đánh giá 4–5 sao ÷ (số đánh giá + số lần người phản ánh trả lời “Chưa” khi được hỏi đã xử lý chưa).",
  dossierSatisfied: "Hài lòng với giải quyết hồ sơ: chưa có dữ liệu (chỉ có khi nhập kết quả khảo sát).",
};

export interface LeagueShare {
  part: number;
  outOf: number;
  /** Two decimals; null when `outOf` is 0. */
  percent: number | null;
}

export interface LeagueRow {
  communeId: string;
  name: string;
  received: number;
  online: LeagueShare;
  onTime: LeagueShare;
  paknOnTime: LeagueShare;
  paknSatisfied: LeagueShare;
  /** No source yet: the hotline holds no survey of dossier handling. */
  dossierSatisfied: null;
}

export interface LeagueTable {
  month: string;
  period: Period;
  asOf: string;
  sortedBy: LeagueColumn;
  /** Best first; a commune without the share sorts last. */
  rows: LeagueRow[];
  province: LeagueRow;
  /** Each column's median over the communes that have it. */
  median: Record<Exclude<LeagueColumn, "dossierSatisfied">, number | null> & { dossierSatisfied: null };
  formulas: Record<LeagueColumn, string>;
}

const share = (part: number, outOf: number): LeagueShare => ({ part, outOf, percent: percent(part, outOf) });

export interface CommuneMonth {
  communeId: string;
  name: string;
  dossiers: readonly DossierFacts[];
  cases: readonly CaseFacts[];
  /** Categories whose reports count as PAKN (phản ánh, kiến nghị). */
  paknCategories: ReadonlySet<string>;
}

/** One commune's row for `period` at `now`. */
export function leagueRow(c: CommuneMonth, period: Period, now: Date): LeagueRow {
  const d = dossierStats(c.dossiers, period, now);
  const pakn = caseStats(
    c.cases.filter((x) => c.paknCategories.has(x.category)),
    { categories: [], areas: [], teams: [] },
    period,
    now,
  );
  const stars = pakn.satisfaction.ratings.byStars;
  return {
    communeId: c.communeId,
    name: c.name,
    received: d.total,
    online: share(d.channels.find((x) => x.channel === "online")?.count ?? 0, d.total),
    onTime: share(d.onTimeRate.onTime, d.onTimeRate.outOf),
    paknOnTime: share(pakn.resolve.withinSla, pakn.resolve.outOf),
    paknSatisfied: share(stars[3] + stars[4], pakn.satisfaction.ratings.count + pakn.satisfaction.answers.notResolved),
    dossierSatisfied: null,
  };
}

const SHARES = ["online", "onTime", "paknOnTime", "paknSatisfied"] as const;

function sumRow(rows: readonly LeagueRow[], name: string): LeagueRow {
  const sum = (col: (typeof SHARES)[number]) =>
    share(
      rows.reduce((n, r) => n + r[col].part, 0),
      rows.reduce((n, r) => n + r[col].outOf, 0),
    );
  return {
    communeId: "province",
    name,
    received: rows.reduce((n, r) => n + r.received, 0),
    online: sum("online"),
    onTime: sum("onTime"),
    paknOnTime: sum("paknOnTime"),
    paknSatisfied: sum("paknSatisfied"),
    dossierSatisfied: null,
  };
}

const valueOf = (r: LeagueRow, col: LeagueColumn): number | null =>
  col === "received" ? r.received : col === "dossierSatisfied" ? null : r[col].percent;

/** The table of the communes' rows: sorted, with the province's sums and the medians. */
export function leagueTable(
  rows: readonly LeagueRow[],
  at: { month: string; period: Period; now: Date; provinceName: string },
  sortedBy: LeagueColumn = "onTime",
): LeagueTable {
  const sorted = [...rows].sort((a, b) => {
    const x = valueOf(a, sortedBy);
    const y = valueOf(b, sortedBy);
    if (x !== y) return x === null ? 1 : y === null ? -1 : y - x;
    return a.name.localeCompare(b.name, "vi");
  });
  const med = (col: LeagueColumn) => median(rows.map((r) => valueOf(r, col)).filter((v): v is number => v !== null));
  return {
    month: at.month,
    period: at.period,
    asOf: at.now.toISOString(),
    sortedBy,
    rows: sorted,
    province: sumRow(rows, at.provinceName),
    median: {
      received: med("received"),
      online: med("online"),
      onTime: med("onTime"),
      paknOnTime: med("paknOnTime"),
      paknSatisfied: med("paknSatisfied"),
      dossierSatisfied: null,
    },
    formulas: FORMULAS,
  };
}

/** The first and last day of a month "YYYY-MM". */
export function monthPeriod(month: string): Period {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The table as CSV (UTF-8 BOM for Excel): counts beside each share, then the formulas. */
export function leagueCsv(t: LeagueTable): string {
  const header: Cell[] = ["rank", "commune_id", "commune", "received"];
  for (const col of SHARES) header.push(`${col}_part`, `${col}_out_of`, `${col}_percent`);
  header.push("dossier_satisfied_percent");
  const line = (rank: Cell, r: LeagueRow): Cell[] => {
    const cells: Cell[] = [rank, r.communeId, r.name, r.received];
    for (const col of SHARES) cells.push(r[col].part, r[col].outOf, r[col].percent);
    cells.push(null);
    return cells;
  };
  const lines: Cell[][] = [header, ...t.rows.map((r, i) => line(i + 1, r)), line(null, t.province)];
  const medianLine: Cell[] = [null, "median", "Trung vị", t.median.received];
  for (const col of SHARES) medianLine.push(null, null, t.median[col]);
  medianLine.push(null);
  lines.push(medianLine, []);
  for (const col of LEAGUE_COLUMNS) lines.push(["formula", col, FORMULAS[col]]);
  return "\uFEFF" + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}
