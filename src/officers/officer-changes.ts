import { z } from "zod";
import type { Database, Queryable } from "../db/database.js";
import { assertTeamExists, OfficerConflictError } from "./create-officer.js";
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
    const locked = await tx.query<OfficerRow>(`SELECT ${OFFICER_COLUMNS} FROM officers WHERE id = $1 FOR UPDATE`, [officerId]);
    if (!locked[0]) return null;
    const current = toOfficer(locked[0]);
    if (current.fromConfig) {
      const owned = CONFIG_OWNED_FIELDS.filter((f) => change[f] !== undefined && change[f] !== current[f]);
      if (owned.length) throw new ConfigOwnedError(officerId, owned);
    }
    if (change.role !== undefined && isProvinceRole(change.role) !== isProvinceRole(current.role))
      throw new CommuneBoundaryError(officerId, current.role, change.role);
    if (current.communeId === null) {
      // A province user belongs to no commune: no team, no Zalo account of a commune's OA.
      if (change.teamId || change.zaloUserId) throw new CommuneBoundaryError(officerId, current.role, current.role);
    } else await assertTeamExists(tx, change.teamId, current.communeId);
    if (
      change.zaloUserId &&
      (
        await tx.query("SELECT 1 FROM officers WHERE zalo_user_id = $1 AND id <> $2 AND commune_id = $3", [
          change.zaloUserId,
          officerId,
          current.communeId,
        ])
      ).length
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
      `UPDATE officers SET ${sets.join(", ")}, updated_at = now() WHERE id = $1 RETURNING ${OFFICER_COLUMNS}`,
      params,
    );
    return toOfficer(rows[0]!);
  });
}

/**
 * The change would move an officer across the commune's edge: a province user has no commune
 * (so no team and no Zalo link of a commune's OA), and a commune's member becomes a province user
 * (or back) only as a new account, so that no right is carried over by mistake.
 */
export class CommuneBoundaryError extends Error {
  override name = "CommuneBoundaryError";
  constructor(
    readonly officerId: string,
    from: OfficerRole,
    to: OfficerRole,
  ) {
    super(
      from === to
        ? `${officerId} is a province user (role ${from}): they belong to no commune, so have no team or Zalo link`
        : `${officerId} cannot go from role ${from} to ${to}: province users belong to no commune; create a new account`,
    );
  }
}

/** Deactivate an officer (soft: the row and their history stay); null if no such officer. */
export function deactivateOfficer(db: Database, officerId: string): Promise<Officer | null> {
  return updateOfficer(db, officerId, { active: false });
}
