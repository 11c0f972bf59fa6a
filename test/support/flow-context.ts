import type { CommuneConfig } from "../../src/commune/config.js";
import type { CaseReader, FlowContext, NearbyCase } from "../../src/conversation/flow.js";
import { EMPTY_CATALOGUE, loadCatalogueFile, type ProcedureCatalogue } from "../../src/procedures/catalogue.js";

/** The catalogue the commune config names (the example's for the example commune), as if just imported. */
export function catalogueOf(commune: CommuneConfig): ProcedureCatalogue {
  if (!commune.procedureCatalogue) return EMPTY_CATALOGUE;
  const { catalogue } = loadCatalogueFile(commune.procedureCatalogue);
  return { procedures: catalogue.procedures, example: catalogue.example, version: "test" };
}

/**
 * A hand-made context for driving flows without the hotline: no dossier is found, nothing is
 * followed, `nearby` is what the duplicate look-up answers (each question pushed to `asked`).
 */
export function handMadeContext(commune: CommuneConfig, nearby: NearbyCase[] = [], asked: unknown[] = []): FlowContext {
  return {
    now: new Date("2025-11-25T03:00:00Z"),
    userId: "u1",
    commune,
    procedures: catalogueOf(commune),
    lookupAllowance: { left: 10, resetsAt: new Date("2025-11-25T03:10:00Z") },
    lookupDossier: async () => ({ notFound: true }),
    completeDossierCode: async () => [],
    followedDossiers: async () => [],
    nearbyOpenCases: async (q) => {
      asked.push(q);
      return nearby;
    },
    villageOpenCases: async () => [],
    linkedOfficer: async () => null,
    cases: noCases,
    handoff: { current: async () => null, officersOnDuty: async () => 1, isOwnSend: async () => false },
    recentMessages: [],
    shareAsked: null,
  };
}

/** A case reader for pure flow tests that knows no case. */
export const noCases: CaseReader = {
  get: async () => null,
  worklist: async () => ({ cases: [], total: 0 }),
  mine: async () => [],
  follows: async () => false,
  reporterPhoneMatch: async () => "unknown",
  leftWithPhone: async () => [],
};
