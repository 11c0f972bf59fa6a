import type { Queryable } from "../db/database.js";
import { CONSENT_PURPOSES, type ConsentPurpose } from "./purposes.js";

/** Who is asked, in which commune: the keyed hash only (person-key.ts). */
export interface PersonRef {
  communeId: string;
  personHash: string;
  channel: string;
}

export interface ConsentAnswer {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The exact text the person was shown with the button. */
  textShown: string;
  eventId: string;
  at: Date;
  oaId?: string | null;
}

/** Record a consent given or withdrawn; a redelivered event records nothing more. */
export async function recordConsent(db: Queryable, who: PersonRef, a: ConsentAnswer): Promise<void> {
  await db.query(
    `INSERT INTO consent_records (commune_id, person_hash, channel, oa_id, purpose, granted, text_shown, event_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id, purpose) DO NOTHING`,
    [who.communeId, who.personHash, who.channel, a.oaId ?? null, a.purpose, a.granted, a.textShown, a.eventId, a.at],
  );
}

/** The purposes this person ever answered (given or refused): a question asked once is not asked again. */
export async function answeredPurposes(db: Queryable, communeId: string, personHash: string): Promise<ConsentPurpose[]> {
  const rows = await db.query<{ purpose: ConsentPurpose }>(
    "SELECT DISTINCT purpose FROM consent_records WHERE commune_id = $1 AND person_hash = $2",
    [communeId, personHash],
  );
  return rows.map((r) => r.purpose);
}

/** The consent in force per purpose: the latest answer; false when never given. */
export async function consentsInForce(db: Queryable, communeId: string, personHash: string): Promise<Record<ConsentPurpose, boolean>> {
  const rows = await db.query<{ purpose: ConsentPurpose; granted: boolean }>(
    `SELECT DISTINCT ON (purpose) purpose, granted FROM consent_records
     WHERE commune_id = $1 AND person_hash = $2 ORDER BY purpose, id DESC`,
    [communeId, personHash],
  );
  const out = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, false])) as Record<ConsentPurpose, boolean>;
  for (const r of rows) out[r.purpose] = r.granted;
  return out;
}
