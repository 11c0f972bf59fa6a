import { Router } from "express";
import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import { withinMs } from "../core/deadline.js";
import { DOSSIER_CODE_EXAMPLE, normalizeDossierCode } from "../dossiers/code.js";
import { DossierImportError, importDossiers } from "../dossiers/import.js";
import { dossierRecordSchema } from "../dossiers/record.js";
import { findByCode, upsertDossiers } from "../dossiers/repository.js";
import { HttpError } from "../http/errors.js";
import { logger } from "../logger.js";
import { requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";
import { invalidBody, jsonObjectBody, parseFields } from "./body.js";
import { cappedBody } from "./capped-body.js";
import { dossierJson } from "./dossier-json.js";
import { param } from "./params.js";

/**
 * A commune's dossiers in the officer API (behind `bearerAuth`), the caller's commune
 * (`?communeId=`, which an officer may leave out, and the admin token too with one commune):
 *
 * - `GET /dossiers/:code` → `DossierJson`; 400 `invalid_code`, 404 `dossier_not_found` (also for
 *   another commune's dossier).
 * - `PUT /dossiers/:code` (admin), JSON body = the CSV record's fields (`procedure, channel, status,
 *   received_at, due_at?, finished_at?`, `code` optional and equal to the URL's; nothing else) →
 *   `{dossier, outcome: inserted|updated|unchanged, statusChanged, previousStatus}` (201 when inserted);
 *   409 `dossier_of_another_commune` when the code is another commune's dossier (codes are unique
 *   in the province). An import leaves such a row out, rejected with that reason.
 * - `POST /dossiers/import` (admin), `Content-Type: text/csv` body in the contract's format →
 *   `{read, inserted, updated, unchanged, rejected: [{line, reason}], statusChanges, backwards: [{code, from, to}], notices}`
 *   (`backwards`: statuses moved back to an earlier stage, e.g. 9 → 4 — not announced to followers);
 *   400 `invalid_csv` for a wrong header or an empty file, 413 over the size limit, 415 for another type.
 *
 * Status changes trigger the dossier notices job. If that trigger fails (Redis down) the change
 * is stored anyway and the worker's sweep (every minute) sends the notices: the answer says
 * `notices: "sweep"` instead of `"queued"`.
 */

export interface DossierRoutesDeps {
  db: Database;
  communes: Communes;
  /** Ask the workers to notify followers now (the `dossier-notices` job). */
  triggerDossierNotices: () => Promise<void>;
  /** Largest CSV accepted by the import, bytes (default 50 MB). */
  importMaxBytes?: number;
  clock?: () => Date;
}

/** What happened to followers' notices after a write. */
export type NoticeOutcome = "none" | "queued" | "sweep";

const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024;
const TRIGGER_TIMEOUT_MS = 3000;

function codeParam(raw: string): string {
  const code = normalizeDossierCode(raw);
  if (!code) throw new HttpError(400, "invalid_code", `"${raw}" is not a dossier code (e.g. ${DOSSIER_CODE_EXAMPLE})`);
  return code;
}

/** The dossier routes, relative to `/api/v1`. */
export function dossierRoutes(deps: DossierRoutesDeps): Router {
  const router = Router();
  const now = deps.clock ?? (() => new Date());
  const maxBytes = deps.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;

  const notify = async (changes: number): Promise<NoticeOutcome> => {
    if (!changes) return "none";
    try {
      // Bounded: the write is done; a hanging Redis must not hold the answer (the sweep catches up).
      await withinMs(deps.triggerDossierNotices(), TRIGGER_TIMEOUT_MS, () => new Error(`no answer within ${TRIGGER_TIMEOUT_MS} ms`));
      return "queued";
    } catch (err) {
      logger.warn("dossier notices not triggered; the next sweep sends them", { err });
      return "sweep";
    }
  };

  router.get("/dossiers/:code", requireRight("dossiers:read"), async (req, res) => {
    const commune = communeOfRequest(req, deps.communes);
    const code = codeParam(param(req, "code"));
    const d = await findByCode(deps.db, commune.id, code);
    if (!d) throw new HttpError(404, "dossier_not_found", `No dossier ${code}`);
    res.json(dossierJson(d, now()));
  });

  router.put("/dossiers/:code", requireRight("dossiers:write"), async (req, res) => {
    const code = codeParam(param(req, "code"));
    const body = jsonObjectBody(req);
    if (body.code !== undefined && normalizeDossierCode(String(body.code)) !== code) {
      throw invalidBody([{ path: "code", message: "differs from the code in the URL" }]);
    }
    const record = parseFields(dossierRecordSchema, { ...body, code });
    const commune = communeOfRequest(req, deps.communes);

    const before = await findByCode(deps.db, commune.id, code);
    const result = await upsertDossiers(deps.db, commune.id, [record]);
    const outcome = result.outcomes[0]!.outcome;
    if (outcome === "foreign")
      throw new HttpError(
        409,
        "dossier_of_another_commune",
        `${code} is a dossier of another commune (dossier codes are unique in the province): not changed`,
      );
    const change = result.statusChanges[0];
    await notify(result.statusChanges.length);
    const stored = (await findByCode(deps.db, commune.id, code))!;
    res.status(outcome === "inserted" ? 201 : 200).json({
      dossier: dossierJson(stored, now()),
      outcome,
      statusChanged: change !== undefined,
      previousStatus: change?.from ?? before?.status ?? null,
    });
  });

  router.post("/dossiers/import", requireRight("dossiers:write"), async (req, res) => {
    if (!req.is(["text/csv", "application/csv"])) {
      throw new HttpError(415, "unsupported_media_type", "Send the CSV file as the body with Content-Type: text/csv");
    }
    const commune = communeOfRequest(req, deps.communes);
    let changes = 0;
    try {
      const summary = await importDossiers(deps.db, commune.id, cappedBody(req, maxBytes), {
        onStatusChanges: (c) => {
          changes += c.length;
        },
      });
      res.json({
        read: summary.read,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        statusChanges: summary.statusChanges.length,
        backwards: summary.backwards,
        notices: await notify(changes),
      });
    } catch (err) {
      // Rows written before a failure (size limit, dropped upload) may have changed statuses.
      if (changes) await notify(changes);
      if (err instanceof DossierImportError) throw new HttpError(400, "invalid_csv", err.message);
      throw err;
    }
  });

  return router;
}
