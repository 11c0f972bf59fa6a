import { formatDateTimeVN } from "../core/local-time.js";
import { timeliness, type Dossier, type DossierChannel, type Timeliness } from "./dossier.js";
import { statusInfo, type DossierStatus, type NextStep } from "./status.js";

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

const CHANNEL_LABELS: Record<DossierChannel, string> = {
  online: "Nộp trực tuyến",
  direct: "Nộp trực tiếp",
  postal: "Nộp qua bưu chính",
};

const TIMELINESS_LABELS: Record<Timeliness, string> = {
  early: "Hoàn thành trước hạn",
  on_time: "Hoàn thành đúng hạn",
  late: "Hoàn thành trễ hạn",
  in_progress: "Đang giải quyết, còn trong hạn",
  overdue: "Đã quá ngày hẹn trả",
  waiting_citizen: "Đang chờ ông/bà bổ sung hoặc nộp phí",
  closed: "Hồ sơ đã kết thúc",
};

/** The citizen's view of `d` at `now`. */
export function describeDossier(d: Dossier, now: Date): DossierView {
  const info = statusInfo(d.status);
  const t = timeliness(d, now);
  return {
    code: d.code,
    procedure: d.procedure,
    channelLabel: CHANNEL_LABELS[d.channel],
    status: d.status,
    statusLabel: info.label,
    nextStep: info.nextStep,
    nextStepText: info.nextStepText,
    receivedAt: formatDateTimeVN(d.receivedAt),
    appointmentAt: d.dueAt ? formatDateTimeVN(d.dueAt) : null,
    finishedAt: d.finishedAt ? formatDateTimeVN(d.finishedAt) : null,
    timeliness: t,
    timelinessLabel: TIMELINESS_LABELS[t],
  };
}
