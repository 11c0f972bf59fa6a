import type { PlatformEvent } from "../core/platform-event.js";
import type { Reply } from "../core/reply.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Dossier } from "../dossiers/dossier.js";
import type { CaseAction } from "../cases/actions.js";
import type { Case, CaseDetail } from "../cases/case.js";
import type { Officer } from "../officers/officer-rows.js";
import type { ProcedureCatalogue } from "../procedures/catalogue.js";
import type { Session } from "./session.js";
import type { CitizenMessage, Handoff } from "../handoff/handoff.js";
import type { Holdings } from "../privacy/holdings.js";
import type { ConsentPurpose } from "../privacy/purposes.js";
import type { RightsEffect } from "../privacy/rights-requests.js";
import type { AccessReadEffect } from "../privacy/zalo-reads.js";

/**
 * The contract between the engine and the conversation scripts in `flows/`. A step is a pure
 * function of (state, input, read-only context): no Redis, no SQL, no HTTP inside a flow.
 */
export type FlowName =
  "dossier-status" | "violation-report" | "officer-desk" | "officer-message" | "contact-correction" | "privacy-request";

/** Where a user stands inside a flow. `data` belongs to the flow, which validates it itself. */
export interface FlowState {
  name: FlowName;
  step: string;
  data: Record<string, unknown>;
  /** Inputs in a row that the current step could not use. */
  misses: number;
  /** A question the engine asked on top of the step (see session.ts). */
  pending?: "cancel" | "resume";
}

/** Work the engine does after the session is committed, as queue jobs with ids from the event. */
export type Effect =
  | { type: "followDossier"; code: string }
  | { type: "unfollowDossier"; code: string }
  | { type: "followCase"; code: string }
  /** Link this user to a case reported by phone or at the counter, if the number they shared is the reporter's. */
  | { type: "linkReporter"; code: string }
  | { type: "submitCase"; report: CaseReport }
  | { type: "deliverHeldNotices" }
  /** `#dangky CODE`: link this Zalo account to the officer the code was issued for. */
  | { type: "linkOfficer"; code: string }
  /** An officer's Zalo command that changes a case (checked again when it runs). */
  | { type: "caseCommand"; officerId: string; code: string; action: CaseAction }
  /** Photos an officer sent right after `#xong`: proof of the resolution. */
  | { type: "attachProof"; officerId: string; code: string; photos: string[] }
  | { type: "setOnDuty"; officerId: string; onDuty: boolean }
  /** `#dangnhap`: a one-time code for the dashboard, sent to the officer's own Zalo. */
  | { type: "signInCode"; officerId: string }
  /** The reporter's answer to "was the violation dealt with?" ("Chưa" reopens the case). */
  | {
      type: "caseFeedback";
      code: string;
      resolved: boolean;
      /** What the reporter wrote with "Chưa" (≤ 500 characters). */ reason?: string;
    }
  | { type: "rateCase"; code: string; rating: number }
  /** A consent given or withdrawn for one purpose, with the exact text the citizen was shown. */
  | { type: "consent"; purpose: ConsentPurpose; granted: boolean; textShown: string }
  /** A data subject's request made in the chat: recorded as evidence; `erasure` also erases. */
  | { type: "privacyRequest"; kind: "access" | "erasure" }
  /** A correction, restriction or objection (src/privacy/rights-requests.ts). */
  | RightsEffect
  /** An officer's Zalo command showed a contact or photos: recorded in the access audit. */
  | AccessReadEffect
  /** The citizen asks for a person in office hours: the front desk is told (`recent`: what led here). */
  | { type: "requestHandoff"; recent: CitizenMessage[] }
  /** A message for the front desk when no officer can answer now: delivered at the next opening. */
  | { type: "leaveMessage"; text: string }
  /** The citizen wrote while handed off: relayed to the officer answering; the quiet period restarts. */
  | { type: "handoffMessage"; ref: string; message: CitizenMessage | null }
  /**
   * Back to the bot without telling the citizen (the bot answers this very message): they stopped
   * waiting, or the quiet period passed before its job ran. Only if nothing moved since `seq`.
   */
  | { type: "endHandoff"; ref: string; reason: "citizen" | "quiet"; officerId: string | null; seq: number }
  /** An officer's `#nhanchat REF`: the first to take it gets the conversation. */
  | { type: "takeHandoff"; officerId: string; ref: string }
  /** An officer's `#tl REF text`, relayed to the citizen (taking the conversation if nobody holds it). */
  | { type: "relayToCitizen"; officerId: string; ref: string; text: string }
  /** An officer's `#bot [REF]`. */
  | { type: "releaseHandoff"; officerId: string; ref?: string }
  /**
   * An echo of a message of the OA that may be a person's (typed in the OA console): its job waits
   * `delayMs` so that the hotline's own send has recorded its message id first.
   */
  | { type: "agentEcho"; adminId?: string; delayMs?: number };

