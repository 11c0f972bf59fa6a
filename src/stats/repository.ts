import type { Case } from "../cases/case.js";
import type { Queryable } from "../db/database.js";
import type { Dossier } from "../dossiers/dossier.js";
import type { CaseFacts } from "./case-stats.js";
import type { DossierFacts } from "./dossier-stats.js";
import { type Period, periodBounds } from "./period.js";

/** The rows the statistics of a period are computed from: only the columns they need. */

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** Dossiers received in the period. */
export async function dossiersReceivedIn(db: Queryable, communeId: string, period: Period): Promise<DossierFacts[]> {
  const { start, end } = periodBounds(period);
  const rows = await db.query<{
    channel: Dossier["channel"];
    status: number;
    received_at: Date;
    due_at: Date | null;
    finished_at: Date | null;
    updated_at: Date;
  }>(
    "SELECT channel, status, received_at, due_at, finished_at, updated_at FROM dossiers WHERE received_at >= $1 AND received_at < $2 AND commune_id = $3",
    [start, end, communeId],
  );
  return rows.map((r) => ({
    channel: r.channel,
    status: Number(r.status) as Dossier["status"],
    receivedAt: new Date(r.received_at),
    dueAt: date(r.due_at),
    finishedAt: date(r.finished_at),
    updatedAt: new Date(r.updated_at),
  }));
}

/** Cases filed in the period, each with whether it was ever reopened (from the audit trail). */
export async function casesFiledIn(db: Queryable, communeId: string, period: Period): Promise<CaseFacts[]> {
  const { start, end } = periodBounds(period);
  const rows = await db.query<{
    code: string;
    channel: Case["channel"];
    category: string;
    status: Case["status"];
    area_id: string | null;
    team_id: string | null;
    created_at: Date;
    ack_due_at: Date | null;
    resolve_due_at: Date | null;
    acknowledged_at: Date | null;
    resolved_at: Date | null;
    rating: number | null;
    citizen_confirmed: boolean | null;
    reopened_count: number;
    reopened: boolean;
  }>(
    `SELECT c.code, c.channel, c.category, c.status, c.area_id, c.team_id, c.created_at, c.ack_due_at, c.resolve_due_at,
            c.acknowledged_at, c.resolved_at, c.rating, c.citizen_confirmed, c.reopened_count,
            EXISTS (SELECT 1 FROM case_events e WHERE e.case_code = c.code AND e.action = 'transition'
                      AND e.from_status IN ('resolved', 'rejected') AND e.to_status = 'in_progress') AS reopened
       FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 AND c.commune_id = $3`,
    [start, end, communeId],
  );
  return rows.map((r) => ({
    code: r.code,
    channel: r.channel,
    category: r.category,
    status: r.status,
    areaId: r.area_id,
    teamId: r.team_id,
    createdAt: new Date(r.created_at),
    ackDueAt: date(r.ack_due_at),
    resolveDueAt: date(r.resolve_due_at),
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    rating: r.rating === null ? null : Number(r.rating),
    citizenConfirmed: r.citizen_confirmed,
    reopenedCount: Number(r.reopened_count),
    reopened: Boolean(r.reopened),
  }));
}
