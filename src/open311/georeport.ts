import { type Case, type CasePhoto, type CaseStatus, isRefusedPhoto } from "../cases/case.js";
import type { Category, CommuneConfig } from "../commune/config.js";
import { areaCentre } from "../commune/geo.js";
import { isoVN } from "../core/local-time.js";

/**
 * Cases and categories in the shapes of Open311 GeoReport v2 (JSON). A category is a service
 * (`service_code` = category id); a case is a service request (`service_request_id` = its
 * tracking code). Built field by field: the reporter's contact and platform id are never listed.
 *
 * Two views of a request: the full record (`serviceRequest`) for an officer whose rights cover
 * the case, and the public board's (`publicServiceRequest`) for everyone else.
 */

/** What the interface says in the commune's language (from `flows/messages.open311.*`). */
export interface Open311Wording {
  /** `group` of every service. */
  group: string;
  /** `status_notes` of a case in each status. */
  statusNotes: Record<CaseStatus, string>;
  /** `service_notice` of a filed request; `ackBy` as dd/mm/yyyy HH:mm. */
  filed(f: { code: string; ackBy: string | null }): string;
  /** `service_notice` of a violation report whose description and photo this reader may not see. */
  descriptionWithheld: string;
}

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  /** No extra attributes: every category asks for the same things. */
  metadata: false;
  type: "realtime";
  /** Comma-separated. */
  keywords: string;
  group: string;
}

export interface ServiceDefinition {
  service_code: string;
  attributes: never[];
}

export interface ServiceRequest {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string;
  service_name: string;
  service_code: string;
  /** Null in the public view. */
  description: string | null;
  agency_responsible: string | null;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  /** The typed address; in the public view, the village's name. */
  address: string | null;
  address_id: null;
  zipcode: null;
  /** The reported point; in the public view, the village's centre. */
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** Open311 knows two statuses: a case is open while officers still have work to do. */
export const OPEN311_STATUS: Record<CaseStatus, "open" | "closed"> = {
  new: "open",
  acknowledged: "open",
  in_progress: "open",
  resolved: "closed",
  rejected: "closed",
  closed: "closed",
};

/** The case statuses behind an Open311 status. */
export function caseStatusesOf(status: "open" | "closed"): CaseStatus[] {
  return (Object.keys(OPEN311_STATUS) as CaseStatus[]).filter((s) => OPEN311_STATUS[s] === status);
}

export function service(c: Category, wording: Open311Wording): Service {
  return {
    service_code: c.id,
    service_name: c.name,
    description: c.name,
    metadata: false,
    type: "realtime",
    keywords: c.keywords.join(","),
    group: wording.group,
  };
}

/**
 * A case as a service request. `expected_datetime` is the resolution deadline of its SLA.
 * `media_url` only for a photo an Open311 client gave (already public); a Zalo photo's URL
 * expires and carries access parameters, and kept copies are behind the officer API.
 */
export function serviceRequest(c: Case, photos: readonly CasePhoto[], commune: CommuneConfig, wording: Open311Wording): ServiceRequest {
  const category = commune.categories.find((k) => k.id === c.category);
  return {
    service_request_id: c.code,
    status: OPEN311_STATUS[c.status],
    status_notes: wording.statusNotes[c.status],
    service_name: category?.name ?? c.category,
    service_code: c.category,
    description: c.description,
    agency_responsible: commune.teams.find((t) => t.id === c.teamId)?.name ?? null,
    service_notice: null,
    requested_datetime: isoVN(c.createdAt),
    updated_datetime: isoVN(c.updatedAt),
    expected_datetime: c.resolveDueAt ? isoVN(c.resolveDueAt) : null,
    address: c.address,
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: c.channel === "open311" ? (photos.find((p) => !isRefusedPhoto(p))?.sourceUrl ?? null) : null,
  };
}

/**
 * A case as a public board may show it: service, status, dates, agency, and where at village
 * level (the village's name and centre, never the pin). No description, typed address or media:
 * a description often names the reporter or the person reported, and an address or a pin
 * locates them.
 */
export function publicServiceRequest(c: Case, commune: CommuneConfig, wording: Open311Wording): ServiceRequest {
  const area = commune.areas.features.find((a) => a.properties.id === c.areaId);
  const centre = area ? areaCentre(area) : null;
  // Field by field, not the full record minus some: a field added later stays private by default.
  return {
    service_request_id: c.code,
    status: OPEN311_STATUS[c.status],
    status_notes: wording.statusNotes[c.status],
    service_name: commune.categories.find((k) => k.id === c.category)?.name ?? c.category,
    service_code: c.category,
    description: null,
    agency_responsible: commune.teams.find((t) => t.id === c.teamId)?.name ?? null,
    service_notice: null,
    requested_datetime: isoVN(c.createdAt),
    updated_datetime: isoVN(c.updatedAt),
    expected_datetime: c.resolveDueAt ? isoVN(c.resolveDueAt) : null,
    address: area?.properties.name ?? null,
    address_id: null,
    zipcode: null,
    lat: centre?.lat ?? null,
    long: centre?.lng ?? null,
    media_url: null,
  };
}

/** One GeoReport error: `code` is the HTTP status. */
export interface Open311Error {
  code: number;
  description: string;
}
