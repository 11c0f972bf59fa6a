import { toLocal } from "../core/local-time.js";
import type { DossierStatus } from "./status.js";

/** How the dossier was submitted. */
export const DOSSIER_CHANNELS = ["online", "direct", "postal"] as const;
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];

/**
 * An administrative dossier (hồ sơ TTHC) as the one-stop system reports it. It carries no
 * personal data — no applicant name, phone or ID — and must stay that way: anyone holding the
 * code can look it up.
 */
export interface Dossier {
  code: string;
  procedure: string;
  channel: DossierChannel;
  status: DossierStatus;
  receivedAt: Date;
  /** Appointment date for the result (ngày hẹn trả); null when the procedure has none. */
  dueAt: Date | null;
  /** When the result was ready (or the dossier closed); null while open. */
  finishedAt: Date | null;
  /** Last time our copy changed. */
  updatedAt: Date;
}

/** The fields an import or the connector provides; `updatedAt` is ours. */
export type DossierInput = Omit<Dossier, "updatedAt">;

/**
 * How a dossier stands against its appointment date, following the national service index
 * (trước hạn / đúng hạn / quá hạn):
 *
 * - `early`: finished on a calendar day (Vietnam time) before the appointment day;
 * - `on_time`: finished on the appointment day, not after the appointment time — or finished
 *   with no appointment date at all;
 * - `late`: finished after the appointment time;
 * - `in_progress`: open and the appointment time has not passed (on time so far);
 * - `overdue`: open and the appointment time has passed;
 * - `waiting_citizen`: open and waiting for the citizen (5 supplement, 6 fees) — the legal
 *   processing time does not run while the citizen has to act, so it is neither on time nor late;
 * - `closed`: ended without a result (3 not received, 7 withdrawn, 8 stopped).
 *
 * A result-stage status (9, 10) without a finish time counts as finished at `updatedAt`, the
 * best we know.
 */
export type Timeliness = "early" | "on_time" | "late" | "in_progress" | "overdue" | "waiting_citizen" | "closed";

const CLOSED_WITHOUT_RESULT: ReadonlySet<DossierStatus> = new Set<DossierStatus>([3, 7, 8]);
const WAITING_CITIZEN: ReadonlySet<DossierStatus> = new Set<DossierStatus>([5, 6]);

/** See `Timeliness`. */
export function timeliness(d: Pick<Dossier, "status" | "dueAt" | "finishedAt" | "updatedAt">, now: Date): Timeliness {
  if (CLOSED_WITHOUT_RESULT.has(d.status)) return "closed";
  const finished = d.finishedAt ?? (d.status >= 9 ? d.updatedAt : null);
  if (finished) {
    if (!d.dueAt) return "on_time";
    if (finished.getTime() > d.dueAt.getTime()) return "late";
    return toLocal(finished).date < toLocal(d.dueAt).date ? "early" : "on_time";
  }
  if (WAITING_CITIZEN.has(d.status)) return "waiting_citizen";
  if (d.dueAt && now.getTime() > d.dueAt.getTime()) return "overdue";
  return "in_progress";
}

/** The same dossier with every date moved by `ms` (a demo's sample brought to the present). */
export function shiftDossierDates(d: DossierInput, ms: number): DossierInput {
  const move = (at: Date) => new Date(at.getTime() + ms);
  return { ...d, receivedAt: move(d.receivedAt), dueAt: d.dueAt && move(d.dueAt), finishedAt: d.finishedAt && move(d.finishedAt) };
}