/** A finished violation report, as the flow hands it over. */
export interface CaseReport {
  category: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  areaId?: string;
  photos: string[];
  description: string;
  /** Absent for an anonymous report: no contact is stored at all. */
  contact?: { name?: string; phone?: string };
}

export interface StepResult {
  replies: Reply[];
  /** The flow's next state; null ends the flow. */
  next: FlowState | null;
  effects?: Effect[];
  /** The step used dossier look-ups: one, or how many (the engine counts them against the per-user limit). */
  usedLookup?: boolean | number;
  /** The input is not for this flow (a new request): end it and handle the input afresh. */
  passOn?: boolean;
  /** The flow kept aside for the main menu: a state to keep, null to drop it, absent to leave it. */
  parked?: FlowState | null;
  /** The citizen was asked to share their phone to link case `code`; null: that ask is answered; absent: unchanged. */
  shareAsked?: { code: string } | null;
}

export type DossierLookup = { found: Dossier } | { notFound: true } | { unavailable: true };

export interface NearbyCase {
  code: string;
  category: string;
  distanceMeters: number;
  createdAt: Date;
  status: string;
}

/** An open case of the same kind in the same village (no distance: the report has no pin). */
export type VillageCase = Omit<NearbyCase, "distanceMeters">;

/** Read-only look-ups of cases. */
export interface CaseReader {
  /** The case with its photos, notes and audit trail, or null. */
  get(code: string): Promise<CaseDetail | null>;
  /** Open cases of a team (null: every team), overdue first. */
  worklist(teamId: string | null, limit: number): Promise<{ cases: Case[]; total: number }>;
  /** The cases this user reported or follows, newest first. */
  mine(limit: number): Promise<Case[]>;
  /** Whether this user reported or follows the case. */
  follows(code: string): Promise<boolean>;
  /**
   * Whether the phone number this user shared with the OA is the one the case's reporter left:
   * `unknown` when they shared none, `differs` otherwise (anonymous, no number, another number).
   */
  reporterPhoneMatch(code: string): Promise<"match" | "differs" | "unknown">;
  /** Open cases reported with this number (by phone, at the counter) that no Zalo user follows as reporter, newest first. */
  leftWithPhone(phone: string, limit: number): Promise<Case[]>;
}

/**
 * Where a pin lies among the deployment's communes (src/commune/borders.ts): in the commune the
 * citizen wrote to, in a neighbour (which will handle the report), or in none (refused, with the
 * hotline to call: the province's general one, else the commune's, `province` null).
 */
export type PinCommune =
  { kind: "here" } | { kind: "neighbour"; communeId: string; name: string } | { kind: "outside"; hotline: string; province: string | null };

/** Read-only look-ups and facts a step may use. */
export interface FlowContext {
  now: Date;
  userId: string;
  commune: CommuneConfig;
  /** The procedure catalogue in force (what the procedure guide answers from). */
  procedures: ProcedureCatalogue;
  /** Dossier look-ups left in the current window, and when the window frees one. */
  lookupAllowance: { left: number; resetsAt: Date };
  lookupDossier(code: string): Promise<DossierLookup>;
  /** Stored dossier codes ending with a date and sequence typed without the agency part (at most 2). */
  completeDossierCode(tail: string): Promise<string[]>;
  /** The dossiers this citizen follows. */
  followedDossiers(): Promise<string[]>;
  nearbyOpenCases(q: { category: string; latitude: number; longitude: number }): Promise<NearbyCase[]>;
  /** Open cases of the same category in the same village (this commune's), newest first: duplicates of a report without a pin. */
  villageOpenCases(q: { category: string; areaId: string }): Promise<VillageCase[]>;
  /** The officer whose Zalo account this user is, or null: a citizen. */
  linkedOfficer(): Promise<Officer | null>;
  /**
   * Whether notices are held for this user until they write (absent: assume so, and let the
   * release look).
   */
  heldNotices?(): Promise<boolean>;
  cases: CaseReader;
  handoff: HandoffReader;
  /** The citizen's last messages before this one, oldest first (shown to an officer taking over). */
  recentMessages: CitizenMessage[];
  /** The phone share the hotline asked this citizen for (to link a case), if any. */
  shareAsked: { code: string; at: number } | null;
  /** What the hotline holds about this citizen (absent where personal data is not wired). */
  privacy?: PrivacyReader;
  /** The deployment's communes (`#chuyenxa` names one by id or name); absent: this commune alone. */
  communes?: readonly { id: string; name: string }[];
  /** Which commune a pin lies in (absent: every pin is this commune's, as before borders). */
  pinCommune?(latitude: number, longitude: number): PinCommune;
}

