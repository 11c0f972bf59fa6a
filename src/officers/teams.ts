import { z } from "zod";
import { OPEN_STATUSES } from "../cases/case.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Database, Queryable } from "../db/database.js";

/**
 * A commune's teams in the registry (table `teams`): those its file lists (seeded at start,
 * `config-sync.ts`) and those its admins create on the page. Which side wins when both name a
 * team: the page's word. A name given on the page (at creation or by a rename) is kept over the
 * file's at every start; a file team never renamed on the page takes the file's name at each
 * start; a deactivation on the page is never undone by the file (reactivating is the page's). The
 * file alone says which officers it lists belong to a team, and routes cases (`routing`,
 * `fallbackTeam`, `handoffTeam`), so a team made on the page gets cases by hand-over until the file
 * names it.
 */
export interface Team {
  id: string;
  communeId: string;
  name: string;
  active: boolean;
  /** Listed in the commune file. */
  fromConfig: boolean;
  createdAt: Date;
}

interface TeamRow {
  id: string;
  commune_id: string;
  name: string;
  deactivated_at: Date | null;
  from_config: boolean;
  created_at: Date;
}

const COLUMNS = "id, commune_id, name, deactivated_at, from_config, created_at";

function toTeam(r: TeamRow): Team {
  return {
    id: r.id,
    communeId: r.commune_id,
    name: r.name,
    active: r.deactivated_at === null,
    fromConfig: r.from_config,
    createdAt: r.created_at,
  };
}

const teamId = z.string().regex(/^[a-z0-9_-]{1,40}$/, "must be 1–40 lowercase letters, digits, '_' or '-'");
const teamName = z.string().trim().min(1).max(100);

export const newTeamSchema = z.strictObject({ id: teamId.optional(), name: teamName });
export type NewTeam = z.input<typeof newTeamSchema>;

export const teamChangeSchema = z
  .strictObject({ name: teamName.optional(), active: z.boolean().optional() })
  .refine((c) => c.name !== undefined || c.active !== undefined, {
    message: "name at least one field to change",
    when: (p) => !p.issues.length,
  });
export type TeamChange = z.input<typeof teamChangeSchema>;

/** The id is taken (team ids are unique in the province). */
export class TeamConflictError extends Error {
  override name = "TeamConflictError";
}

/** The file needs the team active: it is the commune's fallback or front-desk team. */
export class TeamRequiredError extends Error {
  override name = "TeamRequiredError";
  constructor(
    readonly teamId: string,
    readonly as: "fallbackTeam" | "handoffTeam",
  ) {
    super(`${teamId} is the commune file's ${as}: name another team there before deactivating it`);
  }
}

// The file's teams in its order, then those made on the page, oldest first.
const ORDER = "ORDER BY from_config DESC, file_position, created_at, id";

/** A commune's teams: the file's in its order, then those made on the page, oldest first. */
export async function listTeams(db: Queryable, communeId: string): Promise<Team[]> {
  return (await db.query<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE commune_id = $1 ${ORDER}`, [communeId])).map(toTeam);
}

export async function getTeam(db: Queryable, id: string): Promise<Team | null> {
  const rows = await db.query<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE id = $1`, [id]);
  return rows[0] ? toTeam(rows[0]) : null;
}

/** The ids of a commune's deactivated teams (routing skips their rules). */
export async function inactiveTeamIds(db: Queryable, communeId: string): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>("SELECT id FROM teams WHERE commune_id = $1 AND deactivated_at IS NOT NULL", [communeId]);
  return new Set(rows.map((r) => r.id));
}

/** Every commune's teams (the roster each process keeps). */
export async function allTeams(db: Queryable): Promise<Team[]> {
  return (await db.query<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE commune_id IS NOT NULL ${ORDER}`)).map(toTeam);
}

/** A new team of the commune, named on the page; its id is given or made from its name. */
export async function createTeam(db: Queryable, communeId: string, input: NewTeam): Promise<Team> {
  const t = newTeamSchema.parse(input);
  const id = t.id ?? (await freeId(db, idFromName(t.name)));
  const rows = await db.query<TeamRow>(
    `INSERT INTO teams (id, name, commune_id, named_on_page) VALUES ($1, $2, $3, true) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
    [id, t.name, communeId],
  );
  if (!rows[0]) throw new TeamConflictError(`team id "${id}" is taken (team ids are unique in the province)`);
  return toTeam(rows[0]);
}

/** Rename, deactivate or reactivate a team; null if there is no such team. */
export async function updateTeam(db: Database, commune: CommuneConfig, id: string, input: TeamChange): Promise<Team | null> {
  const change = teamChangeSchema.parse(input);
  if (change.active === false)
    for (const as of ["fallbackTeam", "handoffTeam"] as const) if (commune[as] === id) throw new TeamRequiredError(id, as);
  const sets: string[] = [];
  const params: unknown[] = [id, commune.id];
  if (change.name !== undefined) {
    params.push(change.name);
    sets.push(`name = $${params.length}`, "named_on_page = true");
  }
  // Deactivating twice keeps the first date.
  if (change.active === false) sets.push("deactivated_at = COALESCE(deactivated_at, now())");
  if (change.active === true) sets.push("deactivated_at = NULL");
  const rows = await db.query<TeamRow>(
    `UPDATE teams SET ${sets.join(", ")}, updated_at = now() WHERE id = $1 AND commune_id = $2 RETURNING ${COLUMNS}`,
    params,
  );
  return rows[0] ? toTeam(rows[0]) : null;
}

/** How many open cases a team still holds (they stay with it when it is deactivated). */
export async function openCasesOfTeams(db: Queryable, communeId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ team_id: string; n: number }>(
    "SELECT team_id, count(*)::int AS n FROM cases WHERE commune_id = $1 AND team_id IS NOT NULL AND status = ANY($2) GROUP BY team_id",
    [communeId, [...OPEN_STATUSES]],
  );
  return new Map(rows.map((r) => [r.team_id, r.n]));
}

/** "Tổ Môi trường thôn Đông" → "to-moi-truong-thon-dong". */
export function idFromName(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 34)
    .replace(/-+$/, "");
  return slug || "to";
}

async function freeId(db: Queryable, base: string): Promise<string> {
  const taken = new Set(
    (await db.query<{ id: string }>("SELECT id FROM teams WHERE id = $1 OR id LIKE $2", [base, `${base}-%`])).map((r) => r.id),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
