import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "../db/database.js";
import { hashApiToken, newApiToken } from "./api-tokens.js";
import {
  isProvinceRole,
  type Officer,
  OFFICER_COLUMNS,
  OFFICER_ROLES,
  type OfficerRole,
  type OfficerRow,
  toOfficer,
} from "./officer-rows.js";
import { zaloUserIdSchema } from "./zalo-user-id.js";

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

/** A province role given a commune, or a commune's role none (or a province user a team or Zalo link). */
export class WrongCommuneError extends Error {
  override name = "WrongCommuneError";
  constructor(readonly role: OfficerRole) {
    super(
      isProvinceRole(role)
        ? `role ${role} is the province's: such a user belongs to no commune, team or Zalo link`
        : `role ${role} is a commune's: name the commune`,
    );
  }
}

/** The officer would belong to a team the registry does not know, or one deactivated (no one joins it). */
export class UnknownTeamError extends Error {
  override name = "UnknownTeamError";
  constructor(
    readonly teamId: string,
    inactive = false,
  ) {
    super(inactive ? `team "${teamId}" is deactivated: reactivate it first` : `no team "${teamId}"`);
  }
}

/** The team is one of the commune's (another commune's team is no team of this one), and active. */
export async function assertTeamExists(db: Queryable, teamId: string | null | undefined, communeId: string): Promise<void> {
  if (!teamId) return;
  const [team] = await db.query<{ active: boolean }>(
    "SELECT deactivated_at IS NULL AS active FROM teams WHERE id = $1 AND commune_id = $2",
    [teamId, communeId],
  );
  if (!team) throw new UnknownTeamError(teamId);
  if (!team.active) throw new UnknownTeamError(teamId, true);
}

/**
 * Add an officer and issue an API token. The token is returned once, here; only its hash is
 * stored.
 */
export async function createOfficer(
  db: Queryable,
  communeId: string | null,
  input: NewOfficer,
): Promise<{ officer: Officer; token: string }> {
  const o = newOfficerSchema.parse(input);
  // Province users belong to no commune, commune members to one (the table checks it too).
  if (isProvinceRole(o.role) !== (communeId === null)) throw new WrongCommuneError(o.role);
  if (communeId === null && (o.teamId || o.zaloUserId)) throw new WrongCommuneError(o.role);
  const id = o.id ?? `o-${randomBytes(4).toString("hex")}`;
  const token = newApiToken();
  if (communeId !== null) await assertTeamExists(db, o.teamId, communeId);
  const rows = await db.query<OfficerRow>(
    `INSERT INTO officers (id, name, role, team_id, zalo_user_id, on_duty, api_token_hash, commune_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING RETURNING ${OFFICER_COLUMNS}`,
    [id, o.name, o.role, o.teamId ?? null, o.zaloUserId ?? null, o.onDuty, hashApiToken(token), communeId],
  );
  if (!rows[0]) throw new OfficerConflictError(`officer ${id} or Zalo user ${o.zaloUserId ?? "-"} already exists`);
  return { officer: toOfficer(rows[0]), token };
}
