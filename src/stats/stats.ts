import type { CommuneConfig } from "../commune/config.js";
import type { Queryable } from "../db/database.js";
import { type CaseStats, caseStats, type StatsNames } from "./case-stats.js";
import { type DossierStats, dossierStats } from "./dossier-stats.js";
import type { Period } from "./period.js";
import { casesFiledIn, dossiersReceivedIn } from "./repository.js";

/** Everything `GET /api/v1/stats` answers for a period. */
export interface Stats {
  period: Period;
  /** When the standing (open, past due) was read. */
  asOf: string;
  dossiers: DossierStats;
  cases: CaseStats;
}

/** The commune's names for the counts. */
export function statsNames(commune: CommuneConfig): StatsNames {
  return { categories: commune.categories, areas: commune.areas.features.map((f) => f.properties), teams: commune.teams };
}

/** The statistics of a period, read from the database at `now`. */
export async function statsFor(db: Queryable, commune: CommuneConfig, period: Period, now: Date): Promise<Stats> {
  const [dossiers, cases] = await Promise.all([dossiersReceivedIn(db, commune.id, period), casesFiledIn(db, commune.id, period)]);
  return {
    period,
    asOf: now.toISOString(),
    dossiers: dossierStats(dossiers, period, now),
    cases: caseStats(cases, statsNames(commune), period, now),
  };
}

/** The province's figures: each commune's, and the province's own. */
export interface ProvinceStats {
  period: Period;
  asOf: string;
  communes: { id: string; name: string; stats: Stats }[];
  /**
   * Computed from every commune's dossiers and cases pooled, so each share is the province's sum
   * over its sum (a small commune weighs what its cases weigh), never an average of percentages.
   */
  province: Stats;
}

/** The statistics of every commune in the period, and of the province from their sums. */
export async function provinceStatsFor(
  db: Queryable,
  communes: readonly CommuneConfig[],
  period: Period,
  now: Date,
): Promise<ProvinceStats> {
  const each = await Promise.all(
    communes.map(async (c) => {
      const [dossiers, cases] = await Promise.all([dossiersReceivedIn(db, c.id, period), casesFiledIn(db, c.id, period)]);
      return { commune: c, dossiers, cases };
    }),
  );
  const names: StatsNames = {
    categories: uniqueById(communes.flatMap((c) => c.categories)),
    // Per village the figures are each commune's own; the province's list names each village id once.
    areas: uniqueById(communes.flatMap((c) => c.areas.features.map((f) => f.properties))),
    teams: communes.flatMap((c) => c.teams),
  };
  return {
    period,
    asOf: now.toISOString(),
    communes: each.map(({ commune, dossiers, cases }) => ({
      id: commune.id,
      name: commune.name,
      stats: {
        period,
        asOf: now.toISOString(),
        dossiers: dossierStats(dossiers, period, now),
        cases: caseStats(cases, statsNames(commune), period, now),
      },
    })),
    province: {
      period,
      asOf: now.toISOString(),
      dossiers: dossierStats(
        each.flatMap((e) => e.dossiers),
        period,
        now,
      ),
      cases: caseStats(
        each.flatMap((e) => e.cases),
        names,
        period,
        now,
      ),
    },
  };
}

/** The first of each id (communes of a province usually share their categories). */
function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(i.id)) seen.set(i.id, i);
  return [...seen.values()];
}
