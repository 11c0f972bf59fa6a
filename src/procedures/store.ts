import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { EMPTY_CATALOGUE, type ProcedureCatalogue } from "./catalogue.js";
import { latestImport, loadCatalogue } from "./repository.js";

/**
 * A commune's catalogue in force, kept in memory for the conversations (every citizen message may
 * ask about a procedure; the table is read only when an import changed it). An import in this
 * process is seen at once (`replaced`); one made by another process (the web role of a
 * separate worker) is seen after at most `recheckMs`, when the latest import id is compared.
 */
export class ProcedureCatalogueStore {
  private catalogue: ProcedureCatalogue = EMPTY_CATALOGUE;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<ProcedureCatalogue> | null = null;

  constructor(
    private readonly db: Database,
    readonly communeId: string,
    private readonly opts: { recheckMs?: number; clock?: () => number } = {},
  ) {}

  /** The catalogue, re-read when another process imported a new one since the last check. */
  async current(): Promise<ProcedureCatalogue> {
    const now = (this.opts.clock ?? Date.now)();
    if (now - this.checkedAt < (this.opts.recheckMs ?? 5000)) return this.catalogue;
    // One check at a time: a burst of messages waits for the same query.
    this.inFlight ??= this.refresh(now).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Take the catalogue this process just imported (no need to read it back). */
  replaced(catalogue: ProcedureCatalogue): void {
    this.catalogue = catalogue;
    this.checkedAt = (this.opts.clock ?? Date.now)();
  }

  private async refresh(now: number): Promise<ProcedureCatalogue> {
    try {
      const last = await latestImport(this.db, this.communeId);
      if ((last ? String(last.id) : EMPTY_CATALOGUE.version) !== this.catalogue.version)
        this.catalogue = await loadCatalogue(this.db, this.communeId);
      this.checkedAt = now;
    } catch (err) {
      // The guide goes on with what it has; the next message tries again.
      logger.warn("procedure catalogue not re-read", { commune: this.communeId, err });
    }
    return this.catalogue;
  }
}

/** Each commune's catalogue store, by commune id: one per process, made at start. */
export class ProcedureCatalogues {
  private readonly byCommune = new Map<string, ProcedureCatalogueStore>();

  constructor(stores: readonly ProcedureCatalogueStore[]) {
    for (const s of stores) this.byCommune.set(s.communeId, s);
  }

  /** The commune's store; throws for a commune the deployment does not serve. */
  of(communeId: string): ProcedureCatalogueStore {
    const store = this.byCommune.get(communeId);
    if (!store) throw new Error(`no procedure catalogue for commune "${communeId}" in this deployment`);
    return store;
  }
}
