import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import type { OutboxBell } from "../cases/outbox-relay.js";
import type { Database } from "../db/database.js";
import type { TeamRosters } from "../officers/team-roster.js";
import type { ProcedureCatalogues } from "../procedures/store.js";
import type { Closers } from "./closers.js";
import type { HotlineOverrides } from "./overrides.js";

/** What `startHotline` makes once for the process and hands to each role it plays (web, worker). */
export interface ProcessParts {
  config: Config;
  db: Database;
  communes: Communes;
  overrides: HotlineOverrides;
  closers: Closers;
  /** One store per commune and process: an import over this process's API is seen by its conversations at once. */
  procedures: ProcedureCatalogues;
  /** Each commune's teams as the registry holds them, in `commune.teams` (re-read on a change made here, and every few seconds). */
  teams: TeamRosters;
  /** Rung by the web role after a change of a case; heard by the worker role's relay in the same process. */
  outboxBell: OutboxBell;
}
