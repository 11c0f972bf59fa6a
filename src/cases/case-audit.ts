import type { Queryable } from "../db/database.js";
import type { CaseStatus } from "./case.js";

export async function audit(
  db: Queryable,
  code: string,
  actor: string,
  action: string,
  fromStatus: CaseStatus | null,
  toStatus: CaseStatus | null,
  detail: Record<string, unknown> | null,
  at: Date,
): Promise<void> {
  await db.query(
    "INSERT INTO case_events (case_code, actor, action, from_status, to_status, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [code, actor, action, fromStatus, toStatus, detail === null ? null : JSON.stringify(detail), at],
  );
}

/** Where an officer acted from; recorded with every change they make. */
export type ActChannel = "zalo" | "api" | "dashboard";

export function withChannel(detail: Record<string, unknown> | null, channel: ActChannel | undefined): Record<string, unknown> | null {
  return channel ? { ...detail, channel } : detail;
}
