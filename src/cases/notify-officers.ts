import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Reply } from "../core/reply.js";
import type { Database } from "../db/database.js";
import { formatDateTimeVN } from "../core/local-time.js";
import { logger } from "../logger.js";
import { onDutyOfficersOfTeam } from "../officers/officer-queries.js";
import { type Officer } from "../officers/officer-rows.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";
import { jobId } from "../queues/names.js";
import type { CaseWording, OfficerCaseFacts } from "./wording.js";
import { type Case, type CaseDetail, type CaseLink, type CasePhoto, isRefusedPhoto } from "./case.js";
import type { Escalated } from "./escalation-jobs.js";
import { findCase, getCase } from "./case-queries.js";

/**
 * Telling officers about cases over Zalo: the team's on-duty officers when a case is filed, the
 * team lead or the leadership when it escalates. Each message is an `outbound` job whose id names
 * the case and the officer, so a retried job sends nothing twice; an officer outside Zalo's
 * window gets it held by the outbound worker until they next write.
 *
 * Photos are sent as their platform URLs: Zalo fetches an image by URL, and the hotline has no
 * public address for the kept copies (that would need a new setting). The platform's URLs are
 * still valid right after filing; the kept copies are what the API and the dashboard show.
 */

/** At most this many photo thumbnails per notification (the report allows 5). */
export const MAX_PHOTOS_TO_OFFICERS = 5;

export interface OfficerNotifyDeps {
  db: Database;
  /** The commune of each case is looked up here (its names, its OA). */
  communes: Communes;
  outbound: OutboundTarget;
  say: CaseWording;
  /** The case as officers may see it (personal data: a phone its reporter no longer lets them use). */
  shown?: <C extends Case>(c: C) => Promise<C>;
  now?: () => Date;
}

/** A Google Maps link to a point. */
export function mapsLink(lat: number, lng: number): string {
  return `https://maps.google.com/?q=${lat.toFixed(6)},${lng.toFixed(6)}`;
}

/**
 * Photos Zalo can show from their address: a platform's own. A photo an officer uploaded has no
 * public address (the kept copies are behind the API), so it is only counted; one whose address
 * the keeper refused is never sent on.
 */
