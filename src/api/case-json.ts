import { type Case, type CaseDetail, isRefusedPhoto } from "../cases/case.js";
import type { CommuneConfig } from "../commune/config.js";

/**
 * Cases as the officer API shows them. Built field by field (never by spreading a `Case`) so
 * the reporter's platform id and the source key can never leak, and an anonymous report never
 * shows a contact, whatever the row holds.
 */

export interface Named {
  id: string;
  /** Null when the commune config no longer knows the id. */
  name: string | null;
}

export interface CaseSummaryJson {
  code: string;
  status: Case["status"];
  /** How the report reached the commune: zalo, phone, counter or open311. */
  channel: Case["channel"];
  category: Named;
  area: Named | null;
  team: Named | null;
  address: string | null;
  /** Where the violation is, when the reporter gave a point (the dashboard's map markers). */
  location: { lat: number; lng: number } | null;
  anonymous: boolean;
  /** The reporter follows the case on Zalo (else an officer tells them of progress, if they left a number). */
  reporterOnZalo: boolean;
  acknowledgeBy: string | null;
  resolveBy: string | null;
  escalationLevel: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A photo of a case. `copy` says where its kept copy stands: `kept` (served at `url`), `pending`
 * (still being copied), `failed` (given up: `failure` says why, and `originalUrl` is the
 * platform's address, which may still open for a while and carries access parameters), or
 * `refused` (its address is not one the keeper fetches from: `failure` says why; the address is
 * never shown).
 */
export interface PhotoJson {
  position: number;
  /** An officer's proof of the resolution, not the reporter's photo. */
  proof: boolean;
  copy: "kept" | "pending" | "failed" | "refused";
  url: string | null;
  contentType: string | null;
  bytes: number | null;
  failure?: { at: string; reason: string };
  originalUrl?: string;
}

export interface CaseDetailJson extends CaseSummaryJson {
  /** Null when withheld (`descriptionWithheld`). */
  description: string | null;
  /**
   * True when the description and the photos of this report of a violation were left out: they
   * are for the case's team, the commune's leader, its data-protection officer and the admin
   * (`canSeeViolationDetail`); `photos` is then empty.
   */
  descriptionWithheld: boolean;
  /** Null for an anonymous report, or when the reporter gave none. */
  contact: { name: string | null; phone: string | null } | null;
  photos: PhotoJson[];
  sla: {
    acknowledgeBy: string | null;
    resolveBy: string | null;
    acknowledgedAt: string | null;
    resolvedAt: string | null;
    escalationLevel: number;
  };
  linked: { code: string; distanceM: number | null }[];
  /** `authorName`/`actorName`: the officer's name, null for the reporter, the system or an id no officer has. */
  notes: { id: number; author: string; authorName: string | null; body: string; createdAt: string }[];
  events: {
    id: number;
    actor: string;
    actorName: string | null;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    detail: Record<string, unknown> | null;
    createdAt: string;
  }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function named(list: readonly { id: string; name: string }[], id: string | null): Named | null {
  if (id === null) return null;
  return { id, name: list.find((x) => x.id === id)?.name ?? null };
}

/** Whether a case's category is a violation of law (unknown categories count as one: restricted by default). */
export function isViolationReport(c: Pick<Case, "category">, commune: CommuneConfig): boolean {
  return commune.categories.find((k) => k.id === c.category)?.violation ?? true;
}

/** One line of a case list. */
export function caseSummaryJson(c: Case, commune: CommuneConfig): CaseSummaryJson {
  return {
    code: c.code,
    status: c.status,
    channel: c.channel,
    category: named(commune.categories, c.category)!,
    area: named(
      commune.areas.features.map((f) => f.properties),
      c.areaId,
    ),
    team: named(commune.teams, c.teamId),
    address: c.address,
    location: c.lat !== null && c.lng !== null ? { lat: c.lat, lng: c.lng } : null,
    anonymous: c.anonymous,
    reporterOnZalo: c.reporterChannel === "zalo",
    acknowledgeBy: iso(c.ackDueAt),
    resolveBy: iso(c.resolveDueAt),
    escalationLevel: c.escalationLevel,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The URL path of a kept photo copy. */
export function photoPath(code: string, position: number): string {
  return `/api/v1/cases/${encodeURIComponent(code)}/photos/${position}`;
}

/**
 * Everything officers see on a case's page. `officerNames` (id → name) names the officers in the
 * notes and the audit trail, so the page shows people rather than ids.
 */
export function caseDetailJson(
  c: CaseDetail,
  commune: CommuneConfig,
  officerNames: ReadonlyMap<string, string> = new Map(),
  opts: { withholdDescription?: boolean } = {},
): CaseDetailJson {
  const nameOf = (id: string) => officerNames.get(id) ?? null;
  const hasContact = !c.anonymous && (c.contactName !== null || c.contactPhone !== null);
  const withheld = opts.withholdDescription === true;
  return {
    ...caseSummaryJson(c, commune),
    description: withheld ? null : c.description,
    descriptionWithheld: withheld,
    contact: hasContact ? { name: c.contactName, phone: c.contactPhone } : null,
    // Kept copies are linked; the platform's URL (it expires, and carries access parameters) is
    // shown only when there will be no copy, as the one way left to see the photo.
    photos: (withheld ? [] : c.photos).map((p): PhotoJson => {
      const base = {
        position: p.position,
        proof: p.proof,
        url: p.storedPath ? photoPath(c.code, p.position) : null,
        contentType: p.contentType,
        bytes: p.bytes,
      };
      if (p.storedPath) return { ...base, copy: "kept" };
      if (!p.copyFailure) return { ...base, copy: "pending" };
      const failure = { at: p.copyFailure.at.toISOString(), reason: p.copyFailure.reason };
      if (isRefusedPhoto(p)) return { ...base, copy: "refused", failure };
      return {
        ...base,
        copy: "failed",
        failure,
        originalUrl: p.sourceUrl,
      };
    }),
    sla: {
      acknowledgeBy: iso(c.ackDueAt),
      resolveBy: iso(c.resolveDueAt),
      acknowledgedAt: iso(c.acknowledgedAt),
      resolvedAt: iso(c.resolvedAt),
      escalationLevel: c.escalationLevel,
    },
    linked: c.links.map((l) => ({ code: l.code, distanceM: l.distanceM === null ? null : Math.round(l.distanceM) })),
    notes: c.notes.map((n) => ({
      id: n.id,
      author: n.author,
      authorName: nameOf(n.author),
      body: n.body,
      createdAt: n.createdAt.toISOString(),
    })),
    events: c.events.map((e) => ({
      id: e.id,
      actor: e.actor,
      actorName: nameOf(e.actor),
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      detail: e.detail,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}