/** Read-only look-ups of this citizen's personal data. */
export interface PrivacyReader {
  holdings(): Promise<Holdings>;
  consents(): Promise<Record<ConsentPurpose, boolean>>;
  /** The purposes whose consent they withdrew (never asked is not withdrawn). */
  withdrawn?(): Promise<ConsentPurpose[]>;
  /** The purposes they ever answered, yes or no (a consent question is asked once). */
  answered?(): Promise<ConsentPurpose[]>;
  /** The one-time link to the file of their data this request gives, or null: no public address. */
  exportLink?(): string | null;
}

/** Read-only look-ups of the hand-off to a person. */
export interface HandoffReader {
  /** This user's hand-off record (null: never handed off). */
  current(): Promise<(Handoff & { seq: number }) | null>;
  /** Officers of the front-desk team on duty and reachable on Zalo now. */
  officersOnDuty(): Promise<number>;
  /** Whether the platform message `messageId` was sent by the hotline itself. */
  isOwnSend(messageId: string): Promise<boolean>;
}

export interface Flow {
  name: FlowName;
  /** Enter the flow; `event` is the message that led here (may already hold the answer). */
  start(ctx: FlowContext, event?: PlatformEvent): Promise<StepResult>;
  step(state: FlowState, event: PlatformEvent, ctx: FlowContext): Promise<StepResult>;
  /** "quay lại": one step back, when the flow has one. */
  back?(state: FlowState, ctx: FlowContext): Promise<StepResult>;
  /** "trợ giúp" inside the flow: what the current step expects. */
  help(state: FlowState, ctx: FlowContext): Reply[];
  /** After a question answered on the side: one line that says where the citizen stands (with the step's buttons when few). */
  remind?(state: FlowState, ctx: FlowContext): Reply[];
  /** The citizen has given something worth keeping: leaving asks first, the menu keeps it. */
  hasContent?(state: FlowState): boolean;
  /** The step takes any free text (an address, a description): a side question must be asked plainly to count. */
  takesFreeText?(state: FlowState): boolean;
}

/**
 * What a linked officer's messages go to instead of the citizens' flows: the officer commands.
 * `state` is the officer's own (a `officer-desk` flow state, e.g. the proof window after `#xong`).
 */
export interface OfficerDesk {
  /** `#dangky CODE` from a Zalo user not linked yet (null: not that command). */
  link(event: PlatformEvent): StepResult | null;
  turn(officer: Officer, state: FlowState | null, event: PlatformEvent, ctx: FlowContext): Promise<StepResult>;
}

export interface ScriptOptions {
  flows: Partial<Record<FlowName, Flow>>;
  /** How long an open flow waits for the citizen (said when a draft is kept for the menu). */
  idleMinutes: number;
}

/**
 * What the citizens' side of the hotline says and how a message finds its flow: written in
 * `flows/` and handed to the engine by the composition root, so the engine holds no wording.
 */
export interface ConversationScript {
  /** Someone followed the OA. */
  welcome(ctx: FlowContext): Reply[];
  /** The citizen came back after the open flow went idle. */
  expired(flow: FlowName, ctx: FlowContext): Reply[];
  /** A citizen's message (not an officer's, not after an idle flow). */
  respond(session: Session, event: PlatformEvent, ctx: FlowContext, opts: ScriptOptions): Promise<StepResult>;
  /** While waiting for an officer: this message means the citizen gives up waiting ("menu", "hủy"). */
  stopsWaiting(event: PlatformEvent): boolean;
  /** During a hand-off (waiting or taken): this message ends it ("menu", "kết thúc", "gặp tổng đài tự động"). */
  endsHandoff(event: PlatformEvent): boolean;
  /** The answer to the citizen who ended a hand-off (the bot is back, with the menu). */
  handoffEnded(ctx: FlowContext): Reply[];
  /** The personal-data notice a citizen gets once, with the answer to their first contact. */
  privacyNotice?(ctx: FlowContext): Reply;
}
