import type { CommuneConfig } from "../commune/config.js";
import { areaAt, areaByName } from "../commune/geo.js";
import { categoryById, routeCase, slaFor, UnknownCategoryError } from "../commune/routing.js";
import type { Database } from "../db/database.js";
import { inactiveTeamIds } from "../officers/teams.js";
import { currentDataKeys } from "../privacy/installed-keys.js";
import { sealContact } from "../privacy/sealed-contacts.js";
import { type Case, CaseInputError, type NewCase, newCaseSchema, uploadSource } from "./case.js";
import { audit } from "./case-audit.js";
import { caseByCode, caseBySourceKey } from "./case-rows.js";
import { findNearbyOpenCases, findUnpinnedDuplicates } from "./nearby-cases.js";
import { type CaseNotice, writeCaseNotices } from "./outbox.js";
import { newTrackingCode } from "./tracking-code.js";

/** Filing is idempotent on the report's source key, so a redelivered or retried report never makes a second case. */

// Eight fresh codes colliding in a row would mean the day's code space is nearly full.
const CODE_ATTEMPTS = 8;

/** Options of `fileCase`; `now` and `random` exist for tests. */
export interface FileCaseOptions {
  now?: Date;
  random?: (n: number) => number;
  /**
   * Why the photo keeper would refuse a photo URL outright (see `photos.ts`), or null: such a
   * photo is recorded as failed at once, so nothing ever shows or sends it on.
   */
  refusePhoto?: (url: string) => string | null;
  /** Send the reporter the case's code (a report from a messenger, whose reporter waits for it). */
  confirmToReporter?: boolean;
  /**
   * The commune whose OA the reporter wrote to, when another commune (`config`) handles the
   * report (its pin lies across the border): the reporter's notices go through that OA.
   */
  contactCommuneId?: string;
}

/**
 * File a report as a case, once: the same `sourceKey` returns the case filed first
 * (`created: false`), even when both calls run at the same time. The case is routed to a team
 * (area from the location, else from the typed address), gets its deadlines, its photos' rows
 * (copies are kept later by the photo keeper), an audit event, links to nearby open cases of the
 * same category, and the reporter as follower. Anonymous reports keep no contact details.
 */
