import { z } from "zod";

/**
 * A case: one report of a construction-order violation, from filing to closing.
 *
 * Life cycle (who may move it where is in `CASE_TRANSITIONS`):
 *
 *   new ──▶ acknowledged ──▶ in_progress ──▶ resolved ──▶ closed
 *    │            │  └──────────────────────────▲ │
 *    └────────────┴──────▶ rejected ──▶ closed    └──▶ in_progress (reopened)
 *                              └──▶ in_progress (rejection overturned)
 *
 * `new` is the only status that escalates: an officer acknowledging it stops the clock.
 */
export const CASE_STATUSES = ["new", "acknowledged", "in_progress", "resolved", "rejected", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const caseStatusSchema = z.enum(CASE_STATUSES);

/** Statuses in which officers still have work to do (duplicates are looked for among these). */
export const OPEN_STATUSES: readonly CaseStatus[] = ["new", "acknowledged", "in_progress"];

/** How a report reached the commune: the chat, a phone call, the one-stop counter, an Open311 client. */
export const CASE_CHANNELS = ["zalo", "phone", "counter", "open311"] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** Allowed moves; anything else is refused with `TransitionNotAllowedError`. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ["acknowledged", "rejected"],
  acknowledged: ["in_progress", "resolved", "rejected"],
  in_progress: ["resolved", "rejected"],
  // A resolved case is reopened when the violation resumes; closed is final.
  resolved: ["closed", "in_progress"],
  // A rejection overturned on review goes back to work.
  rejected: ["closed", "in_progress"],
  closed: [],
};

/** Whether a case may move from `from` to `to`. */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** A move that the life cycle does not allow. */
export class TransitionNotAllowedError extends Error {
  override name = "TransitionNotAllowedError";
  constructor(
    readonly code: string,
    readonly from: CaseStatus,
    readonly to: CaseStatus,
  ) {
    super(`case ${code} cannot go from ${from} to ${to}`);
  }
}

/** No case has this tracking code. */
export class CaseNotFoundError extends Error {
  override name = "CaseNotFoundError";
  constructor(readonly code: string) {
    super(`no case ${code}`);
  }
}

/** A report that cannot be filed as given (unknown category, too many photos…). */
export class CaseInputError extends Error {
  override name = "CaseInputError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export interface Case {
  /** Tracking code, `PA-YYMMDD-XXXX`: unique in the province, never changed (not read for the commune). */
  code: string;
  /** The commune that handles the case (changes with a transfer: `transfer.ts`). */
  communeId: string;
  /**
   * The commune whose OA the reporter wrote to: Zalo user ids are per OA, so the reporter's and
   * the followers' notices go through its OA whoever handles the case. Never changes.
   */
  contactCommuneId: string;
  /** What made the report unique at its source (Zalo event id, API idempotency key…). */
  sourceKey: string;
  channel: CaseChannel;
  category: string;
  status: CaseStatus;
  lat: number | null;
  lng: number | null;
  address: string | null;
  areaId: string | null;
  teamId: string | null;
  description: string;
  anonymous: boolean;
  /** Only for sending the reporter status updates; never shown with the case. */
  reporterChannel: string | null;
  reporterUserId: string | null;
  /** Null when anonymous. */
  contactName: string | null;
  contactPhone: string | null;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** 0 none, 1 team lead alerted, 2 commune leadership alerted. */
  escalationLevel: number;
  /** The reporter's answer to "was the violation dealt with?" after resolution; null: not asked or not answered. */
  citizenConfirmed: boolean | null;
  /** The reporter's 1–5 satisfaction rating, null until given. */
  rating: number | null;
  /** Times the reporter reopened the case ("Chưa" after a resolution). */
  reopenedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CasePhoto {
  position: number;
  sourceUrl: string;
  /** Relative to DATA_DIR, null until the photo keeper copied it. */
  storedPath: string | null;
  contentType: string | null;
  bytes: number | null;
  /** Set when the copy failed for good (after the last attempt, or at once if retrying cannot help). */
  copyFailure: { at: Date; reason: string } | null;
  /** Sent by an officer as proof of the resolution (after `#xong`), not part of the report. */
  proof: boolean;
}

export interface CaseNote {
  id: number;
  author: string;
  body: string;
  createdAt: Date;
}

/** One line of the audit trail. */
export interface CaseEvent {
  id: number;
  actor: string;
  /** filed | transition | note_added | escalated | follower_added | linked */
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  detail: Record<string, unknown> | null;
  createdAt: Date;
}

/** Another report nearby of the same kind. */
export interface CaseLink {
  code: string;
  distanceM: number | null;
}

/** A case with everything officers see on its page. */
export interface CaseDetail extends Case {
  photos: CasePhoto[];
  notes: CaseNote[];
  events: CaseEvent[];
  links: CaseLink[];
}

/** A resident following a case. */
export interface Follower {
  channel: string;
  userId: string;
  /** The commune whose OA they follow on (their Zalo id is that OA's); absent: the case's contact commune. */
  communeId?: string;
}

/** A photo kept under DATA_DIR before its case is filed (an officer's upload). */
export const keptPhotoSchema = z.object({
  /** Relative to DATA_DIR. */
  storedPath: z.string().min(1),
  contentType: z.string().min(1),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type KeptPhotoInput = z.infer<typeof keptPhotoSchema>;

/**
 * Whether the photo keeper refused the photo's address itself (`copy_failure` of kind `bad_url`
 * or `not_allowed`: not a URL, or not from `PHOTO_URL_HOSTS`). Such a photo came from somewhere
 * the hotline does not fetch from: it is never shown to officers, sent on over Zalo or published.
 */
export function isRefusedPhoto(p: Pick<CasePhoto, "copyFailure">): boolean {
  const kind = p.copyFailure?.reason.split(":", 1)[0];
  return kind === "bad_url" || kind === "not_allowed";
}

/** The `source_url` of an uploaded photo: it came from no address, so it names its content. */
export const uploadSource = (sha256: string) => `upload:sha256:${sha256}`;

/** A report to file, as the conversation, the officer API or Open311 give it. */
export const newCaseSchema = z.object({
  /** Idempotency: filing the same key twice returns the first case. */
  sourceKey: z.string().min(1).max(200),
  channel: z.enum(CASE_CHANNELS).default("zalo"),
  category: z.string().min(1),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  address: z.string().trim().min(1).max(500).optional(),
  /** Set when the area is known without coordinates (e.g. matched from the typed address). */
  areaId: z.string().optional(),
  description: z.string().trim().min(1),
  anonymous: z.boolean().default(false),
  /** Who to send status updates to. */
  reporter: z.object({ channel: z.string().min(1), userId: z.string().min(1) }).optional(),
  contact: z.object({ name: z.string().trim().min(1).max(200).optional(), phone: z.string().trim().min(3).max(30).optional() }).optional(),
  /** Photo URLs as the platform gave them; copies are kept later. */
  photos: z.array(z.url()).default([]),
  /** Photos already kept under DATA_DIR (uploaded with a report taken by phone or at the counter). */
  keptPhotos: z.array(keptPhotoSchema).default([]),
  /** Audit actor: "citizen" for residents, an officer id for phone/counter reports. */
  actor: z.string().min(1).default("citizen"),
  /** What the request said, digested (`http/request-digest.ts`): a retry under its key must match. */
  requestDigest: z.string().min(1).max(128).optional(),
});
export type NewCase = z.input<typeof newCaseSchema>;
