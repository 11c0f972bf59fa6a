import type { Queryable } from "../db/database.js";
import { hashApiToken } from "./api-tokens.js";
import { type Officer, OFFICER_COLUMNS, type OfficerRow, toOfficer } from "./officer-rows.js";

async function many(db: Queryable, where: string, params: unknown[], order = "id"): Promise<Officer[]> {
  const rows = await db.query<OfficerRow>(`SELECT ${OFFICER_COLUMNS} FROM officers WHERE ${where} ORDER BY ${order}`, params);
  return rows.map(toOfficer);
}

/** Active officers of a team (officers and its lead) on duty with a Zalo account to notify. */
export function onDutyOfficersOfTeam(db: Queryable, teamId: string): Promise<Officer[]> {
  return many(db, "team_id = $1 AND role IN ('officer', 'lead') AND on_duty AND active AND zalo_user_id IS NOT NULL", [teamId]);
}

/** The team's active lead, preferring one reachable on Zalo and on duty; null if the team has none. */
export async function teamLead(db: Queryable, teamId: string): Promise<Officer | null> {
  const rows = await many(db, "team_id = $1 AND role = 'lead' AND active", [teamId], "(zalo_user_id IS NULL), on_duty DESC, id");
  return rows[0] ?? null;
}

/** The commune's active leadership (role `leader`). */
export function leaders(db: Queryable, communeId: string): Promise<Officer[]> {
  return many(db, "role = 'leader' AND active AND commune_id = $1", [communeId]);
}

/** The province's users (no commune), deactivated ones included. */
export function listProvinceUsers(db: Queryable): Promise<Officer[]> {
  return many(db, "commune_id IS NULL", [], "id");
}

/** Every officer of the commune, active or not, by team then id. */
export function listOfficers(db: Queryable, communeId: string): Promise<Officer[]> {
  return many(db, "commune_id = $1", [communeId], "team_id NULLS LAST, id");
}

/** The officer with this id, active or not. */
export async function getOfficer(db: Queryable, officerId: string): Promise<Officer | null> {
  return (await many(db, "id = $1", [officerId]))[0] ?? null;
}

/**
 * The commune's active officer linked to this Zalo account (Zalo ids are per OA: the commune's);
 * a deactivated officer's account is a citizen's.
 */
export async function findByZaloUserId(db: Queryable, communeId: string, zaloUserId: string): Promise<Officer | null> {
  return (await many(db, "commune_id = $1 AND zalo_user_id = $2 AND active", [communeId, zaloUserId]))[0] ?? null;
}

/**
 * The commune of the active officer with this Zalo id among `communeIds`, or null: an officer of a
 * commune without its own OA is reached on the province OA, by their id there.
 */
export async function communeOfZaloOfficer(db: Queryable, communeIds: readonly string[], zaloUserId: string): Promise<string | null> {
  if (communeIds.length === 0) return null;
  const rows = await db.query<{ commune_id: string }>(
    "SELECT commune_id FROM officers WHERE zalo_user_id = $1 AND active AND commune_id = ANY($2::text[]) ORDER BY commune_id LIMIT 1",
    [zaloUserId, [...communeIds]],
  );
  return rows[0]?.commune_id ?? null;
}

/** The active officer owning an API token, or null (also for an empty token). */
export async function findByApiToken(db: Queryable, token: string): Promise<Officer | null> {
  if (!token) return null;
  return (await many(db, "api_token_hash = $1 AND active", [hashApiToken(token)]))[0] ?? null;
}
