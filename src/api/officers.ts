import { Router } from "express";
import type { Database } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { createOfficer, listOfficers, newOfficerSchema, type Officer, OfficerConflictError, UnknownTeamError } from "../officers/registry.js";
import { requireRight } from "./auth.js";
import { invalidBody, parseBody } from "./body.js";

/**
 * Officers in the officer API (behind `bearerAuth`):
 *
 * - `POST /officers` (admin), `{id?, name, role?, teamId?, zaloUserId?, onDuty?}` →
 *   201 `{officer: OfficerJson, token}`. The token is shown this once; only its hash is stored.
 *   400 `invalid_body` (also for an unknown team), 409 `conflict` (id or Zalo id taken).
 * - `GET /officers` (admin, leader) → `{officers: OfficerJson[]}`. Never a token or its hash.
 */

export interface OfficerJson {
  id: string;
  name: string;
  role: Officer["role"];
  teamId: string | null;
  onDuty: boolean;
  /** Whether the officer can be reached on Zalo (their Zalo id itself is not shown). */
  zaloLinked: boolean;
  createdAt: string;
}

function officerJson(o: Officer): OfficerJson {
  return { id: o.id, name: o.name, role: o.role, teamId: o.teamId, onDuty: o.onDuty, zaloLinked: o.zaloUserId !== null, createdAt: o.createdAt.toISOString() };
}

/** The officer routes, relative to `/api/v1`. */
export function officerRoutes(deps: { db: Database }): Router {
  const router = Router();

  router.post("/officers", requireRight("officers:create"), async (req, res) => {
    const body = parseBody(req, newOfficerSchema);
    try {
      const { officer, token } = await createOfficer(deps.db, body);
      res.status(201).json({ officer: officerJson(officer), token });
    } catch (err) {
      if (err instanceof OfficerConflictError) throw new HttpError(409, "conflict", err.message);
      if (err instanceof UnknownTeamError) throw invalidBody([{ path: "teamId", message: err.message }]);
      throw err;
    }
  });

  router.get("/officers", requireRight("officers:list"), async (_req, res) => {
    res.json({ officers: (await listOfficers(deps.db)).map(officerJson) });
  });

  return router;
}
