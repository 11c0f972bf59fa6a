import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { CommuneConfig } from "../commune/config.js";
import type { Database, Queryable } from "../db/database.js";
import { zaloUserIdSchema } from "./zalo-user-id.js";

/**
 * The one officer registry (tables `officers` + `teams`). Officers come from the commune config
 * (synced at start) or are created through the API; both live here, and self-linking of Zalo
 * accounts and officer commands use the same rows.
 *
 * A deactivated officer (`active = false`) stays in the table so their history stays
 * attributable, but has no API token, is never told about cases and is not found by their Zalo
 * id. Only active, on-duty officers get new cases.
 */

export const OFFICER_ROLES = ["officer", "lead", "leader", "admin"] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

export interface Officer {
  id: string;
  name: string;
  role: OfficerRole;
  teamId: string | null;
  zaloUserId: string | null;
  onDuty: boolean;
  active: boolean;
  /** Listed in the commune config: name, role and team come from there (see `syncFromCommune`). */
  fromConfig: boolean;
  createdAt: Date;
}

interface OfficerRow {
  id: string;
  name: string;
  role: OfficerRole;
  team_id: string | null;
  zalo_user_id: string | null;
  on_duty: boolean;
  active: boolean;
  from_config: boolean;
  created_at: Date;
}

const COLUMNS = "id, name, role, team_id, zalo_user_id, on_duty, active, from_config, created_at";

function toOfficer(r: OfficerRow): Officer {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    teamId: r.team_id,
    zaloUserId: r.zalo_user_id,
    onDuty: r.on_duty,
    active: r.active,
    fromConfig: r.from_config,
    createdAt: new Date(r.created_at),
  };
}

/** Tokens are stored only as their SHA-256, so a leaked database does not leak API access. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function newApiToken(): string {
  return `hl_${randomBytes(32).toString("base64url")}`;
}

/**
 * Upsert the config's teams and officers; leadership becomes role `leader` without a team.
 * Idempotent. The config is authoritative for name, role, team and (when given) the Zalo id;
 * on-duty flags, API tokens, Zalo ids linked later and deactivations are kept (a restart never
 * brings back an officer an admin deactivated). Officers no longer in the config are left as
 * they are (their history stays attributable).
 */
export async function syncFromCommune(db: Database, config: CommuneConfig): Promise<{ teams: number; officers: number }> {
  const people: { id: string; name: string; role: OfficerRole; teamId: string | null; zaloUserId: string | null }[] = [
    ...config.teams.flatMap((t) =>
      t.officers.map((o) => ({ id: o.id, name: o.name, role: o.role, teamId: t.id, zaloUserId: o.zaloUserId ?? null })),
    ),
    ...config.leadership.map((l) => ({ id: l.id, name: l.name, role: "leader" as const, teamId: null, zaloUserId: l.zaloUserId ?? null })),
  ];
  await db.transaction(async (tx) => {
    for (const t of config.teams) {
      await tx.query("INSERT INTO teams (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", [t.id, t.name]);
    }
    for (const p of people) {
      // A Zalo id moved to another officer in the config: take it from whoever holds it now.
      if (p.zaloUserId)
        await tx.query("UPDATE officers SET zalo_user_id = NULL, updated_at = now() WHERE zalo_user_id = $1 AND id <> $2", [
          p.zaloUserId,
          p.id,
        ]);
      await tx.query(
        `INSERT INTO officers (id, name, role, team_id, zalo_user_id, from_config) VALUES ($1, $2, $3, $4, $5, true)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, team_id = EXCLUDED.team_id,
           zalo_user_id = COALESCE(EXCLUDED.zalo_user_id, officers.zalo_user_id), from_config = true, updated_at = now()`,
        [p.id, p.name, p.role, p.teamId, p.zaloUserId],
      );
    }
  });
  return { teams: config.teams.length, officers: people.length };
}

async function many(db: Queryable, where: string, params: unknown[], order = "id"): Promise<Officer[]> {
  const rows = await db.query<OfficerRow>(`SELECT ${COLUMNS} FROM officers WHERE ${where} ORDER BY ${order}`, params);
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

/** Active commune leadership (role `leader`). */
export function leaders(db: Queryable): Promise<Officer[]> {
  return many(db, "role = 'leader' AND active", []);
}

/** Every officer, active or not, by team then id. */
export function listOfficers(db: Queryable): Promise<Officer[]> {
  return many(db, "true", [], "team_id NULLS LAST, id");
}

/** The officer with this id, active or not. */
export async function getOfficer(db: Queryable, officerId: string): Promise<Officer | null> {
  return (await many(db, "id = $1", [officerId]))[0] ?? null;
}

/** The active officer linked to this Zalo account; a deactivated officer's account is a citizen's. */
export async function findByZaloUserId(db: Queryable, zaloUserId: string): Promise<Officer | null> {
  return (await many(db, "zalo_user_id = $1 AND active", [zaloUserId]))[0] ?? null;
}

/** The active officer owning an API token, or null (also for an empty token). */
export async function findByApiToken(db: Queryable, token: string): Promise<Officer | null> {
  if (!token) return null;
  return (await many(db, "api_token_hash = $1 AND active", [hashApiToken(token)]))[0] ?? null;
}

export const newOfficerSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, "must be 1–40 lowercase letters, digits, '_' or '-'")
    .optional(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(OFFICER_ROLES).default("officer"),
  teamId: z.string().min(1).nullable().optional(),
  zaloUserId: zaloUserIdSchema.nullable().optional(),
  onDuty: z.boolean().default(true),
});
export type NewOfficer = z.input<typeof newOfficerSchema>;

