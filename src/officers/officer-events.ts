import type { Queryable } from "../db/database.js";

/**
 * An officer's own audit trail, shown in the officer list (the admin is a token, not an inbox):
 * `zalo_relinked` when a link code moved the officer to another Zalo account than the one linked.
 */
export interface OfficerEvent {
  kind: "zalo_relinked";
  at: Date;
}

/** Shown per officer in the list: the latest ones. */
export const OFFICER_EVENTS_SHOWN = 5;

/** The latest events of every officer who has any, newest first. */
export async function latestOfficerEvents(db: Queryable): Promise<Map<string, OfficerEvent[]>> {
  const rows = await db.query<{ officer_id: string; kind: OfficerEvent["kind"]; at: Date }>(
    `SELECT officer_id, kind, at FROM (
       SELECT officer_id, kind, at, row_number() OVER (PARTITION BY officer_id ORDER BY at DESC, id DESC) AS n FROM officer_events
     ) e WHERE n <= $1 ORDER BY officer_id, at DESC`,
    [OFFICER_EVENTS_SHOWN],
  );
  const byOfficer = new Map<string, OfficerEvent[]>();
  for (const r of rows) {
    const list = byOfficer.get(r.officer_id) ?? [];
    list.push({ kind: r.kind, at: new Date(r.at) });
    byOfficer.set(r.officer_id, list);
  }
  return byOfficer;
}
