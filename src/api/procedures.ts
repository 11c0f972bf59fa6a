import express, { Router } from "express";
import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { logger } from "../logger.js";
import { catalogueSchema, type ProcedureCatalogue, sha256 } from "../procedures/catalogue.js";
import { replaceCatalogue } from "../procedures/repository.js";
import { requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";
import { jsonObjectBody, parseFields } from "./body.js";

/**
 * The procedure catalogues in the officer API (behind `bearerAuth`):
 *
 * - `POST /procedures/import?communeId=` (admin), JSON body = the catalogue file's shape
 *   (`{example?, notice?, procedures: [...]}`, see src/procedures/catalogue.ts) → replaces the
 *   commune's whole catalogue in one transaction: `{communeId, imported, version}`. The commune
 *   is the caller's (`communeId` may be left out with one commune, or by an officer). Checked strictly and all or
 *   nothing: any bad row is a 400 `invalid_body` whose `fields` name each problem
 *   (`procedures.3.fee`, with the row's id in the message); nothing is changed then.
 *
 * The new catalogue answers citizens at once in this process, within seconds in the others, and
 * survives a restart (it lives in the database; the commune's catalogue file is re-imported only
 * once it changes).
 */

export interface ProcedureRoutesDeps {
  db: Database;
  communes: Communes;
  /** The commune's catalogue just imported (this process's conversations take it at once). */
  onImported?: (communeId: string, catalogue: ProcedureCatalogue) => void;
}

/** A catalogue of a few hundred procedures is larger than the API's usual body limit. */
const IMPORT_MAX_BYTES = "2mb";

export function procedureRoutes(deps: ProcedureRoutesDeps): Router {
  const router = Router();
  router.post("/procedures/import", requireRight("procedures:write"), express.json({ limit: IMPORT_MAX_BYTES }), async (req, res) => {
    const commune = communeOfRequest(req, deps.communes);
    const body = jsonObjectBody(req);
    let catalogue;
    try {
      catalogue = parseFields(catalogueSchema, body);
    } catch (err) {
      throw err instanceof HttpError && err.fields ? withRowIds(err, body) : err;
    }
    const id = await replaceCatalogue(deps.db, commune.id, { catalogue, sha256: sha256(JSON.stringify(body)) }, "api");
    const version = String(id);
    logger.info("procedure catalogue imported over the API", {
      commune: commune.id,
      procedures: catalogue.procedures.length,
      import: version,
    });
    deps.onImported?.(commune.id, { procedures: catalogue.procedures, example: catalogue.example, version });
    res.json({ communeId: commune.id, imported: catalogue.procedures.length, version });
  });
  return router;
}

/** Name the row of each problem by its id too: "procedures.3 (dang-ky-khai-sinh)". */
function withRowIds(err: HttpError, body: Record<string, unknown>): HttpError {
  const rows = Array.isArray(body.procedures) ? (body.procedures as unknown[]) : [];
  const fields = err.fields!.map((f) => {
    const index = /^procedures\.(\d+)(?:\.|$)/.exec(f.path)?.[1];
    const row = index === undefined ? undefined : (rows[Number(index)] as { id?: unknown } | undefined);
    return typeof row?.id === "string" ? { ...f, message: `${f.message} (procedure "${row.id.slice(0, 60)}")` } : f;
  });
  return new HttpError(err.status, err.code, fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; "), fields);
}
