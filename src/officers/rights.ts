import type { Officer, OfficerRole } from "./officer-rows.js";

/**
 * Who may act on which case, wherever the officer acts from (the API, Zalo commands, the
 * dashboard): admins and the commune leadership on every case, a team lead and officers on
 * their own team's cases only.
 */

/** Who is acting. The `ADMIN_TOKEN` is the principal `{id: "admin", role: "admin"}`. */
export interface Principal {
  id: string;
  role: OfficerRole;
  teamId: string | null;
}

/** The principal of a registered officer. */
export function principalOfOfficer(o: Pick<Officer, "id" | "role" | "teamId">): Principal {
  return { id: o.id, role: o.role, teamId: o.teamId };
}

/** Whether `p` may see (and act on) the cases of `teamId`: admins and leaders all, others their team's. */
export function canSeeTeam(p: Principal, teamId: string | null): boolean {
  if (isLeadership(p)) return true;
  return p.teamId !== null && p.teamId === teamId;
}

/** Admins and the commune leadership: every team's cases. */
export function isLeadership(p: Principal): boolean {
  return p.role === "admin" || p.role === "leader";
}

/** Whether `p` may hand a case of `teamId` to another team: that team's lead, or the leadership. */
export function canReassign(p: Principal, teamId: string | null): boolean {
  return isLeadership(p) || (p.role === "lead" && canSeeTeam(p, teamId));
}
