import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { allTeams, type Team } from "./teams.js";

type FileTeam = CommuneConfig["teams"][number];

/**
 * Each commune's active teams as the registry holds them, kept in `commune.teams`, which every
 * part of the hotline reads (team names in notices and answers, hand-over targets, the page's
 * choices). At start `commune.teams` is the file's; the roster puts the database's in its place:
 * names given on the page, teams made there, and no deactivated team (none is offered as a
 * hand-over target or a member's team; an old case of one shows its id). A change made through
 * this process's API is seen at once (`refresh`); one made by another process (the web role, for
 * a worker) after at most `recheckMs`. Routing reads the deactivated teams from the database at
 * each filing, so no new case waits for a re-read.
 */
export class TeamRosters {
  private readonly fileTeams = new Map<string, readonly FileTeam[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly communes: Pick<Communes, "list">,
  ) {
    for (const c of communes.list) this.fileTeams.set(c.id, [...c.teams]);
  }

  /** Read every commune's teams and put the active ones in `commune.teams`. */
  async refresh(): Promise<void> {
    const rows = await allTeams(this.db);
    for (const commune of this.communes.list) {
      const file = this.fileTeams.get(commune.id) ?? [];
      const live = rosterOf(
        file,
        rows.filter((t) => t.communeId === commune.id),
      );
      // Never empty: a commune whose rows are not written yet (a test's) keeps the file's teams.
      if (live.length) commune.teams.splice(0, commune.teams.length, ...live);
    }
  }

  /** Re-read every `recheckMs` until `stop` (a failed read is logged; the next one tries again). */
  start(recheckMs = 10_000): void {
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => logger.warn("teams not re-read", { err }));
    }, recheckMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The active teams: the file's in its order (with their listed officers), then those made on the page. */
export function rosterOf(file: readonly FileTeam[], rows: readonly Team[]): FileTeam[] {
  const active = rows.filter((t) => t.active);
  const byId = new Map(active.map((t) => [t.id, t]));
  const fromFile = file.flatMap((f) => {
    const t = byId.get(f.id);
    return t ? [{ ...f, name: t.name }] : [];
  });
  const fileIds = new Set(file.map((f) => f.id));
  const fromPage = active.filter((t) => !fileIds.has(t.id)).map((t) => ({ id: t.id, name: t.name, officers: [] }));
  return [...fromFile, ...fromPage];
}