export function sendablePhotos(photos: readonly CasePhoto[]): CasePhoto[] {
  return photos.filter((p) => /^https?:\/\//.test(p.sourceUrl) && !isRefusedPhoto(p));
}

/** The facts of a case as officers read them. An anonymous case never carries a contact. */
export function officerFacts(
  c: Case,
  commune: CommuneConfig,
  extra: { photos: number; photosSent?: number; nearby: OfficerCaseFacts["nearby"] },
): OfficerCaseFacts {
  return {
    code: c.code,
    category: commune.categories.find((k) => k.id === c.category)?.name ?? c.category,
    area: commune.areas.features.find((a) => a.properties.id === c.areaId)?.properties.name ?? null,
    team: commune.teams.find((t) => t.id === c.teamId)?.name ?? null,
    address: c.address,
    mapUrl: c.lat !== null && c.lng !== null ? mapsLink(c.lat, c.lng) : null,
    description: c.description,
    photos: extra.photos,
    photosSent: extra.photosSent ?? 0,
    channel: c.channel,
    // Named reporters agreed to be called back; the row of an anonymous one holds no contact
    // anyway, but the flag decides, whatever the row holds.
    contact: c.anonymous || (!c.contactName && !c.contactPhone) ? null : { name: c.contactName, phone: c.contactPhone },
    nearby: extra.nearby,
    // A case handed over after it was taken has no acknowledgement left to make: its resolution deadline counts.
    ackBy: c.status === "new" && c.ackDueAt ? formatDateTimeVN(c.ackDueAt) : null,
    resolveBy: c.status !== "new" && c.resolveDueAt ? formatDateTimeVN(c.resolveDueAt) : null,
  };
}

/** The new-case notification: the text, then up to five photos. */
export function newCaseReplies(
  c: CaseDetail,
  commune: CommuneConfig,
  say: CaseWording,
  handedOver = false,
  transferredFrom?: OfficerCaseFacts["transferredFrom"],
): Reply[] {
  const photos = sendablePhotos(c.photos).slice(0, MAX_PHOTOS_TO_OFFICERS);
  const facts = {
    ...officerFacts(c, commune, { photos: c.photos.length, photosSent: photos.length, nearby: c.links }),
    ...(handedOver ? { handedOver } : {}),
    ...(transferredFrom ? { transferredFrom } : {}),
  };
  return [
    { type: "buttons", text: say.officerNewCase(facts), buttons: say.officerNewCaseButtons(c.code, c.status) },
    ...photos.map((p, i): Reply => ({ type: "image", url: p.sourceUrl, caption: say.photoCaption(c.code, i + 1, photos.length) })),
  ];
}

/** Officers who can be told over Zalo (a Zalo id linked). */
function reachable(officers: Officer[]): (Officer & { zaloUserId: string })[] {
  return officers.filter((o): o is Officer & { zaloUserId: string } => o.zaloUserId !== null);
}

/**
 * Notify every on-duty officer of the case's team who is linked to Zalo (`occasion` names why in
 * the job ids: filed, or handed to the team later). Returns how many were notified; 0 is logged
 * (escalation will still reach the lead or the leadership).
 */
export async function notifyOfficersOfFiling(
  deps: OfficerNotifyDeps,
  code: string,
  occasion = "case-filed",
  handedOver = false,
  transferredFrom?: OfficerCaseFacts["transferredFrom"],
): Promise<number> {
  const stored = await getCase(deps.db, code);
  if (!stored) {
    logger.warn("case-filed notification for a case that is not stored", { case: code });
    return 0;
  }
  const c = deps.shown ? await deps.shown(stored) : stored;
  const officers = c.teamId ? reachable(await onDutyOfficersOfTeam(deps.db, c.teamId)) : [];
  if (!officers.length) {
    logger.warn("no on-duty officer on Zalo for a new case", { case: c.code, team: c.teamId });
    return 0;
  }
  const replies = newCaseReplies(
    { ...c, links: await stillOpen(deps.db, c.links) },
    deps.communes.get(c.communeId),
    deps.say,
    handedOver,
    transferredFrom,
  );
  for (const o of officers) {
    await enqueueReplies(deps.outbound, { jobId: jobId(occasion, c.code, o.id), communeId: c.communeId, userId: o.zaloUserId, replies });
  }
  logger.info("officers notified of a new case", { case: c.code, team: c.teamId, officers: officers.map((o) => o.id) });
  return officers.length;
}

/**
 * A case handed to another commune (`transfer.ts`): the old team's on-duty officers are told it
 * left (through their commune's OA), then the new team's as a transfer, not a new case.
 * `at` (the transfer) names the change in the job ids. Returns how many officers were told.
 */
export async function notifyOfficersOfTransfer(
  deps: OfficerNotifyDeps,
  code: string,
  t: { fromCommune: string; fromTeam: string | null; reason: string; at: Date },
): Promise<number> {
  const c = await findCase(deps.db, code);
  if (!c) return 0;
  const from = deps.communes.find(t.fromCommune);
  const to = deps.communes.get(c.communeId);
  const stamp = String(t.at.getTime());
  const left = t.fromTeam ? reachable(await onDutyOfficersOfTeam(deps.db, t.fromTeam)).filter((o) => o.communeId === t.fromCommune) : [];
  for (const o of left) {
    await enqueueReplies(deps.outbound, {
      jobId: jobId("transferred-out", c.code, o.id, stamp),
      communeId: t.fromCommune,
      userId: o.zaloUserId,
      replies: [{ type: "text", text: deps.say.officerTransferredOut(c.code, to.name, t.reason) }],
    });
  }
  const arrived = await notifyOfficersOfFiling(deps, code, `transferred-in-${stamp}`, true, {
    commune: from?.name ?? t.fromCommune,
    reason: t.reason,
  });
  return left.length + arrived;
}

/**
 * Tell the escalated officers (`onEscalate` of the escalation worker). The outbound job id is
 * the escalation's dedupe key plus the officer, so a retried escalation sends nothing twice.
 */
export async function notifyEscalation(deps: OfficerNotifyDeps, e: Escalated): Promise<number> {
  const officers = reachable(e.officers);
  if (!officers.length) {
    logger.warn("escalated case has nobody to tell on Zalo", { case: e.case.code, level: e.level });
    return 0;
  }
  const detail = await getCase(deps.db, e.case.code);
  const now = deps.now?.() ?? new Date();
  const facts = officerFacts(deps.shown ? await deps.shown(e.case) : e.case, deps.communes.get(e.case.communeId), {
    photos: detail?.photos.length ?? 0,
    nearby: await stillOpen(deps.db, detail?.links ?? []),
  });
  const lateMs = e.case.ackDueAt ? Math.max(0, now.getTime() - e.case.ackDueAt.getTime()) : 0;
  const text = deps.say.escalation({ ...facts, level: e.level, lateMs });
  for (const o of officers) {
    await enqueueReplies(deps.outbound, {
      jobId: jobId(e.dedupeKey, o.id),
      communeId: e.case.communeId,
      userId: o.zaloUserId,
      replies: [{ type: "text", text }],
    });
  }
  return officers.length;
}

/**
 * Tell the team's on-duty officers that the reporter reopened the case (answered "Chưa" to the
 * resolution question); `at` (the reopening) names the change in the job ids.
 */
export async function notifyOfficersOfReopening(deps: OfficerNotifyDeps, code: string, at: Date, reason?: string): Promise<number> {
  const c = await findCase(deps.db, code);
  if (!c) return 0;
  const officers = c.teamId ? reachable(await onDutyOfficersOfTeam(deps.db, c.teamId)) : [];
  for (const o of officers) {
    await enqueueReplies(deps.outbound, {
      jobId: jobId("reopened", c.code, o.id, String(at.getTime())),
      communeId: c.communeId,
      userId: o.zaloUserId,
      replies: [
        {
          type: "buttons",
          text: deps.say.officerReopened(c.code, c.resolveDueAt ? formatDateTimeVN(c.resolveDueAt) : null, reason ?? null),
          buttons: [deps.say.viewButton(c.code)],
        },
      ],
    });
  }
  logger.info("officers told of a reopened case", { case: c.code, team: c.teamId, officers: officers.length });
  return officers.length;
}

/**
 * The linked cases worth a "possible duplicate" warning: not closed. A case closed into this one
 * (its duplicate) is linked too, and pointing the team back at it would send them in a circle.
 */
async function stillOpen(db: Database, links: CaseLink[]): Promise<CaseLink[]> {
  if (!links.length) return links;
  const closed = await db.query<{ code: string }>("SELECT code FROM cases WHERE code = ANY($1) AND status = 'closed'", [
    links.map((l) => l.code),
  ]);
  const gone = new Set(closed.map((r) => r.code));
  return links.filter((l) => !gone.has(l.code));
}
