import { Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import { type FleetCommune, type FleetReader, fleetReport } from "../fleet/fleet-report.js";
import { HttpError } from "../http/errors.js";
import { principalOf, requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * `GET /oa-fleet[?communeId=]` (`fleet:read`: the admin token and province users every commune's
 * OA, a commune admin their own): each OA's token (expiry, last refresh, a failed refresh with
 * Zalo's code), last event received, last message sent, failed sends by Zalo's code, the quota
 * last read, and its alert lines (`src/fleet/fleet-report.ts`). No token or person is in it.
 */
const fleetQuery = z.strictObject({ communeId: z.string().optional() });

export interface OaFleetRoutesDeps {
  communes: Communes;
  fleet: { reader: FleetReader; communes: readonly FleetCommune[] };
  clock?: () => Date;
}

export function oaFleetRoutes(deps: OaFleetRoutesDeps): Router {
  const router = Router();
  router.get("/oa-fleet", requireRight("fleet:read"), async (req, res) => {
    const q = fleetQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    // A commune's admin reads their own OA; the province every OA, or the one it names.
    const whole = principalOf(req).communeId === null && q.data.communeId === undefined;
    const ids = whole ? null : new Set([communeOfRequest(req, deps.communes, q.data.communeId).id]);
    const communes = deps.fleet.communes.filter((c) => ids === null || ids.has(c.id));
    const now = (deps.clock?.() ?? new Date()).getTime();
    res.json(await fleetReport(deps.fleet.reader, communes, { now, withUnknown: whole }));
  });
  return router;
}
