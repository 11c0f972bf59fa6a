import { Router } from "express";
import { PHOTO_MAX_BYTES } from "../cases/photos.js";
import type { Communes } from "../commune/communes.js";
import type { Queryable } from "../db/database.js";
import { getOfficer } from "../officers/officer-queries.js";
import { principalOf, rightsOf, type Right } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * What a signed-in client (the dashboard) needs before it shows anything, relative to `/api/v1`,
 * open to every valid token:
 *
 * - `GET /me` → `{id, name, role, team, communeId, rights}`: who the token is and what it may do,
 *   so a page offers exactly the actions the API would accept (the API still checks each one);
 *   `communeId` is null for the admin token and province users (every commune).
 * - `GET /communes` → `{communes: [{id, name}]}`: the communes the token works in.
 * - `GET /commune?communeId=` → `{id, name, hotline, areas, categories, teams, report}`: the commune's names and
 *   its areas as GeoJSON (ids and names only: aliases are for understanding citizens, not for
 *   maps), and the limits of a report (description length, photos).
 */

export interface MeJson {
  id: string;
  /** Null for the `ADMIN_TOKEN`, which is nobody in particular. */
  name: string | null;
  role: string;
  team: { id: string; name: string | null } | null;
  communeId: string | null;
  rights: Right[];
}

export function meRoutes(deps: { db: Queryable; communes: Communes }): Router {
  const router = Router();

  router.get("/me", async (req, res) => {
    const p = principalOf(req);
    const officer = p.id === "admin" && p.role === "admin" ? null : await getOfficer(deps.db, p.id);
    const body: MeJson = {
      id: p.id,
      name: officer?.name ?? null,
      role: p.role,
      team: p.teamId
        ? { id: p.teamId, name: deps.communes.find(p.communeId ?? "")?.teams.find((t) => t.id === p.teamId)?.name ?? null }
        : null,
      communeId: p.communeId,
      rights: rightsOf(p),
    };
    res.json(body);
  });

  router.get("/communes", (req, res) => {
    const p = principalOf(req);
    const mine = p.communeId === null ? deps.communes.list : [deps.communes.get(p.communeId)];
    res.json({ communes: mine.map((c) => ({ id: c.id, name: c.name })) });
  });

  router.get("/commune", (req, res) => {
    const c = communeOfRequest(req, deps.communes);
    res.json({
      id: c.id,
      name: c.name,
      hotline: c.hotline,
      areas: {
        type: "FeatureCollection",
        features: c.areas.features.map((f) => ({
          type: "Feature",
          properties: { id: f.properties.id, name: f.properties.name },
          geometry: f.geometry,
        })),
      },
      categories: c.categories.map((k) => ({ id: k.id, name: k.name, ackHours: k.ackHours, resolveDays: k.resolveDays })),
      teams: c.teams.map((t) => ({ id: t.id, name: t.name })),
      // The province's other communes, where a case may be transferred (`POST /cases/:code/transfer`): names only.
      otherCommunes: deps.communes.list.filter((o) => o.id !== c.id).map((o) => ({ id: o.id, name: o.name })),
      // What a report taken by phone or at the counter may hold (the intake form checks it first).
      report: {
        descriptionMin: c.report.descriptionMin,
        descriptionMax: c.report.descriptionMax,
        maxPhotos: c.report.maxPhotos,
        maxPhotoBytes: PHOTO_MAX_BYTES,
      },
    });
  });

  return router;
}
