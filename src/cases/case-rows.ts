import type { Queryable } from "../db/database.js";
import { currentDataKeys } from "../privacy/installed-keys.js";
import { openSealed } from "../privacy/sealed-contacts.js";
import { type Case, CaseNotFoundError, type CaseStatus } from "./case.js";

/**
 * Cases in SQL: the row, its columns, and reading one case by code or source key. Every change
 * writes an audit event in the same transaction (`case-audit.ts`), and what it must set in motion
 * (notices, the escalation clock, the photo keeper) as outbox rows (`outbox.ts`): the change and
 * its notices commit together.
 */

export interface CaseRow {
  code: string;
  commune_id: string;
  /** Migration 020: the commune whose OA the reporter wrote to (COALESCEd with commune_id on read). */
  contact_commune_id: string;
  source_key: string;
  channel: Case["channel"];
  category: string;
  status: CaseStatus;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  area_id: string | null;
  team_id: string | null;
  description: string;
  anonymous: boolean;
  reporter_channel: string | null;
  /** Sealed (migration 018): opened here with the deployment's data keys. */
  reporter_user_sealed: string | null;
  contact_name_sealed: string | null;
  contact_phone_sealed: string | null;
  ack_due_at: Date | null;
  resolve_due_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  escalation_level: number;
  citizen_confirmed: boolean | null;
  rating: number | null;
  reopened_count: number;
  created_at: Date;
  updated_at: Date;
}

export const CASE_COLUMNS =
  "code, commune_id, COALESCE(contact_commune_id, commune_id) AS contact_commune_id, source_key, channel, category, status, latitude, longitude, address, area_id, team_id, description, anonymous, " +
  "reporter_channel, reporter_user_sealed, contact_name_sealed, contact_phone_sealed, ack_due_at, resolve_due_at, acknowledged_at, " +
  "resolved_at, escalation_level, citizen_confirmed, rating, reopened_count, created_at, updated_at";

const date = (v: Date | string | null): Date | null => (v == null ? null : new Date(v));

export function toCase(r: CaseRow): Case {
  const keys = currentDataKeys();
  return {
    code: r.code,
    communeId: r.commune_id,
    contactCommuneId: r.contact_commune_id,
    sourceKey: r.source_key,
    channel: r.channel,
    category: r.category,
    status: r.status,
    lat: r.latitude,
    lng: r.longitude,
    address: r.address,
    areaId: r.area_id,
    teamId: r.team_id,
    description: r.description,
    anonymous: r.anonymous,
    reporterChannel: r.reporter_channel,
    reporterUserId: openSealed(keys, r.reporter_user_sealed),
    contactName: openSealed(keys, r.contact_name_sealed),
    contactPhone: openSealed(keys, r.contact_phone_sealed),
    ackDueAt: date(r.ack_due_at),
    resolveDueAt: date(r.resolve_due_at),
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    escalationLevel: Number(r.escalation_level),
    citizenConfirmed: r.citizen_confirmed,
    rating: r.rating === null ? null : Number(r.rating),
    reopenedCount: Number(r.reopened_count),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export async function caseByCode(db: Queryable, code: string, lock = false): Promise<Case | null> {
  const rows = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE code = $1${lock ? " FOR UPDATE" : ""}`, [
    code.trim().toUpperCase(),
  ]);
  return rows[0] ? toCase(rows[0]) : null;
}

/** The case `code`, or `CaseNotFoundError`; `lock` holds its row until the transaction ends. */
export async function existingCase(db: Queryable, code: string, lock = false): Promise<Case> {
  const c = await caseByCode(db, code, lock);
  if (!c) throw new CaseNotFoundError(code);
  return c;
}

export async function caseBySourceKey(db: Queryable, sourceKey: string): Promise<Case | null> {
  const rows = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE source_key = $1`, [sourceKey]);
  return rows[0] ? toCase(rows[0]) : null;
}
