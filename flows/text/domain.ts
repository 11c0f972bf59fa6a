/**
 * The commune's own words, compiled for matching like the vocabulary: the names and aliases of
 * the procedures in its catalogue, and the keywords of its report categories. Built once per
 * catalogue and config (both change only by an import or a restart) and cached.
 */
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Procedure, ProcedureCatalogue } from "../../src/procedures/catalogue.js";
import { type Lexicon, phraseOf } from "./lexicon.js";
import type { Phrase } from "./phrases.js";

export interface Domain {
  /** Names and aliases of procedures; one phrase may name several ("chứng thực"). */
  readonly procedurePhrases: readonly Phrase[];
  readonly proceduresNamedBy: ReadonlyMap<Phrase, readonly string[]>;
  /** The catalogue's procedures by id, in the commune's order. */
  readonly procedures: ReadonlyMap<string, Procedure>;
  /** Keywords of the report categories. */
  readonly categoryPhrases: readonly Phrase[];
  readonly categoriesNamedBy: ReadonlyMap<Phrase, readonly string[]>;
  /** The catch-all category of a problem no keyword names ("Khác"). */
  readonly otherCategory: string | null;
  /** Every word of those phrases: what Telex/VNI leftovers may be repaired to. */
  readonly known: ReadonlySet<string>;
}

export const NO_DOMAIN: Domain = {
  procedurePhrases: [],
  proceduresNamedBy: new Map(),
  procedures: new Map(),
  categoryPhrases: [],
  categoriesNamedBy: new Map(),
  otherCategory: null,
  known: new Set(),
};

/** Phrases → the ids they name, one phrase object per distinct spelling. */
function index(entries: Iterable<{ id: string; texts: readonly string[] }>, lexicon: Lexicon, known: Set<string>) {
  const byKey = new Map<string, { phrase: Phrase; ids: string[] }>();
  for (const { id, texts } of entries) {
    for (const text of texts) {
      const p = phraseOf(text, lexicon);
      if (!p) continue;
      const key = p.words.join(" ");
      const found = byKey.get(key);
      if (found) {
        if (!found.ids.includes(id)) found.ids.push(id);
      } else {
        byKey.set(key, { phrase: p, ids: [id] });
        for (const w of p.words) known.add(w);
      }
    }
  }
  const named = new Map<Phrase, readonly string[]>();
  for (const { phrase, ids } of byKey.values()) named.set(phrase, ids);
  return { phrases: [...named.keys()], named };
}

export function compileDomain(
  catalogue: ProcedureCatalogue,
  commune: Pick<CommuneConfig, "categories" | "otherCategory">,
  lexicon: Lexicon,
): Domain {
  const known = new Set<string>();
  const procs = index(
    catalogue.procedures.map((p) => ({ id: p.id, texts: [p.name, ...p.aliases] })),
    lexicon,
    known,
  );
  const cats = index(
    commune.categories.map((c) => ({ id: c.id, texts: c.keywords })),
    lexicon,
    known,
  );
  return {
    procedurePhrases: procs.phrases,
    proceduresNamedBy: procs.named,
    procedures: new Map(catalogue.procedures.map((p) => [p.id, p])),
    categoryPhrases: cats.phrases,
    categoriesNamedBy: cats.named,
    otherCategory: commune.otherCategory ?? null,
    known,
  };
}
