/**
 * The one officer registry (tables `officers` + `teams`). Officers come from the commune config
 * (synced at start, `config-sync.ts`) or are created through the API (`create-officer.ts`); both
 * are these rows, and self-linking of Zalo accounts and officer commands use the same rows.
 *
 * A deactivated officer (`active = false`) stays in the table so their history stays
 * attributable, but has no API token, is never told about cases and is not found by their Zalo
 * id. Only active, on-duty officers get new cases.
 */

/**
 * The registry's roles (who holds which right: `RIGHTS` in `rights.ts`). A commune's members:
 * officer, lead (a team's lead), leader (the commune's leadership), commune_admin (its officers,
 * teams and config), dpo (its data-protection officer). Province users, who belong to no commune:
 * province (reads every commune) and province_admin. `admin` is the `ADMIN_TOKEN` alone.
 */
export const OFFICER_ROLES = ["officer", "lead", "leader", "commune_admin", "dpo", "province", "province_admin"] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];
/** Roles of the province, not of a commune: their officers have no commune (`communeId` null). */
export const PROVINCE_ROLES = ["province", "province_admin"] as const satisfies readonly OfficerRole[];

export function isProvinceRole(role: OfficerRole): boolean {
  return (PROVINCE_ROLES as readonly OfficerRole[]).includes(role);
}

export interface Officer {
  id: string;
  /** The commune the officer works for: they see and act on its cases only. Null for a province user. */
  communeId: string | null;
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

export interface OfficerRow {
  id: string;
  commune_id: string | null;
  name: string;
  role: OfficerRole;
  team_id: string | null;
  zalo_user_id: string | null;
  on_duty: boolean;
  active: boolean;
  from_config: boolean;
  created_at: Date;
}

export const OFFICER_COLUMNS = "id, commune_id, name, role, team_id, zalo_user_id, on_duty, active, from_config, created_at";

export function toOfficer(r: OfficerRow): Officer {
  return {
    id: r.id,
    communeId: r.commune_id,
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
