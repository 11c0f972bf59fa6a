import { type Request, Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Queryable } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { listAccess } from "../privacy/access-audit.js";
import { isCalendarDate, periodBounds } from "../stats/period.js";
import { requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * `GET /access-audit?communeId=&case=&reader=&from=YYYY-MM-DD&to=YYYY-MM-DD&limit=500` (`audit:read`:
 * the admin token, a province admin, and a commune's data-protection officer for their commune):
 * who read a reporter's contact or a report's photo, when, which case, from which surface (`api`,
 * `dashboard`, `open311`), newest first; never the data. A province user's reads are there like
 * any officer's.
 * `format=csv` gives the same rows as a file (the first step of a breach report).
 */
const day = z.string().refine(isCalendarDate, "must be a date YYYY-MM-DD");
const auditQuery = z.strictObject({
  communeId: z.string().optional(),
  case: z.string().trim().min(1).max(40).optional(),
  reader: z.string().trim().min(1).max(80).optional(),
  from: day.optional(),
  to: day.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(["json", "csv"]).default("json"),
});

export function accessAuditRoutes(deps: { db: Queryable; communes: Communes }): Router {
  const router = Router();
  router.get("/access-audit", requireRight("audit:read"), async (req: Request, res) => {
    const q = auditQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    const commune = communeOfRequest(req, deps.communes);
    const rows = await listAccess(deps.db, {
      communeId: commune.id,
      ...(q.data.case ? { caseCode: q.data.case.toUpperCase() } : {}),
      ...(q.data.reader ? { readerId: q.data.reader } : {}),
      ...(q.data.from ? { from: periodBounds({ from: q.data.from, to: q.data.from }).start } : {}),
      ...(q.data.to ? { before: periodBounds({ from: q.data.to, to: q.data.to }).end } : {}),
      limit: q.data.limit,
    });
    const reads = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    if (q.data.format === "csv") {
      const lines = [
        "at,commune,reader,case,what,surface,detail",
        ...reads.map((r) => [r.at, r.communeId, r.readerId, r.caseCode, r.what, r.surface, r.detail ?? ""].join(",")),
      ];
      res
        .type("text/csv; charset=utf-8")
        .attachment(`truy-cap-du-lieu-${commune.id}.csv`)
        .send(`\uFEFF${lines.join("\r\n")}\r\n`);
      return;
    }
    res.json({ communeId: commune.id, reads });
  });
  return router;
}
