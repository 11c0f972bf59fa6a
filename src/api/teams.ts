import { Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import { whereCasesGo } from "../commune/routing.js";
import type { Database } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import {
  createTeam,
  getTeam,
  inactiveTeamIds,
  listTeams,
  newTeamSchema,
  openCasesOfTeams,
  type Team,
  TeamConflictError,
  teamChangeSchema,
  TeamRequiredError,
  updateTeam,
} from "../officers/teams.js";
import { inCommune, principalOf, requireRight } from "./auth.js";
import { parseBody } from "./body.js";
import { communeOfRequest } from "./commune-scope.js";
import { param } from "./params.js";

/**
 * A commune's teams in the officer API (behind `bearerAuth`), relative to `/api/v1`. The file's
 * teams are the seed; the page's word wins when both name a team (`officers/teams.ts`).
 *
 * - `GET /teams?communeId=` (`teams:list`) → `{teams: TeamJson[]}`: the file's teams in its order,
 *   then those made on the page; deactivated ones included.
 * - `POST /teams` (`teams:manage`) `{communeId?, id?, name}` → 201 `{team}`. Without `id`, one is
 *   made from the name. 409 `conflict`: the id is taken (ids are unique in the province).
 * - `PATCH /teams/:id` (`teams:manage`) `{name?, active?}` → `{team}`. `active: false`
 *   deactivates: no new case is routed to the team (its rules are skipped, as if not written: the
 *   next rule, else the fallback team) and no officer joins it; its open cases and members stay.
 *   409 `team_required`: the file's `fallbackTeam` or `handoffTeam` stays active.
 *
 * Another commune's team is 404 to its members (naming another commune is 403), as officers are.
 */

export interface TeamJson {
  id: string;
  communeId: string;
  name: string;
  active: boolean;
  /** Listed in the commune file (which routes cases to it and lists some of its officers). */
  fromConfig: boolean;
  /** The file's `fallbackTeam` or `handoffTeam`: it cannot be deactivated. */
  requiredAs: "fallbackTeam" | "handoffTeam" | null;
  /** Open cases it holds (they stay with it when it is deactivated). */
  openCases: number;
  /**
   * Where its new cases go while it is deactivated (or would go, while it is active): each team
   * taking over, with the area × category pairs it takes. Empty: no rule routes cases to it.
   */
  casesGoTo: { teamId: string; teamName: string | null; pairs: { areaId: string | null; categoryId: string }[] }[];
  createdAt: string;
}

export interface TeamDeps {
  db: Database;
  communes: Communes;
  /** After a team changed: this process's roster is re-read (the hand-over targets, names). */
  onTeamsChanged?: () => Promise<void>;
}

export function teamRoutes(deps: TeamDeps): Router {
  const router = Router();

  const teamsJson = async (commune: CommuneConfig, teams: Team[]): Promise<TeamJson[]> => {
    const inactive = await inactiveTeamIds(deps.db, commune.id);
    const open = await openCasesOfTeams(deps.db, commune.id);
    const all = await listTeams(deps.db, commune.id);
    const nameOf = (id: string) => all.find((t) => t.id === id)?.name ?? null;
    return teams.map((t) => ({
      id: t.id,
      communeId: t.communeId,
      name: t.name,
      active: t.active,
      fromConfig: t.fromConfig,
      requiredAs: commune.fallbackTeam === t.id ? "fallbackTeam" : commune.handoffTeam === t.id ? "handoffTeam" : null,
      openCases: open.get(t.id) ?? 0,
      casesGoTo: whereCasesGo(commune, t.id, inactive).map((g) => ({ ...g, teamName: nameOf(g.teamId) })),
      createdAt: t.createdAt.toISOString(),
    }));
  };
  const changed = async () => {
    await deps.onTeamsChanged?.();
  };

  router.get("/teams", requireRight("teams:list"), async (req, res) => {
    const commune = communeOfRequest(req, deps.communes);
    res.json({ teams: await teamsJson(commune, await listTeams(deps.db, commune.id)) });
  });

  router.post("/teams", requireRight("teams:manage"), async (req, res) => {
    const { communeId, ...body } = parseBody(req, newTeamSchema.extend({ communeId: z.string().min(1).optional() }));
    const commune = communeOfRequest(req, deps.communes, communeId);
    let team: Team;
    try {
      team = await createTeam(deps.db, commune.id, body);
    } catch (err) {
      if (err instanceof TeamConflictError) throw new HttpError(409, "conflict", err.message);
      throw err;
    }
    await changed();
    res.status(201).json({ team: (await teamsJson(commune, [team]))[0] });
  });

  router.patch("/teams/:id", requireRight("teams:manage"), async (req, res) => {
    const change = parseBody(req, teamChangeSchema);
    const found = await getTeam(deps.db, param(req, "id"));
    const commune = found && inCommune(principalOf(req), found.communeId) ? deps.communes.find(found.communeId) : undefined;
    if (!found || !commune) throw new HttpError(404, "team_not_found", `No team ${param(req, "id")}`);
    let team: Team | null;
    try {
      team = await updateTeam(deps.db, commune, found.id, change);
    } catch (err) {
      if (err instanceof TeamRequiredError) throw new HttpError(409, "team_required", err.message);
      throw err;
    }
    if (!team) throw new HttpError(404, "team_not_found", `No team ${found.id}`);
    await changed();
    res.json({ team: (await teamsJson(commune, [team]))[0] });
  });

  return router;
}
