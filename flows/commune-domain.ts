import type { CommuneConfig } from "../src/commune/config.js";
import type { FlowContext } from "../src/conversation/flow.js";
import type { ProcedureCatalogue } from "../src/procedures/catalogue.js";
import { LEXICON } from "./citizen-words.js";
import { compileDomain, type Domain } from "./text/domain.js";

const DOMAINS = new WeakMap<ProcedureCatalogue, WeakMap<Pick<CommuneConfig, "categories">, Domain>>();

/** The commune's words as a step's context holds them. */
export const domainOf = (ctx: Pick<FlowContext, "procedures" | "commune">): Domain => domainFor(ctx.procedures, ctx.commune);

/**
 * The commune's words (its procedures and report categories) ready for `understand`; compiled
 * once per catalogue and config.
 */
export function domainFor(catalogue: ProcedureCatalogue, commune: Pick<CommuneConfig, "categories" | "otherCategory">): Domain {
  let byCommune = DOMAINS.get(catalogue);
  if (!byCommune) DOMAINS.set(catalogue, (byCommune = new WeakMap()));
  let domain = byCommune.get(commune);
  if (!domain) byCommune.set(commune, (domain = compileDomain(catalogue, commune, LEXICON)));
  return domain;
}
