import type { Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import type { DossierConnector } from "./connector.js";
import type { Dossier } from "./dossier.js";
import { findByCode, heldByAnotherCommune, upsertDossiers } from "./repository.js";

export interface LookupDeps {
  db: Queryable;
  /** The one-stop system, when DOSSIER_API_URL is set. */
  connector?: DossierConnector | null;
  /**
   * Keep what the connector found in our table (default true), so citizens can follow it and
   * its later changes are detected like an import's. It is only asked when the table has no
   * such dossier, so storing its answer is an insert, never a status change to announce (in a
   * race with an import, followers still see the change through `pendingNotices`).
   */
  persist?: boolean;
}

export type LookupResult = { found: Dossier } | { notFound: true } | { unavailable: true };

/**
 * Look a dossier of the commune up by its canonical code: our table first, then the one-stop
 * system if configured. Another commune's dossier is not found (neither from our table nor from
 * the one-stop system: it is that commune's citizens' to see). Never throws: a failing database
 * or connector is `unavailable`, so the citizen hears "try again later" rather than "no such dossier".
 */
export async function lookupDossier(deps: LookupDeps, communeId: string, code: string): Promise<LookupResult> {
  let stored: Dossier | null;
  try {
    stored = await findByCode(deps.db, communeId, code);
    if (!stored && deps.connector && (await heldByAnotherCommune(deps.db, communeId, code))) return { notFound: true };
  } catch (err) {
    logger.warn("dossier lookup: database failed", { code, err });
    return { unavailable: true };
  }
  if (stored) return { found: stored };
  if (!deps.connector) return { notFound: true };

  let remote: Dossier | null;
  try {
    remote = await deps.connector.fetchDossier(code);
  } catch (err) {
    logger.warn("dossier lookup: one-stop system unavailable", { code, err });
    return { unavailable: true };
  }
  if (!remote) return { notFound: true };

  if (deps.persist !== false) {
    try {
      // Stored as the asking commune's (the one-stop system does not say whose it is).
      const kept = await upsertDossiers(deps.db, communeId, [remote]);
      // Another commune imported it meanwhile: theirs, not this commune's to show.
      if (kept.outcomes[0]?.outcome === "foreign") return { notFound: true };
    } catch (err) {
      // The citizen still gets the answer; only following it has to wait.
      logger.warn("dossier lookup: could not store the connector's answer", { code, err });
    }
  }
  return { found: remote };
}
