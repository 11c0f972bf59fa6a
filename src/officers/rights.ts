import { type Officer, type OfficerRole, PROVINCE_ROLES } from "./officer-rows.js";

/**
 * Who may do what, wherever they act from (the API, the dashboard, Zalo commands, Open311, CSV):
 * the one rights table (`RIGHTS`, documented in `api/auth.ts`) and the case rules below.
 *
 * Communes: a commune's members (officer, lead, leader, commune_admin, dpo) see their own commune
 * only. Province users (province, province_admin) belong to no commune: they read every commune
 * and act on no case; a person who also works in a commune has a second, commune account. The
 * `ADMIN_TOKEN` administers everything.
 */

/** A principal's role: an officer's, or `admin` for the `ADMIN_TOKEN` (never a registry role). */
export type PrincipalRole = OfficerRole | "admin";

/** Who is acting. The `ADMIN_TOKEN` is the principal `{id: "admin", role: "admin", communeId: null}`. */
export interface Principal {
  id: string;
  role: PrincipalRole;
  teamId: string | null;
  /** The officer's commune; null for the admin token and province users, who read every commune. */
  communeId: string | null;
}

export type Right =
  | "cases:read"
  | "cases:act"
  | "cases:file"
  | "cases:transfer"
  | "dossiers:read"
  | "dossiers:write"
  | "officers:create"
  | "officers:list"
  | "officers:manage"
  | "teams:list"
  | "teams:manage"
  | "stats:read"
  | "stats:province"
  | "procedures:write"
  | "audit:read"
  | "privacy-requests:settle"
  | "fleet:read";

/**
 * The one rights table: which roles hold each right (reads of cases are narrowed further by
 * `canSeeCase`, descriptions and photos of violation reports by `canSeeViolationDetail`, and a
 * commune member's rights stop at their commune's edge). Kept equal to the table in `api/auth.ts`
 * by a test.
 */
export const RIGHTS: Readonly<Record<Right, readonly PrincipalRole[]>> = {
  "cases:read": ["admin", "province_admin", "province", "commune_admin", "dpo", "leader", "lead", "officer"],
  // Acting is narrowed like reading: an officer acts on their own team's cases only.
  "cases:act": ["admin", "leader", "lead", "officer"],
  // Reports taken by phone or at the counter: those who answer the phone and the counter.
  "cases:file": ["admin", "lead", "officer"],
  // Handing a case to another commune (borders): its team's lead, the leadership, the commune
  // admin (who answers for the commune's territory); province users act on no case.
  "cases:transfer": ["admin", "commune_admin", "leader", "lead"],
  "dossiers:read": ["admin", "province_admin", "province", "commune_admin", "dpo", "leader", "lead", "officer"],
  "dossiers:write": ["admin", "province_admin", "commune_admin"],
  "officers:create": ["admin", "province_admin", "commune_admin"],
  "officers:list": ["admin", "province_admin", "province", "commune_admin", "leader"],
  "officers:manage": ["admin", "province_admin", "commune_admin"],
  // A commune's teams: listed to those who list its officers, made and changed by its admins.
  "teams:list": ["admin", "province_admin", "province", "commune_admin", "leader"],
  "teams:manage": ["admin", "province_admin", "commune_admin"],
  "stats:read": ["admin", "province_admin", "province", "commune_admin", "leader"],
  "stats:province": ["admin", "province_admin", "province"],
  "procedures:write": ["admin", "province_admin", "commune_admin"],
  "audit:read": ["admin", "province_admin", "dpo"],
  "privacy-requests:settle": ["admin", "dpo"],
  // The OAs' health (tokens, events, sends, quota): the province's IT team; a commune admin their own OA.
  "fleet:read": ["admin", "province_admin", "province", "commune_admin"],
};

