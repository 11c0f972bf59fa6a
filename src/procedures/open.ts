import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { loadCatalogueFile } from "./catalogue.js";
import { syncCatalogueFile } from "./repository.js";
import { ProcedureCatalogues, ProcedureCatalogueStore } from "./store.js";

/**
 * A commune's procedure catalogue at start: the file named in the commune config is checked (a
 * bad row stops the start, naming it) and imported when it changed since the commune last
 * imported it; then the catalogue in force is loaded for the conversations.
 */
export async function openProcedureCatalogue(
  db: Database,
  commune: CommuneConfig,
  opts: { recheckMs?: number } = {},
): Promise<ProcedureCatalogueStore> {
  if (commune.procedureCatalogue) {
    const file = loadCatalogueFile(commune.procedureCatalogue);
    const imported = await syncCatalogueFile(db, commune.id, file);
    if (imported !== null)
      logger.info("procedure catalogue imported from file", {
        commune: commune.id,
        procedures: file.catalogue.procedures.length,
        import: imported,
      });
  }
  const store = new ProcedureCatalogueStore(db, commune.id, opts);
  const catalogue = await store.current();
  if (catalogue.example) {
    logger.warn(
      "the procedure catalogue is the shipped EXAMPLE: check every procedure against the commune's own list before citizens rely on it",
      { commune: commune.id, procedures: catalogue.procedures.length },
    );
  }
  return store;
}

/** Every commune's catalogue at start (`openProcedureCatalogue` for each, one after the other). */
export async function openProcedureCatalogues(
  db: Database,
  communes: Pick<Communes, "list">,
  opts: { recheckMs?: number } = {},
): Promise<ProcedureCatalogues> {
  const stores: ProcedureCatalogueStore[] = [];
  for (const commune of communes.list) stores.push(await openProcedureCatalogue(db, commune, opts));
  return new ProcedureCatalogues(stores);
}
