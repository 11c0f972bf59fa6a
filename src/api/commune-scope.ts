import type { Request } from "express";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import { HttpError } from "../http/errors.js";
import { forbidden, principalOf } from "./auth.js";

/**
 * The commune a request of the officer API acts in. An officer acts in their own: naming another
 * (`communeId` in the query or the body) is 403. The admin token and province users (who belong
 * to no commune) name one, or may leave it out when the deployment has a single commune; what they
 * may do there is their rights' (`RIGHTS`): province users read, and act on no case. `communeId` is the field and query parameter of the
 * whole officer API (`jurisdiction_id` is Open311's name for it).
 */
export function communeOfRequest(req: Request, communes: Communes, named?: string): CommuneConfig {
  const asked = named ?? queryCommuneId(req);
  const me = principalOf(req);
  if (me.communeId !== null) {
    if (asked !== undefined && asked !== me.communeId) throw forbidden(`This officer works for commune ${me.communeId}`);
    return communes.get(me.communeId);
  }
  if (asked === undefined) {
    const only = communes.only();
    if (only) return only;
    throw new HttpError(400, "commune_required", `Name the commune: communeId is one of ${communes.ids.join(", ")}`);
  }
  const commune = communes.find(asked);
  if (!commune) throw new HttpError(400, "unknown_commune", `No commune "${asked}" (one of ${communes.ids.join(", ")})`);
  return commune;
}

function queryCommuneId(req: Request): string | undefined {
  const v = req.query["communeId"];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v === "") throw new HttpError(400, "invalid_query", "communeId: must be one commune id");
  return v;
}
