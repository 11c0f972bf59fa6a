import type { CommuneConfig } from "../commune/config.js";
import type { Channel } from "../core/channel-event.js";
import type { Queryable } from "../db/database.js";
import type { Officer } from "../officers/officer-rows.js";

/**
 * Who may take a citizen's conversation (`#nhanchat`, `#tl`): the front desk (`handoffTeam`), and
 * the team of a case the citizen reported under their name (it may need to ask them about it).
 * An anonymous report never links its reporter's chat to the team.
 */
export async function mayTakeConversation(
  db: Queryable,
  commune: CommuneConfig,
  officer: Officer,
  citizen: { channel: Channel; userId: string },
): Promise<boolean> {
  if (!officer.active || !officer.teamId) return false;
  if (commune.handoffTeam && officer.teamId === commune.handoffTeam) return true;
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases
      WHERE reporter_channel = $1 AND reporter_user_id = $2 AND team_id = $3 AND NOT anonymous`,
    [citizen.channel, citizen.userId, officer.teamId],
  );
  return (rows[0]?.n ?? 0) > 0;
}
