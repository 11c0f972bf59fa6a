import type { Database } from "./database.js";
import { logger } from "../logger.js";

/** The tables whose rows carry their commune (migrations 012 and 014) and are written with it. */
export const COMMUNE_TABLES = [
  "teams",
  "officers",
  "dossiers",
  "dossier_followers",
  "procedures",
  "procedure_imports",
  "cases",
  "case_photos",
  "case_notes",
  "case_events",
  "case_links",
  "case_followers",
  "case_outbox",
  "held_notices",
  "officer_link_codes",
  "officer_events",
  "handoff_messages",
  "shared_phones",
] as const;

export class UnownedRowsError extends Error {
  override name = "UnownedRowsError";
}

/**
 * Give the rows written before communes had ids to the commune that wrote them, then make the
 * column NOT NULL, so a row without a commune can never be written again. Only a province of one
 * can claim them (whose they are is then certain): the upgrade of a single-commune deployment
 * starts it once as it was, with its `COMMUNE_CONFIG` (now naming its `id`), before it joins a
 * province's `COMMUNES_DIR`. Idempotent, in one transaction; the tables stay readable meanwhile.
 */
export async function claimUnownedRows(db: Database, communes: { only(): { id: string } | undefined; ids: string[] }): Promise<number> {
  return db.transaction(async (tx) => {
    const nullable = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'commune_id' AND is_nullable = 'YES'`,
    );
    const open = new Set(nullable.map((r) => r.table_name));
    const tables = COMMUNE_TABLES.filter((t) => open.has(t));
    if (tables.length === 0) return 0;
    const only = communes.only();
    let claimed = 0;
    for (const t of tables) {
      if (only) {
        const rows = await tx.query<{ n: number }>(
          `WITH claimed AS (UPDATE ${t} SET commune_id = $1 WHERE commune_id IS NULL RETURNING 1) SELECT count(*)::int AS n FROM claimed`,
          [only.id],
        );
        claimed += rows[0]?.n ?? 0;
        await tx.exec(`ALTER TABLE ${t} ALTER COLUMN commune_id SET NOT NULL`);
      } else {
        const rows = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE commune_id IS NULL`);
        if ((rows[0]?.n ?? 0) > 0)
          throw new UnownedRowsError(
            `${rows[0]!.n} rows of ${t} belong to no commune (written before communes had ids): start once with the ` +
              "COMMUNE_CONFIG of the commune that wrote them (its file naming its id), then with COMMUNES_DIR",
          );
        await tx.exec(`ALTER TABLE ${t} ALTER COLUMN commune_id SET NOT NULL`);
      }
    }
    if (claimed > 0) logger.info("rows from before communes had ids given to the commune", { commune: only?.id, rows: claimed });
    return claimed;
  });
}