/** The id or Zalo id is taken by another officer. */
export class OfficerConflictError extends Error {
  override name = "OfficerConflictError";
}

/** The officer would belong to a team the registry does not know. */
export class UnknownTeamError extends Error {
  override name = "UnknownTeamError";
  constructor(readonly teamId: string) {
    super(`no team "${teamId}"`);
  }
}

async function assertTeamExists(db: Queryable, teamId: string | null | undefined): Promise<void> {
  if (teamId && !(await db.query("SELECT 1 FROM teams WHERE id = $1", [teamId])).length) throw new UnknownTeamError(teamId);
}

/**
 * Add an officer and issue an API token. The token is returned once, here; only its hash is
 * stored.
 */
export async function createOfficer(db: Queryable, input: NewOfficer): Promise<{ officer: Officer; token: string }> {
  const o = newOfficerSchema.parse(input);
  const id = o.id ?? `o-${randomBytes(4).toString("hex")}`;
  const token = newApiToken();
  await assertTeamExists(db, o.teamId);
  const rows = await db.query<OfficerRow>(
    `INSERT INTO officers (id, name, role, team_id, zalo_user_id, on_duty, api_token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [id, o.name, o.role, o.teamId ?? null, o.zaloUserId ?? null, o.onDuty, hashApiToken(token)],
  );
  if (!rows[0]) throw new OfficerConflictError(`officer ${id} or Zalo user ${o.zaloUserId ?? "-"} already exists`);
  return { officer: toOfficer(rows[0]), token };
}

/**
 * Issue a new API token for an active officer, from the config or not; the old one stops
 * working. Returned once, here. Null if there is no such active officer.
 */
export async function issueApiToken(db: Queryable, officerId: string): Promise<string | null> {
  const token = newApiToken();
  const rows = await db.query("UPDATE officers SET api_token_hash = $2, updated_at = now() WHERE id = $1 AND active RETURNING id", [
    officerId,
    hashApiToken(token),
  ]);
  return rows.length ? token : null;
}

/** Put an active officer on or off duty (`#nghi` / `#trucban`, PATCH); false if no such active officer. */
export async function setOnDuty(db: Queryable, officerId: string, onDuty: boolean): Promise<boolean> {
  const rows = await db.query("UPDATE officers SET on_duty = $2, updated_at = now() WHERE id = $1 AND active RETURNING id", [
    officerId,
    onDuty,
  ]);
  return rows.length > 0;
}

/** What an administrator may change on an officer (all optional; at least one). */
export const officerChangeSchema = z
  .strictObject({
    onDuty: z.boolean().optional(),
    active: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    teamId: z.string().min(1).nullable().optional(),
    role: z.enum(OFFICER_ROLES).optional(),
    zaloUserId: zaloUserIdSchema.nullable().optional(),
  })
  // Only for an otherwise valid body: a misspelt field is reported as that, not as "nothing to change".
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: "name at least one field to change",
    when: (p) => !p.issues.length,
  });
export type OfficerChange = z.input<typeof officerChangeSchema>;

/** Fields the commune config owns for the officers it lists. */
export const CONFIG_OWNED_FIELDS = ["name", "role", "teamId"] as const;

/** The change would edit what the commune config owns (the next sync would undo it). */
export class ConfigOwnedError extends Error {
  override name = "ConfigOwnedError";
  constructor(
    readonly officerId: string,
    readonly fields: string[],
  ) {
    super(`${fields.join(", ")} of ${officerId} come from the commune config: change them there`);
  }
}

/**
 * Change an officer; null if there is no such officer. Deactivating (`active: false`) also
 * revokes their API token at once, so reactivating needs a new one (`issueApiToken`).
 * Throws `UnknownTeamError`, `OfficerConflictError` (Zalo id linked to another officer) or
 * `ConfigOwnedError`.
 */
export async function updateOfficer(db: Database, officerId: string, input: OfficerChange): Promise<Officer | null> {
  const change = officerChangeSchema.parse(input);
  return db.transaction(async (tx) => {
    const locked = await tx.query<OfficerRow>(`SELECT ${COLUMNS} FROM officers WHERE id = $1 FOR UPDATE`, [officerId]);
    if (!locked[0]) return null;
    const current = toOfficer(locked[0]);
    if (current.fromConfig) {
      const owned = CONFIG_OWNED_FIELDS.filter((f) => change[f] !== undefined && change[f] !== current[f]);
      if (owned.length) throw new ConfigOwnedError(officerId, owned);
    }
    await assertTeamExists(tx, change.teamId);
    if (
      change.zaloUserId &&
      (await tx.query("SELECT 1 FROM officers WHERE zalo_user_id = $1 AND id <> $2", [change.zaloUserId, officerId])).length
    ) {
      throw new OfficerConflictError(`Zalo user ${change.zaloUserId} is linked to another officer`);
    }
    const sets: string[] = [];
    const params: unknown[] = [officerId];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.name !== undefined) set("name", change.name);
    if (change.role !== undefined) set("role", change.role);
    if (change.teamId !== undefined) set("team_id", change.teamId);
    if (change.zaloUserId !== undefined) set("zalo_user_id", change.zaloUserId);
    if (change.onDuty !== undefined) set("on_duty", change.onDuty);
    if (change.active !== undefined) set("active", change.active);
    if (change.active === false) sets.push("api_token_hash = NULL");
    const rows = await tx.query<OfficerRow>(
      `UPDATE officers SET ${sets.join(", ")}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    );
    return toOfficer(rows[0]!);
  });
}

/** Deactivate an officer (soft: the row and their history stay); null if no such officer. */
export function deactivateOfficer(db: Database, officerId: string): Promise<Officer | null> {
  return updateOfficer(db, officerId, { active: false });
}