export async function fileCase(
  db: Database,
  config: CommuneConfig,
  input: NewCase,
  opts: FileCaseOptions = {},
): Promise<{ case: Case; created: boolean }> {
  const parsed = newCaseSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CaseInputError(issue.message, issue.path.join(".") || "input");
  }
  const r = parsed.data;
  try {
    categoryById(config, r.category);
  } catch (err) {
    if (err instanceof UnknownCategoryError) throw new CaseInputError(err.message, "category");
    throw err;
  }
  if (r.photos.length + r.keptPhotos.length > config.report.maxPhotos)
    throw new CaseInputError(`at most ${config.report.maxPhotos} photos`, "photos");
  if (r.description.length > config.report.descriptionMax)
    throw new CaseInputError(`description longer than ${config.report.descriptionMax} characters`, "description");

  // The cheap path for redeliveries: no transaction, no code drawn.
  const existing = await caseBySourceKey(db, r.sourceKey);
  if (existing) return { case: existing, created: false };

  const now = opts.now ?? new Date();
  const areaId =
    (r.areaId && config.areas.features.some((a) => a.properties.id === r.areaId) ? r.areaId : null) ??
    (r.location ? areaAt(config, r.location.lat, r.location.lng)?.properties.id : null) ??
    (r.address ? areaByName(config, r.address)?.properties.id : null) ??
    null;
  // A team deactivated on the admin page takes no new case: its rules are skipped.
  const teamId = routeCase(config, areaId, r.category, await inactiveTeamIds(db, config.id));
  const sla = slaFor(config, r.category, now);
  const contactName = r.anonymous ? null : (r.contact?.name ?? null);
  const contactPhone = r.anonymous ? null : (r.contact?.phone ?? null);

  const sealed = sealContact(currentDataKeys(), {
    reporterChannel: r.reporter?.channel ?? null,
    reporterUserId: r.reporter?.userId ?? null,
    name: contactName,
    phone: contactPhone,
  });

  return db.transaction(async (tx) => {
    let code: string | null = null;
    for (let attempt = 0; attempt < CODE_ATTEMPTS && !code; attempt++) {
      const candidate = newTrackingCode(now, opts.random);
      // No conflict target: a clash on the source key (another delivery filed it first) and a
      // clash on the code both insert nothing instead of aborting the transaction.
      const rows = await tx.query<{ code: string }>(
        `INSERT INTO cases (commune_id, code, source_key, channel, category, latitude, longitude, address, area_id, team_id, description,
           anonymous, reporter_channel, reporter_user_sealed, contact_name_sealed, contact_phone_sealed, ack_due_at, resolve_due_at, created_at,
           updated_at, request_digest, reporter_hash, contact_phone_hash, contact_commune_id)
         VALUES ($20, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $21, $22, $23)
         ON CONFLICT DO NOTHING RETURNING code`,
        [
          candidate,
          r.sourceKey,
          r.channel,
          r.category,
          r.location?.lat ?? null,
          r.location?.lng ?? null,
          r.address ?? null,
          areaId,
          teamId,
          r.description,
          r.anonymous,
          r.reporter?.channel ?? null,
          sealed.reporter_user_sealed,
          sealed.contact_name_sealed,
          sealed.contact_phone_sealed,
          sla.ackDueAt,
          sla.resolveDueAt,
          now,
          r.requestDigest ?? null,
          config.id,
          sealed.reporter_hash,
          sealed.contact_phone_hash,
          opts.contactCommuneId ?? null,
        ],
      );
      if (rows[0]) {
        code = rows[0].code;
        break;
      }
      const first = await caseBySourceKey(tx, r.sourceKey);
      if (first) return { case: first, created: false };
    }
    if (!code) throw new Error(`no free tracking code after ${CODE_ATTEMPTS} attempts`);

    for (const [i, url] of r.photos.entries()) {
      const refused = opts.refusePhoto?.(url) ?? null;
      await tx.query(
        "INSERT INTO case_photos (case_code, position, source_url, created_at, copy_failed_at, copy_failure) VALUES ($1, $2, $3, $4, $5, $6)",
        [code, i + 1, url, now, refused === null ? null : now, refused],
      );
    }
    for (const [i, p] of r.keptPhotos.entries()) {
      await tx.query(
        "INSERT INTO case_photos (case_code, position, source_url, stored_path, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [code, r.photos.length + i + 1, uploadSource(p.sha256), p.storedPath, p.contentType, p.bytes, now],
      );
    }
    const nearby: { case: Case; distanceM: number | null }[] = r.location
      ? await findNearbyOpenCases(tx, {
          communeId: config.id,
          category: r.category,
          lat: r.location.lat,
          lng: r.location.lng,
          radiusM: config.duplicates.radiusMeters,
          maxAgeDays: config.duplicates.maxAgeDays,
          now,
          excludeCode: code,
        })
      : [];
    // Without a pin: the same kind in the same village, or the same caller saying the same (no distance).
    const unpinned = r.location
      ? []
      : await findUnpinnedDuplicates(tx, {
          communeId: config.id,
          category: r.category,
          areaId,
          phoneHash: r.channel === "phone" ? sealed.contact_phone_hash : null,
          description: r.description,
          maxAgeDays: config.duplicates.maxAgeDays,
          now,
          excludeCode: code,
        });
    for (const u of unpinned) nearby.push({ case: u, distanceM: null });
    for (const n of nearby) {
      await tx.query(
        "INSERT INTO case_links (case_code, related_case_code, distance_m) VALUES ($1, $2, $3), ($2, $1, $3) ON CONFLICT DO NOTHING",
        [code, n.case.code, n.distanceM],
      );
    }
    // An anonymous reporter's account is kept only sealed, on the case (followersOf reads it there).
    if (r.reporter && !r.anonymous) {
      await tx.query(
        "INSERT INTO case_followers (case_code, channel, user_id, created_at, commune_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        [code, r.reporter.channel, r.reporter.userId, now, opts.contactCommuneId ?? config.id],
      );
    }
    await audit(
      tx,
      code,
      r.actor,
      "filed",
      null,
      "new",
      {
        channel: r.channel,
        areaId,
        teamId,
        photos: r.photos.length + r.keptPhotos.length,
        linked: nearby.map((n) => n.case.code),
        // Sent to another commune's OA, filed here because the pin lies here (borders).
        ...(opts.contactCommuneId && opts.contactCommuneId !== config.id ? { reportedTo: opts.contactCommuneId } : {}),
      },
      now,
    );
    await writeCaseNotices(tx, code, filingNotices(r, opts.confirmToReporter === true), now);
    const filed = await caseByCode(tx, code);
    return { case: filed!, created: true };
  });
}

/**
 * What a filing sets in motion, in this order: the escalation clock (first: a deadline counts from
 * the filing), the reporter's confirmation (when asked), the officers' notice, and the photo
 * keeper for photos given by address.
 */
function filingNotices(r: Pick<NewCase, "reporter" | "photos">, confirm: boolean): CaseNotice[] {
  return [
    { kind: "schedule-escalation" },
    ...(confirm && r.reporter ? [{ kind: "reporter-confirmation" } as const] : []),
    { kind: "officers-new-case" },
    ...(r.photos?.length ? [{ kind: "keep-photos" } as const] : []),
  ];
}
