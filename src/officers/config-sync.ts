import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";
import type { OfficerRole } from "./officer-rows.js";

/**
 * Upsert the config's teams and officers; leadership becomes role `leader` without a team.
 * Idempotent. The file seeds its teams: a team is created if absent and marked as the file's; its
 * name is the file's unless it was named on the admin page, and a deactivation made there is kept
 * (the page's word wins, see `teams.ts`). The config is authoritative for name, role, team and (when given) the Zalo id;
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
    for (const [i, t] of config.teams.entries()) {
      await tx.query(
        `INSERT INTO teams (id, name, commune_id, from_config, file_position) VALUES ($1, $2, $3, true, $4)
         ON CONFLICT (id) DO UPDATE SET name = CASE WHEN teams.named_on_page THEN teams.name ELSE EXCLUDED.name END,
           commune_id = EXCLUDED.commune_id, from_config = true, file_position = EXCLUDED.file_position`,
        [t.id, t.name, config.id, i],
      );
    }
    for (const p of people) {
      // A Zalo id moved to another officer in the config: take it from whoever holds it now.
      if (p.zaloUserId)
        await tx.query(
          "UPDATE officers SET zalo_user_id = NULL, updated_at = now() WHERE zalo_user_id = $1 AND id <> $2 AND commune_id = $3",
          [p.zaloUserId, p.id, config.id],
        );
      await tx.query(
        `INSERT INTO officers (id, name, role, team_id, zalo_user_id, from_config, commune_id) VALUES ($1, $2, $3, $4, $5, true, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, team_id = EXCLUDED.team_id,
           zalo_user_id = COALESCE(EXCLUDED.zalo_user_id, officers.zalo_user_id), from_config = true,
           commune_id = EXCLUDED.commune_id, updated_at = now()`,
        [p.id, p.name, p.role, p.teamId, p.zaloUserId, config.id],
      );
    }
  });
  return { teams: config.teams.length, officers: people.length };
}
