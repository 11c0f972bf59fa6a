import { Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Queryable } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { latestPurges } from "../privacy/purge-reports.js";
import { requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * `GET /privacy/purge?communeId=&limit=1` (`audit:read`: the admin token, a province admin, a
 * commune's data-protection officer for their commune): what the nightly retention purge did — the
 * latest runs, newest first, each with its time and the rows removed or de-identified per kind of
 * data — and the retention periods in force (days). Counts only, never the data.
 */
const purgeQuery = z.strictObject({
  communeId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(1),
});

export function privacyPurgeRoutes(deps: { db: Queryable; communes: Communes }): Router {
  const router = Router();
  router.get("/privacy/purge", requireRight("audit:read"), async (req, res) => {
    const q = purgeQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    const commune = communeOfRequest(req, deps.communes);
    const runs = await latestPurges(deps.db, commune.id, q.data.limit);
    res.json({
      communeId: commune.id,
      retentionDays: commune.privacy.retentionDays,
      runs: runs.map((r) => ({ ranAt: r.ranAt.toISOString(), counts: r.counts })),
    });
  });
  return router;
}
