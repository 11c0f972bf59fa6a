import type { Officer, OfficerRole } from "./officer-rows.js";

/**
 * Who may act on which case, wherever the officer acts from (the API, Zalo commands, the
 * dashboard): nobody outside the case's commune (but the admin token); within it the commune
 * leadership on every case, a team lead and officers on their own team's cases only.
 */

/** Who is acting. The `ADMIN_TOKEN` is the principal `{id: "admin", role: "admin", communeId: null}`. */
export interface Principal {
  id: string;
  role: OfficerRole;
  teamId: string | null;
  /** The officer's commune; null for the admin token, which administers every commune. */
  communeId: string | null;
}

/** The principal of a registered officer. */
export function principalOfOfficer(o: Pick<Officer, "id" | "role" | "teamId" | "communeId">): Principal {
  return { id: o.id, role: o.role, teamId: o.teamId, communeId: o.communeId };
}

/** Whether `p` acts in commune `communeId`: its own officers, and the admin token everywhere. */
export function inCommune(p: Principal, communeId: string): boolean {
  return p.communeId === null || p.communeId === communeId;
}

/**
 * Whether `p` may see (and act on) a case: in its commune, the leadership (and admins) every
 * team's, others their own team's.
 */
export function canSeeCase(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  if (!inCommune(p, c.communeId)) return false;
  if (isLeadership(p)) return true;
  return p.teamId !== null && p.teamId === c.teamId;
}

/** Admins and the commune leadership: every team's cases. */
export function isLeadership(p: Principal): boolean {
  return p.role === "admin" || p.role === "leader";
}

/** Whether `p` may hand a case to another team: its team's lead, or the leadership of its commune. */
export function canReassign(p: Principal, c: { communeId: string; teamId: string | null }): boolean {
  return canSeeCase(p, c) && (isLeadership(p) || p.role === "lead");
}
