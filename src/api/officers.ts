import { Router } from "express";
import type { Database } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { createOfficer, listOfficers, newOfficerSchema, type Officer, OfficerConflictError } from "../officers/registry.js";
import { issueLinkCode } from "../officers/link-codes.js";
import { requireRight } from "./auth.js";
import { param } from "./params.js";

/**
 * Officers in the officer API (behind `bearerAuth`):
 *
 * - `POST /officers` (admin), `{id?, name, role?, teamId?, zaloUserId?, onDuty?}` →
 *   201 `{officer: OfficerJson, token, linkCode, linkCodeExpiresAt}`. The token is shown this once;
 *   only its hash is stored. The officer sends `#dangky <linkCode>` to the OA from their own Zalo
 *   (valid 7 days, once) to link that account.
 * - `POST /officers/:id/link-code` (admin) → 201 `{linkCode, linkCodeExpiresAt}`: a new code (a
 *   lost one, an expired one, a new phone); 404 `officer_not_found`.
 *   400 `invalid_body`, 409 `conflict` (id or Zalo id taken, unknown team).
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
    const body = newOfficerSchema.safeParse(req.body);
    if (!body.success) {
      throw new HttpError(400, "invalid_body", body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    }
    try {
      const { officer, token } = await createOfficer(deps.db, body.data);
      const link = (await issueLinkCode(deps.db, officer.id))!;
      res.status(201).json({ officer: officerJson(officer), token, linkCode: link.code, linkCodeExpiresAt: link.expiresAt.toISOString() });
    } catch (err) {
      if (err instanceof OfficerConflictError) throw new HttpError(409, "conflict", err.message);
      throw err;
    }
  });

  router.post("/officers/:id/link-code", requireRight("officers:create"), async (req, res) => {
    const link = await issueLinkCode(deps.db, param(req, "id"));
    if (!link) throw new HttpError(404, "officer_not_found", `No officer ${param(req, "id")}`);
    res.status(201).json({ linkCode: link.code, linkCodeExpiresAt: link.expiresAt.toISOString() });
  });

  router.get("/officers", requireRight("officers:list"), async (_req, res) => {
    res.json({ officers: (await listOfficers(deps.db)).map(officerJson) });
  });

  return router;
}
