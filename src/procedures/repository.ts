import type { Database, Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import { type CatalogueFile, EMPTY_CATALOGUE, type Procedure, type ProcedureCatalogue, procedureSchema } from "./catalogue.js";

/**
 * Storage of the communes' procedure catalogues: each commune's replaced whole by each of its
 * imports, read by every process.
 */

// Any fixed number: imports (and the start-up sync) run one at a time across every process.
const IMPORT_LOCK = 7_0012_2026;

export type ImportSource = "file" | "api";

export interface ImportRecord {
  id: number;
  source: ImportSource;
  sha256: string;
}

/** The commune's latest import, or null when it never imported a catalogue. */
export async function latestImport(db: Queryable, communeId: string): Promise<ImportRecord | null> {
  const rows = await db.query<ImportRecord>(
    "SELECT id, source, sha256 FROM procedure_imports WHERE commune_id = $1 ORDER BY id DESC LIMIT 1",
    [communeId],
  );
  return rows[0] ?? null;
}

/** Replace the commune's catalogue in `tx` (the caller holds the import lock) and record the import. */
async function replaceIn(tx: Queryable, communeId: string, file: CatalogueFile, source: ImportSource): Promise<number> {
  await tx.query("DELETE FROM procedures WHERE commune_id = $1", [communeId]);
  for (const [position, p] of file.catalogue.procedures.entries()) {
    await tx.query("INSERT INTO procedures (commune_id, id, position, national_code, name, entry) VALUES ($1, $2, $3, $4, $5, $6)", [
      communeId,
      p.id,
      position,
      p.nationalCode ?? null,
      p.name,
      JSON.stringify(p),
    ]);
  }
  const rows = await tx.query<{ id: number }>(
    "INSERT INTO procedure_imports (commune_id, source, sha256, example, procedures) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [communeId, source, file.sha256, file.catalogue.example, file.catalogue.procedures.length],
  );
  return rows[0]!.id;
}

/** Replace the commune's whole catalogue with `file` (one transaction); returns the new import's id. */
export async function replaceCatalogue(db: Database, communeId: string, file: CatalogueFile, source: ImportSource): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [IMPORT_LOCK]);
    return replaceIn(tx, communeId, file, source);
  });
}

/**
 * The catalogue file named in the commune config, imported at start when its content differs
 * from the last file the commune imported: the catalogue in force is whichever changed last — the
 * file (edited, then the hotline restarted) or an import over the API (which a restart keeps).
 * Returns the import id when it imported, null when the file was imported before.
 */
export async function syncCatalogueFile(db: Database, communeId: string, file: CatalogueFile): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [IMPORT_LOCK]);
    const last = await tx.query<{ sha256: string }>(
      "SELECT sha256 FROM procedure_imports WHERE source = 'file' AND commune_id = $1 ORDER BY id DESC LIMIT 1",
      [communeId],
    );
    if (last[0]?.sha256 === file.sha256) return null;
    return replaceIn(tx, communeId, file, "file");
  });
}

/** The commune's catalogue in force; a stored row the schema no longer accepts is left out (and logged). */
export async function loadCatalogue(db: Queryable, communeId: string): Promise<ProcedureCatalogue> {
  const last = await db.query<{ id: number; example: boolean }>(
    "SELECT id, example FROM procedure_imports WHERE commune_id = $1 ORDER BY id DESC LIMIT 1",
    [communeId],
  );
  if (!last[0]) return EMPTY_CATALOGUE;
  const rows = await db.query<{ id: string; entry: unknown }>("SELECT id, entry FROM procedures WHERE commune_id = $1 ORDER BY position", [
    communeId,
  ]);
  const procedures: Procedure[] = [];
  for (const row of rows) {
    const entry = typeof row.entry === "string" ? (JSON.parse(row.entry) as unknown) : row.entry;
    const parsed = procedureSchema.safeParse(entry);
    if (parsed.success) procedures.push(parsed.data);
    else logger.warn("stored procedure no longer valid; left out", { commune: communeId, id: row.id });
  }
  return { procedures, example: last[0].example, version: String(last[0].id) };
}
