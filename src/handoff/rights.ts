import type { CommuneConfig } from "../commune/config.js";
import type { Queryable } from "../db/database.js";
import type { Officer } from "../officers/officer-rows.js";
import type { HandoffCitizen } from "./handoff.js";
import { currentDataKeys } from "../privacy/installed-keys.js";

/**
 * Who may take a citizen's conversation (`#nhanchat`, `#tl`): the front desk (`handoffTeam`) of
 * the citizen's commune, and the team of a case the citizen reported there under their name (it
 * may need to ask them about it). An anonymous report never links its reporter's chat to the team;
 * an officer of another commune never answers for this one (nor could write through its OA).
 * `commune` is the citizen's.
 */
export async function mayTakeConversation(
  db: Queryable,
  commune: CommuneConfig,
  officer: Officer,
  citizen: HandoffCitizen,
): Promise<boolean> {
  if (!officer.active || !officer.teamId) return false;
  if (officer.communeId !== citizen.communeId || commune.id !== citizen.communeId) return false;
  if (commune.handoffTeam && officer.teamId === commune.handoffTeam) return true;
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases
      WHERE commune_id = $1 AND reporter_channel = $2 AND reporter_hash = $3 AND team_id = $4 AND NOT anonymous`,
    [citizen.communeId, citizen.channel, currentDataKeys().personHash(citizen.channel, citizen.userId), officer.teamId],
  );
  return (rows[0]?.n ?? 0) > 0;
}
