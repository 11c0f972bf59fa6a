/**
 * The wording src/ needs for what it sends by itself (filings, status notices, escalations, the
 * officers' desk effects), shaped as the interfaces src/ declares. Only the composition root
 * imports this file and hands each part in.
 */
import type { CaseWording } from "../src/cases/wording.js";
import type { DossierNoticeWording } from "../src/dossiers/notice-wording.js";
import type { DeskWording } from "../src/officers/desk-wording.js";
import { describeDossier } from "./dossier-view.js";
import { cases, citizenCases } from "./messages.cases.vi.js";
import { officer } from "./messages.officer.vi.js";
import { vi } from "./messages.vi.js";

export const caseWording: CaseWording = {
  unknownTeam: cases.unknownTeam,
  filed: cases.filed,
  notFiled: cases.notFiled,
  officerNewCase: cases.officerNewCase,
  officerNewCaseButtons: cases.officerNewCaseButtons,
  photoCaption: cases.photoCaption,
  escalation: cases.escalation,
  statusChanged: cases.statusChanged,
  statusLabel: citizenCases.statusLabel,
  resolutionQuestion: citizenCases.resolutionQuestion,
  resolutionButtons: citizenCases.resolutionButtons,
  officerReopened: citizenCases.officerReopened,
  viewButton: officer.buttons.view,
  officerTransferredOut: cases.officerTransferredOut,
  citizenTransferred: cases.citizenTransferred,
};

export const deskWording: DeskWording = {
  linked: officer.linked,
  linkRefused: officer.linkRefused,
  linkLockedOut: officer.linkLockedOut,
  unlinkedElsewhere: officer.unlinkedElsewhere,
  refused: officer.refused,
  lostRace: officer.lostRace,
  signInCode: officer.signInCode,
};

/** The hand-off to a person: notices to the front desk, relays, "the bot is back" (src/handoff/wording.ts). */
export { handoffWording } from "./messages.handoff.vi.js";

export const dossierNotice: DossierNoticeWording = (dossier, now, hotline) =>
  vi.dossier.statusChanged(describeDossier(dossier, now), hotline);
