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
