import { formatDateTimeVN } from "../src/core/local-time.js";
import { timeliness, type Dossier, type Timeliness } from "../src/dossiers/dossier.js";
import { statusInfo, type DossierStatus, type NextStep } from "../src/dossiers/status.js";
import { DOSSIER_STATUS_WORDS } from "./messages.dossier-status.vi.js";
import { vi } from "./messages.vi.js";

/**
 * What a citizen sees of a dossier. Built only from the dossier's administrative fields: no
 * name, phone or ID number ever appears here (the table holds none — keep it that way).
 */
export interface DossierView {
  code: string;
  procedure: string;
  channelLabel: string;
  status: DossierStatus;
  statusLabel: string;
  nextStep: NextStep;
  nextStepText: string;
  /** `dd/mm/yyyy HH:mm`, Vietnam time. */
  receivedAt: string;
  /** Appointment for the result (ngày hẹn trả), or null. */
  appointmentAt: string | null;
  finishedAt: string | null;
  timeliness: Timeliness;
  timelinessLabel: string;
}

/** The citizen's view of `d` at `now`. */
export function describeDossier(d: Dossier, now: Date): DossierView {
  const info = statusInfo(d.status);
  const words = DOSSIER_STATUS_WORDS[d.status];
  const t = timeliness(d, now);
  return {
    code: d.code,
    procedure: d.procedure,
    channelLabel: vi.dossier.channel[d.channel],
    status: d.status,
    statusLabel: words.label,
    nextStep: info.nextStep,
    nextStepText: words.nextStep,
    receivedAt: formatDateTimeVN(d.receivedAt),
    appointmentAt: d.dueAt ? formatDateTimeVN(d.dueAt) : null,
    finishedAt: d.finishedAt ? formatDateTimeVN(d.finishedAt) : null,
    timeliness: t,
    timelinessLabel: vi.dossier.timeliness[t],
  };
}
