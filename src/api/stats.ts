import { type Request, Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Queryable } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { statsCsv } from "../stats/csv.js";
import { isCalendarDate, yearToDate } from "../stats/period.js";
import { provinceStatsFor, statsFor } from "../stats/stats.js";
import { requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * `GET /stats?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv][&communeId=]` (leaders and admins): the
 * dossier and case figures of the commune in the period, both ends included, Vietnam time (see `src/stats/`). Without
 * dates: 1 January to today. 400 `invalid_query` for a bad date or `from` after `to`.
 *
 * `GET /stats/province?from=&to=` (province users and the admin token): every commune's figures and the province's,
 * computed from the pooled dossiers and cases (sums, never an average of the communes' shares).
 */

const day = z.string().refine(isCalendarDate, "must be a date YYYY-MM-DD");
const statsQuery = z
  .strictObject({
    communeId: z.string().optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export interface StatsRoutesDeps {
  db: Queryable;
  communes: Communes;
  clock?: () => Date;
}

export function statsRoutes(deps: StatsRoutesDeps): Router {
  const router = Router();
  const periodOf = (req: Request) => {
    const q = statsQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    const now = deps.clock?.() ?? new Date();
    const ytd = yearToDate(now);
    const period = { from: q.data.from ?? (q.data.to ? `${q.data.to.slice(0, 4)}-01-01` : ytd.from), to: q.data.to ?? ytd.to };
    if (period.from > period.to) throw new HttpError(400, "invalid_query", "from: must not be after to");
    return { q: q.data, period, now };
  };

  // The province's view: province users and the admin token (a commune's officers see their own commune).
  router.get("/stats/province", requireRight("stats:province"), async (req, res) => {
    const { period, now } = periodOf(req);
    res.json(await provinceStatsFor(deps.db, deps.communes.list, period, now));
  });

  router.get("/stats", requireRight("stats:read"), async (req, res) => {
    const { q, period, now } = periodOf(req);
    const stats = await statsFor(deps.db, communeOfRequest(req, deps.communes), period, now);
    if (q.format === "csv") {
      res.type("text/csv; charset=utf-8").attachment(`thong-ke-${period.from}-${period.to}.csv`).send(statsCsv(stats));
      return;
    }
    res.json(stats);
  });
  return router;
}
