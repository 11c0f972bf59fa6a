import type { CommuneConfig } from "../commune/config.js";
import { areaAt, areaByName } from "../commune/geo.js";
import { routeCase, slaFor } from "../commune/routing.js";
import type { Database } from "../db/database.js";
import { type Case, CaseInputError, CaseNotFoundError, OPEN_STATUSES, TransitionNotAllowedError } from "./case.js";
import { type ActChannel, audit, withChannel } from "./case-audit.js";
import { CASE_COLUMNS, type CaseRow, existingCase, toCase } from "./case-rows.js";
import { writeCaseNotices } from "./outbox.js";

/**
 * Handing a case to another commune of the province (issue 24, borders): `#chuyenxa`, the
 * dashboard's button and `POST /cases/:code/transfer` all end here (through `actions.ts`).
 *
 * The case leaves its commune wholly, in one transaction: its row, photos, notes and pending
 * outbox rows become the new commune's; links to the old commune's other cases (possible
 * duplicates there) are dropped, so the new commune's officers see none of them. It keeps its
 * code, and its reporter and followers keep the OA they follow on (`contact_commune_id`, the
 * followers' own rows). The audit trail shows both sides: `transferred_out` is filed under the old
 * commune (its record of what left), `transferred_in` under the new one; the case's history shows
 * both, with who and why.
 *
 * Routing: by the new commune's villages when the pin (or the typed address) is in one, else its
 * fallback team. Category: kept when the new commune has it, else its catch-all ("Khác").
 * Deadlines (the SLA clock): counted afresh from the transfer on the new commune's calendar, as an
 * administrative transfer does (the receiving body's time runs from receipt): acknowledgement
 * while still new, resolution always; the escalation level starts again at 0.
 */
export async function transferCase(
  db: Database,
  from: CommuneConfig,
  to: CommuneConfig,
  code: string,
  actor: string,
  reason: string,
  now: Date = new Date(),
  channel?: ActChannel,
): Promise<Case> {
  return db.transaction(async (tx) => {
    const c = await existingCase(tx, code, true);
    // Moved by someone else between the check and the change: not this commune's any more.
    if (c.communeId !== from.id) throw new CaseNotFoundError(c.code);
    if (!OPEN_STATUSES.includes(c.status)) throw new TransitionNotAllowedError(c.code, c.status, c.status);
    const category = to.categories.some((k) => k.id === c.category) ? c.category : to.otherCategory;
    if (category === undefined) throw new CaseInputError(`commune ${to.id} has no category ${c.category} and no catch-all`, "category");
    const areaId =
      (c.lat !== null && c.lng !== null ? areaAt(to, c.lat, c.lng)?.properties.id : null) ??
      (c.address ? areaByName(to, c.address)?.properties.id : null) ??
      null;
    const teamId = routeCase(to, areaId, category);
    const sla = slaFor(to, category, now);
    // The names as they were, for the history read later (a commune file may be renamed).
    const sides = { from: from.id, to: to.id, fromName: from.name, toName: to.name, reason };
    await audit(tx, c.code, actor, "transferred_out", null, null, withChannel({ ...sides, fromTeam: c.teamId }, channel), now);
    const rows = await tx.query<CaseRow>(
      `UPDATE cases SET commune_id = $2, team_id = $3, area_id = $4, category = $5, ack_due_at = $6, resolve_due_at = $7,
         escalation_level = 0, updated_at = $8
       WHERE code = $1 RETURNING ${CASE_COLUMNS}`,
      [c.code, to.id, teamId, areaId, category, c.status === "new" ? sla.ackDueAt : c.ackDueAt, sla.resolveDueAt, now],
    );
    for (const table of ["case_photos", "case_notes", "case_outbox"])
      await tx.query(`UPDATE ${table} SET commune_id = $2 WHERE case_code = $1`, [c.code, to.id]);
    const unlinked = await tx.query<{ related_case_code: string }>(
      "DELETE FROM case_links WHERE case_code = $1 RETURNING related_case_code",
      [c.code],
    );
    await tx.query("DELETE FROM case_links WHERE related_case_code = $1", [c.code]);
    await audit(
      tx,
      c.code,
      actor,
      "transferred_in",
      null,
      null,
      withChannel(
        {
          ...sides,
          toTeam: teamId,
          areaId,
          ...(category !== c.category ? { category, fromCategory: c.category } : {}),
          ...(unlinked.length ? { unlinked: unlinked.map((r) => r.related_case_code) } : {}),
        },
        channel,
      ),
      now,
    );
    await writeCaseNotices(
      tx,
      c.code,
      [{ kind: "transferred", fromCommune: from.id, fromTeam: c.teamId, reason, at: now.toISOString() }],
      now,
    );
    return toCase(rows[0]!);
  });
}
