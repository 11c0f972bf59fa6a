import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OutboxBell } from "./cases/outbox-relay.js";
import type { Config } from "./config.js";
import { type Communes, loadCommunes } from "./commune/communes.js";
import type { Database } from "./db/database.js";
import { claimUnownedRows } from "./db/claim-rows.js";
import { openDatabase } from "./db/open.js";
import { logger } from "./logger.js";
import { installDataKeys } from "./privacy/installed-keys.js";
import { loadDataKeys } from "./privacy/key-store.js";
import { sealLegacyContacts } from "./privacy/sealed-contacts.js";
import { syncFromCommune } from "./officers/config-sync.js";
import { TeamRosters } from "./officers/team-roster.js";
import { openProcedureCatalogues } from "./procedures/open.js";
import { Closers } from "./wiring/closers.js";
import type { HotlineOverrides } from "./wiring/overrides.js";
import { serve } from "./wiring/web.js";
import { work } from "./wiring/workers.js";

export type { HotlineOverrides } from "./wiring/overrides.js";

export interface Hotline {
  /** The HTTP port, when this process serves HTTP (ROLE web or all). */
  port?: number;
  db: Database;
  communes: Communes;
  stop(): Promise<void>;
}

/**
 * Start the roles this process plays: `web` serves HTTP (webhooks, API), `worker` runs the
 * queues' workers, `all` does both. This and `src/wiring/` are the only place where clients,
 * stores, queues and workers are made and handed to each other.
 */
export async function startHotline(config: Config, overrides: HotlineOverrides = {}): Promise<Hotline> {
  // One close may take the grace period (workers finishing their jobs) and a little more.
  const closers = new Closers(config.SHUTDOWN_GRACE_SECONDS * 1000 + 5_000);
  try {
    const communes =
      overrides.communes ??
      loadCommunes({
        communesDir: config.COMMUNES_DIR,
        communeConfig: config.COMMUNE_CONFIG,
        provinceConfig: config.PROVINCE_CONFIG,
      });
    // From 1 November, next year's holidays must be announced in the calendar before deadlines run into it.
    for (const warning of communes.calendarWarnings(overrides.clock?.() ?? new Date())) logger.warn(`holiday calendar: ${warning}`);
    const db = overrides.db ?? (await openDatabase(config));
    if (!overrides.db) closers.add("database", () => db.close());
    // Rows from before communes had ids are the single commune's; after this no row lacks one.
    await claimUnownedRows(db, communes);
    const keys = await loadDataKeys(db, config);
    installDataKeys(keys);
    // Contacts kept in clear before migration 018: sealed once, then their columns stay empty.
    const sealed = await sealLegacyContacts(db, keys);
    if (sealed) logger.info("contacts kept in clear sealed", { cases: sealed });
    for (const commune of communes.list) await syncFromCommune(db, commune);
    // From here on `commune.teams` is the registry's (names given on the page, teams made there).
    const teams = new TeamRosters(db, communes);
    await teams.refresh();
    teams.start();
    closers.add("team roster", async () => teams.stop());
    const parts = {
      config,
      db,
      communes,
      overrides,
      closers,
      procedures: await openProcedureCatalogues(db, communes),
      outboxBell: new OutboxBell(),
      teams,
    };

    let server: Server | undefined;
    if (config.ROLE !== "worker") server = await serve(parts);
    if (config.ROLE !== "web") await work(parts);

    const address = server ? (server.address() as AddressInfo) : undefined;
    const port = address?.port;
    logger.info("hotline listening", { port, host: address?.address, role: config.ROLE, database: db.kind, communes: communes.ids });
    return { port, db, communes, stop: () => closers.closeAll() };
  } catch (err) {
    await closers.closeAll();
    throw err;
  }
}
