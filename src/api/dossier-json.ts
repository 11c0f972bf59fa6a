import type { Dossier } from "../dossiers/dossier.js";
import { statusInfo } from "../dossiers/status.js";
import { timeliness, type Timeliness } from "../dossiers/dossier.js";

/** A dossier as the officer API shows it: the stored fields (ISO 8601 times) plus derived labels. */
export interface DossierJson {
  code: string;
  procedure: string;
  channel: Dossier["channel"];
  status: number;
  /** The national system's label (officers' words; citizens are told theirs by the flows). */
  statusLabel: string;
  receivedAt: string;
  dueAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  timeliness: Timeliness;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `d` for the API at `now` (timeliness depends on the clock for open dossiers). */
export function dossierJson(d: Dossier, now: Date): DossierJson {
  return {
    code: d.code,
    procedure: d.procedure,
    channel: d.channel,
    status: d.status,
    statusLabel: statusInfo(d.status).officialLabel,
    receivedAt: d.receivedAt.toISOString(),
    dueAt: iso(d.dueAt),
    finishedAt: iso(d.finishedAt),
    updatedAt: d.updatedAt.toISOString(),
    timeliness: timeliness(d, now),
  };
}