/** Whether `p` holds `right` at all (case reads are narrowed further by `canSeeCase`). */
export function can(p: Principal, right: Right): boolean {
  if (!RIGHTS[right].includes(p.role)) return false;
  // A lead or officer outside every team answers no phone or counter, and would not see the case they filed.
  if (right === "cases:file" && p.role !== "admin" && p.teamId === null) return false;
  return true;
}

/** The registry's roles holding `right` (who is told of what needs it, e.g. a request for the data-protection officer). */
export function rolesWith(right: Right): readonly OfficerRole[] {
  return RIGHTS[right].filter((r): r is OfficerRole => r !== "admin");
}

/** Every right `p` holds (what the dashboard shows and offers follows this list). */
export function rightsOf(p: Principal): Right[] {
  return (Object.keys(RIGHTS) as Right[]).filter((r) => can(p, r));
}

/** The principal of a registered officer. */
export function principalOfOfficer(o: Pick<Officer, "id" | "role" | "teamId" | "communeId">): Principal {
  return { id: o.id, role: o.role, teamId: o.teamId, communeId: o.communeId };
}

/** Province users and the admin token: they read every commune. */
export function readsEveryCommune(p: Principal): boolean {
  return p.role === "admin" || (PROVINCE_ROLES as readonly string[]).includes(p.role);
}

/**
 * Whether commune `communeId`'s cases, officers and figures exist for `p`: its own members, the
 * province users and the admin token. Anything else of another commune is 404, never 403.
 */
export function inCommune(p: Principal, communeId: string): boolean {
  return readsEveryCommune(p) || p.communeId === communeId;
}

/**
 * Whether `p` may see a case: the admin token and province users every case; in its commune the
 * leadership, the commune admin and the data-protection officer every team's, others their own
 * team's.
 */
export function canSeeCase(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  if (readsEveryCommune(p)) return true;
  if (p.communeId !== c.communeId) return false;
  if (seesEveryTeam(p)) return true;
  return p.teamId !== null && p.teamId === c.teamId;
}

/** Whether `p` may act on a case (a status, a note, a duplicate, a hand-over): the right and the case in view. */
export function canActOnCase(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  return can(p, "cases:act") && canSeeCase(p, c);
}

/**
 * Whether `p` may see the description and photos of a report of a violation of law (sensitive
 * personal data, Decree 356/2025): the case's team (officers and its lead), the commune's
 * leader, its data-protection officer and the admin token. The commune admin and province users
 * see the case without them (figures, not descriptions).
 */
export function canSeeViolationDetail(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  if (p.role === "admin") return true;
  if (p.communeId !== c.communeId) return false;
  if (p.role === "leader" || p.role === "dpo") return true;
  return (p.role === "lead" || p.role === "officer") && p.teamId !== null && p.teamId === c.teamId;
}

/** Whether `p` reads every team's cases (of the communes it reads): all but a lead or officer, who read their team's. */
export function seesEveryTeam(p: Principal): boolean {
  return p.role !== "lead" && p.role !== "officer";
}

/** Admins and the commune leadership: every team's cases, to act on. */
export function isLeadership(p: Principal): boolean {
  return p.role === "admin" || p.role === "leader";
}

/** Whether `p` may hand a case to another team: its team's lead, or the leadership of its commune. */
export function canReassign(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  return canActOnCase(p, c) && (isLeadership(p) || p.role === "lead");
}

/**
 * Whether `p` may hand a case to another commune: the right, and the case in view (a lead: their
 * own team's case; the leadership and the commune admin: any of their commune's).
 */
export function canTransfer(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  return can(p, "cases:transfer") && canSeeCase(p, c);
}

/**
 * The roles `p` may give an officer: the admin token and a province admin any; a commune admin
 * the roles of its commune (never a province role, which would read every commune).
 */
export function grantableRoles(p: Principal): readonly OfficerRole[] {
  if (p.role === "admin" || p.role === "province_admin")
    return ["officer", "lead", "leader", "commune_admin", "dpo", "province", "province_admin"];
  if (p.role === "commune_admin") return ["officer", "lead", "leader", "commune_admin", "dpo"];
  return [];
}
