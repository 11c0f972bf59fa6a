import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { loadCatalogueFile } from "./catalogue.js";
import { syncCatalogueFile } from "./repository.js";
import { ProcedureCatalogueStore } from "./store.js";

/**
 * The procedure catalogue at start: the file named in the commune config is checked (a bad row
 * stops the start, naming it) and imported when it changed since it was last imported; then the
 * catalogue in force is loaded for the conversations.
 */
export async function openProcedureCatalogue(
  db: Database,
  commune: CommuneConfig,
  opts: { recheckMs?: number } = {},
): Promise<ProcedureCatalogueStore> {
  if (commune.procedureCatalogue) {
    const file = loadCatalogueFile(commune.procedureCatalogue);
    const imported = await syncCatalogueFile(db, file);
    if (imported !== null)
      logger.info("procedure catalogue imported from file", { procedures: file.catalogue.procedures.length, import: imported });
  }
  const store = new ProcedureCatalogueStore(db, opts);
  const catalogue = await store.current();
  if (catalogue.example) {
    logger.warn(
      "the procedure catalogue is the shipped EXAMPLE: check every procedure against the commune's own list before citizens rely on it",
      {
        procedures: catalogue.procedures.length,
      },
    );
  }
  return store;
}
