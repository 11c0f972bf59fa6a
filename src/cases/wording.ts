/**
 * What the case jobs say, as facts in and text out. The words are written in
 * `flows/messages.cases.vi.ts`; the composition root hands them in (src/ never imports flows/).
 */
import type { ReplyButton } from "../core/reply.js";
import type { CaseChannel, CaseStatus } from "./case.js";

/** A filed report, as the reporter's confirmation tells it. */
export interface FiledFacts {
  code: string;
  category: string;
  team: string;
  /** When an officer should have acknowledged it, dd/mm/yyyy HH:mm. */
  ackBy: string | null;
  hotline: string;
  /**
   * The commune handling the report when it is not the one whose OA the reporter wrote to (the
   * pin lies across the border): told once, with the confirmation, with the code that stays.
   */
  handledBy?: string;
}

/** A case as the officers' messages summarise it. */
export interface OfficerCaseFacts {
  code: string;
  category: string;
  area: string | null;
  team: string | null;
  address: string | null;
  /** Google Maps link of the pin, when the report had one. */
  mapUrl: string | null;
  description: string;
  photos: number;
  /** Of `photos`, those sent along as images (a photo uploaded by an officer has no address Zalo can fetch). */
  photosSent: number;
  /** How the report reached the commune (the chat, a call, the counter, Open311). */
  channel: CaseChannel;
  /** Null: anonymous (never show anything else for it). */
  contact: { name: string | null; phone: string | null } | null;
  /** Open cases of the same kind nearby, with their distance in metres. */
  nearby: { code: string; distanceM: number | null }[];
  /** While the case is new: when it must be acknowledged. */
  ackBy: string | null;
  /** Once acknowledged (a case handed over later): when it must be resolved. */
  resolveBy?: string | null;
  /** The case was handed to this team by another (told as a transfer, not as a new report). */
  handedOver?: boolean;
  /** The case was handed over by another commune (a transfer, not a new report): its name and the reason given. */
  transferredFrom?: { commune: string; reason: string };
}

/** A status change as the followers' notice tells it. */
export interface StatusFacts {
  code: string;
  category: string;
  from: CaseStatus;
  to: CaseStatus;
  at: string;
  hotline: string;
  /** The officer's result (resolved) or reason (rejected), told as written. */
  note?: string;
  /** Closed as a duplicate: the case it joined, by its public fields. */
  joined?: { code: string; category: string; area: string | null; status: CaseStatus; filedAt: string };
}

/** Everything src/cases and the officers' desk effects say to citizens and officers about a case. */
export interface CaseWording {
  /** Who acknowledges a case whose team is not in the config any more. */
  unknownTeam: string;
  /** The reporter's confirmation of a filed report. */
  filed(f: FiledFacts): string;
  /** A report that could not be filed after every retry. */
  notFiled(hotline: string): string;
  officerNewCase(f: OfficerCaseFacts): string;
  /** The buttons of the officers' notice: what the case's status lets them do next. */
  officerNewCaseButtons(code: string, status: CaseStatus): ReplyButton[];
  photoCaption(code: string, n: number, of: number): string;
  escalation(f: OfficerCaseFacts & { level: 1 | 2; lateMs: number }): string;
  statusChanged(f: StatusFacts): string;
  /** A status in a few plain words (a ZNS template's parameter). */
  statusLabel?(s: CaseStatus): string;
  /** Asked of the reporter with the resolution notice. */
  resolutionQuestion: string;
  resolutionButtons(code: string): ReplyButton[];
  /** To the team when the reporter says the violation is still there. */
  officerReopened(code: string, resolveBy: string | null, reason: string | null): string;
  /** The button that shows an officer a case. */
  viewButton(code: string): ReplyButton;
  /** To the old team: the case went to another commune and is no longer theirs. */
  officerTransferredOut(code: string, toCommune: string, reason: string): string;
  /** To the reporter and followers, once: another commune handles the case now; the code stays. */
  citizenTransferred(f: { code: string; commune: string; hotline: string }): string;
}
