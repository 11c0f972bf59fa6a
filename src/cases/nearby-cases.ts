import { distanceMeters } from "../commune/geo.js";
import type { Queryable } from "../db/database.js";
import { type Case, OPEN_STATUSES } from "./case.js";
import { CASE_COLUMNS, type CaseRow, toCase } from "./case-rows.js";

/** Query of `findNearbyOpenCases`. */
export interface NearbyQuery {
  /** The commune whose cases are looked at: a case across the border is another commune's to handle. */
  communeId: string;
  category: string;
  lat: number;
  lng: number;
  radiusM: number;
  maxAgeDays: number;
  now?: Date;
  /** Leave this case out (the one just filed). */
  excludeCode?: string;
}

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * Open cases of the same category within `radiusM` filed in the last `maxAgeDays`, nearest
 * first. A bounding box narrows the rows in SQL (no PostGIS needed); haversine decides.
 */
export async function findNearbyOpenCases(db: Queryable, q: NearbyQuery): Promise<{ case: Case; distanceM: number }[]> {
  const now = q.now ?? new Date();
  // A little slack on the box so rounding never drops a case that haversine would keep.
  const dLat = (q.radiusM * 1.01) / METRES_PER_DEGREE_LAT;
  const dLng = (q.radiusM * 1.01) / (METRES_PER_DEGREE_LAT * Math.max(Math.cos((q.lat * Math.PI) / 180), 0.01));
  const since = new Date(now.getTime() - q.maxAgeDays * 24 * 3600_000);
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases
     WHERE category = $1 AND status = ANY($2::text[]) AND created_at >= $3
       AND latitude BETWEEN $4 AND $5 AND longitude BETWEEN $6 AND $7 AND code <> $8 AND commune_id = $9`,
    [q.category, [...OPEN_STATUSES], since, q.lat - dLat, q.lat + dLat, q.lng - dLng, q.lng + dLng, q.excludeCode ?? "", q.communeId],
  );
  return rows
    .map(toCase)
    .map((c) => ({ case: c, distanceM: distanceMeters({ lat: q.lat, lng: q.lng }, { lat: c.lat!, lng: c.lng! }) }))
    .filter((n) => n.distanceM <= q.radiusM)
    .sort((a, b) => a.distanceM - b.distanceM);
}

/**
 * Possible duplicates of a report without a pin (no distance to measure): open cases of the same
 * category in the same village filed in the last `maxAgeDays`, and, for a report taken by phone,
 * the same caller's open case with the same words. Newest first.
 */
export async function findUnpinnedDuplicates(
  db: Queryable,
  q: {
    communeId: string;
    category: string;
    areaId: string | null;
    /** The caller's keyed phone hash (`contact_phone_hash`), for a report taken by phone. */
    phoneHash: string | null;
    description: string;
    maxAgeDays: number;
    now: Date;
    excludeCode: string;
  },
): Promise<Case[]> {
  const since = new Date(q.now.getTime() - q.maxAgeDays * 24 * 3600_000);
  const rows = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases
     WHERE status = ANY($1::text[]) AND created_at >= $2 AND code <> $3 AND commune_id = $8
       AND ((category = $4 AND area_id = $5) OR (channel = 'phone' AND contact_phone_hash = $6 AND lower(description) = lower($7)))
     ORDER BY created_at DESC LIMIT 5`,
    [[...OPEN_STATUSES], since, q.excludeCode, q.category, q.areaId, q.phoneHash, q.description, q.communeId],
  );
  return rows.map(toCase);
}
