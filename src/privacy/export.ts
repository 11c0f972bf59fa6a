import type { Queryable } from "../db/database.js";
import { currentDataKeys } from "./installed-keys.js";
import { CONSENT_PURPOSES } from "./purposes.js";
import { openSealed } from "./sealed-contacts.js";

/** The person a file of their data is made for: their account in one commune, and its keyed hash. */
export interface ExportSubject {
  communeId: string;
  channel: string;
  userId: string;
  personHash: string;
}

/**
 * Everything the hotline holds about one messenger account in one commune, as the file a citizen
 * downloads through their one-time link (the right of access, in a portable form). What is kept
 * only as a keyed hash (the phone shared with the OA) is named as such, not reversed.
 */
export async function exportOf(db: Queryable, who: ExportSubject, now: Date) {
  const { communeId, channel, userId, personHash } = who;
  const mine = [channel, userId, communeId];
  const keys = currentDataKeys();
  const reported = await db.query<{
    code: string;
    category: string;
    status: string;
    description: string;
    address: string | null;
    latitude: number | null;
    longitude: number | null;
    contact_name_sealed: string | null;
    contact_phone_sealed: string | null;
    anonymous: boolean;
    created_at: Date;
    updated_at: Date;
    photos: number;
  }>(
    `SELECT c.code, c.category, c.status, c.description, c.address, c.latitude, c.longitude, c.contact_name_sealed, c.contact_phone_sealed,
            c.anonymous, c.created_at, c.updated_at, (SELECT count(*)::int FROM case_photos p WHERE p.case_code = c.code) AS photos
     FROM cases c WHERE c.reporter_hash = $1 AND c.commune_id = $2 ORDER BY c.created_at, c.code`,
    [personHash, communeId],
  );
  const followed = await db.query<{ case_code: string; created_at: Date }>(
    "SELECT case_code, created_at FROM case_followers WHERE channel = $1 AND user_id = $2 AND commune_id = $3 ORDER BY created_at, case_code",
    mine,
  );
  const dossiers = await db.query<{ dossier_code: string; created_at: Date }>(
    "SELECT dossier_code, created_at FROM dossier_followers WHERE channel = $1 AND user_id = $2 AND commune_id = $3 ORDER BY created_at, dossier_code",
    mine,
  );
  const shared = await db.query<{ shared_at: Date }>(
    "SELECT shared_at FROM shared_phones WHERE channel = $1 AND user_id = $2 AND commune_id = $3",
    mine,
  );
  const held = await db.query<{ replies: unknown; created_at: Date }>(
    "SELECT replies, created_at FROM held_notices WHERE channel = $1 AND user_id = $2 AND commune_id = $3 AND delivered_at IS NULL ORDER BY id",
    mine,
  );
  const left = await db.query<{ body: string; created_at: Date; delivered_at: Date | null }>(
    "SELECT body, created_at, delivered_at FROM handoff_messages WHERE channel = $1 AND user_id = $2 AND commune_id = $3 ORDER BY id",
    mine,
  );
  const consents = await db.query<{ purpose: string; granted: boolean; text_shown: string; at: Date }>(
    "SELECT purpose, granted, text_shown, at FROM consent_records WHERE commune_id = $1 AND person_hash = $2 ORDER BY id",
    [communeId, personHash],
  );
  const requests = await db.query<{ kind: string; received_at: Date; done_at: Date | null }>(
    "SELECT kind, received_at, done_at FROM privacy_requests WHERE commune_id = $1 AND person_hash = $2 ORDER BY id",
    [communeId, personHash],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    madeAt: now.toISOString(),
    communeId,
    account: { channel, userId },
    reportedCases: reported.map((r) => ({
      code: r.code,
      category: r.category,
      status: r.status,
      description: r.description,
      address: r.address,
      location: r.latitude !== null && r.longitude !== null ? { latitude: r.latitude, longitude: r.longitude } : null,
      anonymous: r.anonymous,
      contactName: openSealed(keys, r.contact_name_sealed),
      contactPhone: openSealed(keys, r.contact_phone_sealed),
      photos: r.photos,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    })),
    followedCases: followed.map((f) => ({ code: f.case_code, since: iso(f.created_at) })),
    followedDossiers: dossiers.map((d) => ({ code: d.dossier_code, since: iso(d.created_at) })),
    phoneSharedWithOa: shared[0] ? { keptAs: "keyed hash (not the number)", sharedAt: iso(shared[0].shared_at) } : null,
    noticesWaiting: held.map((h) => ({ replies: h.replies, since: iso(h.created_at) })),
    messagesLeftForOfficers: left.map((m) => ({ text: m.body, at: iso(m.created_at), delivered: m.delivered_at !== null })),
    consents: consents.map((c) => ({ purpose: c.purpose, granted: c.granted, textShown: c.text_shown, at: iso(c.at) })),
    consentPurposes: CONSENT_PURPOSES,
    requests: requests.map((r) => ({ kind: r.kind, receivedAt: iso(r.received_at), doneAt: iso(r.done_at) })),
  };
}

export type DataExport = Awaited<ReturnType<typeof exportOf>>;

/** What the download page says (Vietnamese, from flows/): injected like every wording. */
export interface DataExportWording {
  title: string;
  /** The page before the download: what the file is, and that the link works once. */
  ready(communeName: string, expiresAt: string): string;
  download: string;
  used: string;
  expired: string;
  unknown: string;
  /** File name of the download, without extension. */
  fileName(communeId: string): string;
}
