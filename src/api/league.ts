import { Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Queryable } from "../db/database.js";
import { toLocal } from "../core/local-time.js";
import { HttpError } from "../http/errors.js";
import { LEAGUE_COLUMNS, leagueCsv, leagueRow, leagueTable, monthPeriod } from "../stats/league-table.js";
import { casesFiledIn, dossiersReceivedIn } from "../stats/repository.js";
import { principalOf, requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * `GET /stats/league?month=YYYY-MM[&sort=onTime][&format=csv]`: the communes' league table of a
 * month (src/stats/league-table.ts). The province (the admin token) sees every commune; a
 * commune's leaders see their own row against the province's median and total, not the other
 * communes' rows (naming another commune is 403). Without `month`: the current month, Vietnam time.
 */

const leagueQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM")
    .optional(),
  sort: z.enum(LEAGUE_COLUMNS).default("onTime"),
  format: z.enum(["json", "csv"]).default("json"),
  communeId: z.string().optional(),
});

export interface LeagueRoutesDeps {
  db: Queryable;
  communes: Communes;
  clock?: () => Date;
}

export function leagueRoutes(deps: LeagueRoutesDeps): Router {
  const router = Router();
  router.get("/stats/league", requireRight("stats:read"), async (req, res) => {
    const q = leagueQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    const now = deps.clock?.() ?? new Date();
    const month = q.data.month ?? toLocal(now).date.slice(0, 7);
    const period = monthPeriod(month);
    const rows = await Promise.all(
      deps.communes.list.map(async (c) => {
        const [dossiers, cases] = await Promise.all([dossiersReceivedIn(deps.db, c.id, period), casesFiledIn(deps.db, c.id, period)]);
        const paknCategories = new Set(c.categories.filter((k) => k.pakn).map((k) => k.id));
        return leagueRow({ communeId: c.id, name: c.name, dossiers, cases, paknCategories }, period, now);
      }),
    );
    const table = leagueTable(rows, { month, period, now, provinceName: "Toàn tỉnh" }, q.data.sort);
    // A commune's own row against the province: the other communes' rows are the province's to see.
    const own = q.data.communeId !== undefined ? communeOfRequest(req, deps.communes, q.data.communeId).id : principalOf(req).communeId;
    const visible = own === null ? table : { ...table, rows: table.rows.filter((r) => r.communeId === own) };
    if (q.data.format === "csv") {
      res.type("text/csv; charset=utf-8").attachment(`xep-hang-${month}.csv`).send(leagueCsv(visible));
      return;
    }
    res.json(visible);
  });
  return router;
}
