import type { Database, Queryable } from "./database.js";
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

/**
 * Officers are the one table where a row may have no commune: a province user's (migration 016).
 * Their unowned rows are a commune role's without a commune, and instead of NOT NULL the table
 * gets a check that a commune's member has one.
 */
const UNOWNED: Partial<Record<(typeof COMMUNE_TABLES)[number], string>> = {
  officers: "commune_id IS NULL AND role NOT IN ('province', 'province_admin')",
};
const MEMBER_HAS_COMMUNE = "officers_member_has_commune";

async function requireCommune(tx: Queryable, table: (typeof COMMUNE_TABLES)[number]): Promise<void> {
  if (table !== "officers") {
    await tx.exec(`ALTER TABLE ${table} ALTER COLUMN commune_id SET NOT NULL`);
    return;
  }
  if ((await tx.query("SELECT 1 FROM pg_constraint WHERE conname = $1 AND conrelid = 'officers'::regclass", [MEMBER_HAS_COMMUNE])).length)
    return;
  await tx.exec(
    `ALTER TABLE officers ADD CONSTRAINT ${MEMBER_HAS_COMMUNE} CHECK (commune_id IS NOT NULL OR role IN ('province', 'province_admin'))`,
  );
}

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
    // Officers stay nullable (province users): done once their check is in place.
    if ((await tx.query("SELECT 1 FROM pg_constraint WHERE conname = $1 AND conrelid = 'officers'::regclass", [MEMBER_HAS_COMMUNE])).length)
      open.delete("officers");
    const tables = COMMUNE_TABLES.filter((t) => open.has(t));
    if (tables.length === 0) return 0;
    const only = communes.only();
    let claimed = 0;
    for (const t of tables) {
      if (only) {
        const rows = await tx.query<{ n: number }>(
          `WITH claimed AS (UPDATE ${t} SET commune_id = $1 WHERE ${UNOWNED[t] ?? "commune_id IS NULL"} RETURNING 1) SELECT count(*)::int AS n FROM claimed`,
          [only.id],
        );
        claimed += rows[0]?.n ?? 0;
        await requireCommune(tx, t);
      } else {
        const rows = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE ${UNOWNED[t] ?? "commune_id IS NULL"}`);
        if ((rows[0]?.n ?? 0) > 0)
          throw new UnownedRowsError(
            `${rows[0]!.n} rows of ${t} belong to no commune (written before communes had ids): start once with the ` +
              "COMMUNE_CONFIG of the commune that wrote them (its file naming its id), then with COMMUNES_DIR",
          );
        await requireCommune(tx, t);
      }
    }
    if (claimed > 0) logger.info("rows from before communes had ids given to the commune", { commune: only?.id, rows: claimed });
    return claimed;
  });
}
