import type { Queryable } from "../db/database.js";

/** One run of the retention purge for a commune: when, and how many rows it removed per kind of data. */
export interface PurgeReport {
  ranAt: Date;
  counts: Record<string, number>;
}

/** A commune's latest purges (`privacy_purges`), newest first: what the admin page shows. */
export async function latestPurges(db: Queryable, communeId: string, limit: number): Promise<PurgeReport[]> {
  const rows = await db.query<{ ran_at: Date | string; counts: Record<string, number> | string }>(
    "SELECT ran_at, counts FROM privacy_purges WHERE commune_id = $1 ORDER BY ran_at DESC, id DESC LIMIT $2",
    [communeId, limit],
  );
  return rows.map((r) => ({
    ranAt: new Date(r.ran_at),
    counts: typeof r.counts === "string" ? (JSON.parse(r.counts) as Record<string, number>) : r.counts,
  }));
}
