import type { Category, CommuneConfig } from "./config.js";
import { addWorkingHours, endOfWorkingDays } from "./working-time.js";

/** A category id that the commune config does not list. */
export class UnknownCategoryError extends Error {
  override name = "UnknownCategoryError";
  constructor(readonly category: string) {
    super(`unknown case category "${category}"`);
  }
}

/** The category with this id, or throws `UnknownCategoryError`. */
export function categoryById(config: CommuneConfig, id: string): Category {
  const c = config.categories.find((k) => k.id === id);
  if (!c) throw new UnknownCategoryError(id);
  return c;
}

/**
 * The team responsible for a case in `areaId` (null: location unknown or outside every area) of
 * `categoryId`. The most specific matching rule wins: area and category both named, then the
 * category alone (the kind of violation decides which unit is competent), then the area alone,
 * then a `*`/`*` rule; rules equally specific go by config order. No rule → `fallbackTeam`.
 * The catch-all `otherCategory` ("Khác") is no area team's specialty: only a rule that names it
 * routes it, else it goes to `fallbackTeam`.
 *
 * A rule naming a team of `inactive` (deactivated on the admin page) is as if it were not
 * written: the next rule that matches wins, else `fallbackTeam` — what a missing rule does. The
 * fallback team itself cannot be deactivated (see `teams.ts`).
 */
export function routeCase(config: CommuneConfig, areaId: string | null, categoryId: string, inactive: ReadonlySet<string> = NONE): string {
  const rules = config.routing.filter((r) => !inactive.has(r.team));
  if (categoryId === config.otherCategory && !rules.some((r) => r.category === categoryId)) return config.fallbackTeam;
  let best: { team: string; score: number } | null = null;
  for (const rule of rules) {
    const areaOk = rule.area === "*" || rule.area === areaId;
    const categoryOk = rule.category === "*" || rule.category === categoryId;
    if (!areaOk || !categoryOk) continue;
    const score = (rule.category !== "*" ? 2 : 0) + (rule.area !== "*" ? 1 : 0);
    if (!best || score > best.score) best = { team: rule.team, score };
  }
  return best?.team ?? config.fallbackTeam;
}

const NONE: ReadonlySet<string> = new Set();

/** Where a team's new cases go while it is deactivated: a team, and the area × category pairs it takes over. */
export interface CasesGoTo {
  teamId: string;
  /** `areaId` null: a case whose place is unknown or outside every area. */
  pairs: { areaId: string | null; categoryId: string }[];
}

/**
 * Where the cases `teamId` receives (with `inactive` deactivated, it excluded) go once it is
 * deactivated too: every area (and "no area") × category routed to it, grouped by the team that
 * takes it instead. Empty when no rule routes anything to the team (a team made on the page gets
 * cases only by hand-over).
 */
export function whereCasesGo(config: CommuneConfig, teamId: string, inactive: ReadonlySet<string> = NONE): CasesGoTo[] {
  const before = new Set([...inactive].filter((t) => t !== teamId));
  const after = new Set([...before, teamId]);
  const byTeam = new Map<string, CasesGoTo>();
  for (const areaId of [...config.areas.features.map((a) => a.properties.id), null])
    for (const { id: categoryId } of config.categories) {
      if (routeCase(config, areaId, categoryId, before) !== teamId) continue;
      const to = routeCase(config, areaId, categoryId, after);
      const entry = byTeam.get(to) ?? { teamId: to, pairs: [] };
      entry.pairs.push({ areaId, categoryId });
      byTeam.set(to, entry);
    }
  return [...byTeam.values()];
}

/** Deadlines of a case. */
export interface Sla {
  ackDueAt: Date;
  resolveDueAt: Date;
}

/**
 * Deadlines in the office's working time (see working-time.ts): `ackHours` working hours to
 * acknowledge, and the close of the `resolveDays`-th working day to resolve. What is told to a
 * resident must be a promise the office can keep: nobody acknowledges a report at 19:47.
 */
export function slaFor(config: CommuneConfig, categoryId: string, createdAt: Date): Sla {
  const c = categoryById(config, categoryId);
  return {
    ackDueAt: addWorkingHours(config, createdAt, c.ackHours),
    resolveDueAt: endOfWorkingDays(config, createdAt, c.resolveDays),
  };
}
