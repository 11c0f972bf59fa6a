import { type Request, Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { issueApiToken } from "../officers/api-tokens.js";
import { createOfficer, newOfficerSchema, OfficerConflictError, UnknownTeamError, WrongCommuneError } from "../officers/create-officer.js";
import {
  CommuneBoundaryError,
  ConfigOwnedError,
  officerChangeSchema,
  type OfficerChange,
  updateOfficer,
} from "../officers/officer-changes.js";
import { getOfficer, listOfficers, listProvinceUsers } from "../officers/officer-queries.js";
import { isProvinceRole, type Officer, type OfficerRole } from "../officers/officer-rows.js";
import { grantableRoles, readsEveryCommune } from "../officers/rights.js";
import { can, forbidden, inCommune, type Principal, principalOf, requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";
import { invalidBody, parseBody } from "./body.js";
import { issueLinkCode } from "../officers/link-codes.js";
import { linkQr } from "../officers/link-qr.js";
import { latestOfficerEvents, type OfficerEvent } from "../officers/officer-events.js";
import { param } from "./params.js";

/**
 * Officers in the officer API (behind `bearerAuth`):
 *
 * Officers belong to a commune: the list is the caller's commune's (`?communeId=` for the admin
 * token and province users), and another commune's officer is 404 to everything below. Province
 * users (roles `province`, `province_admin`) belong to none: they are created without a commune
 * (by the admin token or a province admin), listed by `GET /officers?scope=province`, and exist
 * only for the admin token and province users. Who may give which role: `grantableRoles`
 * (a commune admin never gives a province role: 403).
 *
 * - `POST /officers` (admin), `{communeId?, id?, name, role?, teamId?, zaloUserId?, onDuty?}` →
 *   201 `{officer: OfficerJson, token, linkCode, linkCodeExpiresAt, linkQr}`. The token is shown this once;
 *   only its hash is stored. The officer sends `#dangky <linkCode>` to the OA from their own Zalo
 *   (valid 7 days, once) to link that account.
 *   400 `invalid_body` (also for an unknown team), 409 `conflict` (id or Zalo id taken).
 * - `GET /officers` (admin, leader) → `{officers: OfficerJson[]}`, deactivated ones included, each
 *   with its latest `events` (`zalo_relinked`: a link code moved it to another Zalo account).
 *   Never a token or its hash, nor a Zalo id.
 * - `PATCH /officers/:id` `{onDuty?, active?, name?, teamId?, role?, zaloUserId?}` → `{officer}`.
 *   Admins change anything; a team lead may change `onDuty` of their own team's officers, and
 *   anyone their own `onDuty` (as `#nghi` / `#trucban` do from Zalo); otherwise 403. `active:
 *   false` deactivates (see DELETE). 404 `officer_not_found`, 400 `invalid_body` (unknown team),
 *   409 `conflict` (Zalo id linked to another officer), 409 `config_owned` (name, role or team of
 *   an officer listed in the commune config: change the config).
 * - `DELETE /officers/:id` (admin) → `{officer}`: deactivates (the row and history stay). The
 *   officer's token stops working at once and they get no more case notices.
 * - `POST /officers/:id/token` (admin) → `{officer, token}`: a new token for any active officer,
 *   config-listed ones included; the old one stops working. 409 `officer_inactive`.
 * - `POST /officers/:id/link-code` (admin) → 201 `{linkCode, linkCodeExpiresAt, linkQr}`: a new code (a
 *   lost one, an expired one, a new phone), revoking the officer's older unused ones; 404
 *   `officer_not_found`.
 */

export interface OfficerJson {
  id: string;
  /** Null for a province user. */
  communeId: string | null;
  name: string;
  role: Officer["role"];
  teamId: string | null;
  onDuty: boolean;
  /** False once deactivated: no token, no case notices. */
  active: boolean;
  /** Listed in the commune config, which owns name, role and team. */
  fromConfig: boolean;
  /** Whether the officer can be reached on Zalo (their Zalo id itself is not shown). */
  zaloLinked: boolean;
  createdAt: string;
  /** In the list only: the officer's latest account events, newest first. */
  events?: { kind: OfficerEvent["kind"]; at: string }[];
}

function officerJson(o: Officer): OfficerJson {
  return {
    id: o.id,
    communeId: o.communeId,
    name: o.name,
    role: o.role,
    teamId: o.teamId,
    onDuty: o.onDuty,
    active: o.active,
    fromConfig: o.fromConfig,
    zaloLinked: o.zaloUserId !== null,
    createdAt: o.createdAt.toISOString(),
  };
}

function notFound(id: string): HttpError {
  return new HttpError(404, "officer_not_found", `No officer ${id}`);
}

/** Whether `p` may make `change` to `target`: see the PATCH rights above. */
function mayChange(p: Principal, target: Officer, change: OfficerChange): boolean {
  if (can(p, "officers:manage")) return mayGrant(p, target.role) && (change.role === undefined || mayGrant(p, change.role));
  const onlyDuty = Object.entries(change).every(([field, value]) => field === "onDuty" || value === undefined);
  if (!onlyDuty) return false;
  return p.id === target.id || (p.role === "lead" && p.teamId !== null && p.teamId === target.teamId);
}

const mayGrant = (p: Principal, role: OfficerRole) => grantableRoles(p).includes(role);

/** Registry errors as API errors. */
function answerFor(err: unknown): unknown {
  if (err instanceof WrongCommuneError || err instanceof CommuneBoundaryError) return invalidBody([{ path: "role", message: err.message }]);
  if (err instanceof UnknownTeamError) return invalidBody([{ path: "teamId", message: err.message }]);
  if (err instanceof OfficerConflictError) return new HttpError(409, "conflict", err.message);
  if (err instanceof ConfigOwnedError)
    return new HttpError(
      409,
      "config_owned",
      err.message,
      err.fields.map((path) => ({ path, message: "set by the commune config" })),
    );
  return err;
}

/** The officer routes, relative to `/api/v1`. */
export function officerRoutes(deps: { db: Database; communes: Communes }): Router {
  const router = Router();

  const existing = async (req: Request) => {
    const officer = await getOfficer(deps.db, param(req, "id"));
    const me = principalOf(req);
    const there = officer && (officer.communeId === null ? readsEveryCommune(me) : inCommune(me, officer.communeId));
    if (!there) throw notFound(param(req, "id"));
    return officer;
  };

  router.post("/officers", requireRight("officers:create"), async (req, res) => {
    const { communeId, ...body } = parseBody(req, newOfficerSchema.extend({ communeId: z.string().min(1).optional() }));
    const role = body.role ?? "officer";
    if (!mayGrant(principalOf(req), role)) throw forbidden(`This token does not give the role ${role}`);
    if (isProvinceRole(role) && communeId !== undefined)
      throw invalidBody([{ path: "communeId", message: `role ${role} is the province's: such a user belongs to no commune` }]);
    const commune = isProvinceRole(role) ? null : communeOfRequest(req, deps.communes, communeId);
    try {
      const { officer, token } = await createOfficer(deps.db, commune?.id ?? null, body);
      // A province user has no commune, so no commune's OA to link a Zalo account through.
      if (officer.communeId === null) {
        res.status(201).json({ officer: officerJson(officer), token, linkCode: null, linkCodeExpiresAt: null });
        return;
      }
      const link = (await issueLinkCode(deps.db, officer.id))!;
      res.status(201).json({
        officer: officerJson(officer),
        token,
        linkCode: link.code,
        linkCodeExpiresAt: link.expiresAt.toISOString(),
        linkQr: await linkQr(link.code),
      });
    } catch (err) {
      throw answerFor(err);
    }
  });

  router.post("/officers/:id/link-code", requireRight("officers:create"), async (req, res) => {
    const target = await existing(req);
    if (!mayGrant(principalOf(req), target.role)) throw forbidden(`This token does not manage officers of role ${target.role}`);
    if (target.communeId === null)
      throw new HttpError(409, "no_commune", `${target.id} is a province user: no commune's Zalo OA to link an account through`);
    const link = await issueLinkCode(deps.db, target.id);
    if (!link) throw new HttpError(404, "officer_not_found", `No officer ${param(req, "id")}`);
    res.status(201).json({ linkCode: link.code, linkCodeExpiresAt: link.expiresAt.toISOString(), linkQr: await linkQr(link.code) });
  });

  router.get("/officers", requireRight("officers:list"), async (req, res) => {
    if (req.query["scope"] === "province") {
      if (!readsEveryCommune(principalOf(req))) throw forbidden("The province's users are for the province to list");
      res.json({ officers: (await listProvinceUsers(deps.db)).map(officerJson) });
      return;
    }
    const commune = communeOfRequest(req, deps.communes);
    const events = await latestOfficerEvents(deps.db);
    res.json({
      officers: (await listOfficers(deps.db, commune.id)).map((o) => ({
        ...officerJson(o),
        events: (events.get(o.id) ?? []).map((e) => ({ kind: e.kind, at: e.at.toISOString() })),
      })),
    });
  });

  router.patch("/officers/:id", async (req, res) => {
    const change = parseBody(req, officerChangeSchema);
    const target = await existing(req);
    if (!mayChange(principalOf(req), target, change)) {
      throw forbidden("Only an admin changes officers; a team lead may put their team's officers on or off duty");
    }
    try {
      const officer = await updateOfficer(deps.db, target.id, change);
      if (!officer) throw notFound(target.id);
      res.json({ officer: officerJson(officer) });
    } catch (err) {
      throw answerFor(err);
    }
  });

  router.delete("/officers/:id", requireRight("officers:manage"), async (req, res) => {
    const target = await existing(req);
    if (!mayGrant(principalOf(req), target.role)) throw forbidden(`This token does not manage officers of role ${target.role}`);
    const officer = await updateOfficer(deps.db, target.id, { active: false });
    if (!officer) throw notFound(param(req, "id"));
    res.json({ officer: officerJson(officer) });
  });

  router.post("/officers/:id/token", requireRight("officers:manage"), async (req, res) => {
    const target = await existing(req);
    if (!mayGrant(principalOf(req), target.role)) throw forbidden(`This token does not manage officers of role ${target.role}`);
    if (!target.active)
      throw new HttpError(409, "officer_inactive", `${target.id} is deactivated: reactivate them first (PATCH {"active": true})`);
    const token = await issueApiToken(deps.db, target.id);
    if (!token) throw new HttpError(409, "officer_inactive", `${target.id} was deactivated meanwhile`);
    res.json({ officer: officerJson((await getOfficer(deps.db, target.id))!), token });
  });

  return router;
}
