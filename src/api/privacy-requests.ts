import { type Request, Router } from "express";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import { HttpError } from "../http/errors.js";
import {
  acknowledgeDpoRequest,
  type DpoChange,
  type DpoDeps,
  type DpoRequest,
  listDpoRequests,
  settleDpoRequest,
} from "../privacy/dpo-requests.js";
import { inCommune, principalOf, requireRight } from "./auth.js";
import { parseBody } from "./body.js";
import { communeOfRequest } from "./commune-scope.js";

/**
 * Requests of citizens for the commune's data-protection officer (issue 25), behind the right
 * `privacy-requests:settle`:
 * - `GET /privacy-requests?communeId=&status=open|all` (open by default), earliest deadline first;
 * - `POST /privacy-requests/:id/acknowledge` `{}`: acknowledged (the law gives 2 working days),
 *   the citizen told in the chat;
 * - `POST /privacy-requests/:id/settle` `{"answer": "…"}`: settled with the answer the citizen gets
 *   in the chat (15 working days). A settled request answers 409 to both.
 */
const listQuery = z.strictObject({ communeId: z.string().optional(), status: z.enum(["open", "all"]).default("open") });
const acknowledgeBody = z.strictObject({});
const settleBody = z.strictObject({ answer: z.string().trim().min(1).max(2000) });

export function privacyRequestRoutes(deps: { communes: Communes; dpo: DpoDeps }): Router {
  const router = Router();
  router.get("/privacy-requests", requireRight("privacy-requests:settle"), async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    const commune = communeOfRequest(req, deps.communes);
    const requests = await listDpoRequests(deps.dpo.db, commune.id, q.data.status === "open");
    res.json({ communeId: commune.id, requests: requests.map(json) });
  });

  router.post("/privacy-requests/:id/acknowledge", requireRight("privacy-requests:settle"), async (req, res) => {
    parseBody(req, acknowledgeBody);
    const me = principalOf(req);
    res.json(answer(await acknowledgeDpoRequest(deps.dpo, idOf(req), (c) => inCommune(me, c), me.id)));
  });

  router.post("/privacy-requests/:id/settle", requireRight("privacy-requests:settle"), async (req, res) => {
    const body = parseBody(req, settleBody);
    const me = principalOf(req);
    res.json(answer(await settleDpoRequest(deps.dpo, idOf(req), (c) => inCommune(me, c), me.id, body.answer)));
  });
  return router;
}

function idOf(req: Request): number {
  const raw = String(req.params.id ?? "");
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new HttpError(404, "privacy_request_not_found", `No privacy request ${raw}`);
  return Number(raw);
}

function answer(change: DpoChange) {
  if (!change.found) throw new HttpError(404, "privacy_request_not_found", "No such privacy request in this commune");
  if ("conflict" in change) throw new HttpError(409, "privacy_request_settled", "This request is already settled");
  return json(change.request);
}

function json(r: DpoRequest) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id,
    communeId: r.communeId,
    detail: r.detail,
    receivedAt: iso(r.receivedAt),
    ackDueAt: iso(r.ackDueAt),
    settleDueAt: iso(r.settleDueAt),
    acknowledgedAt: iso(r.acknowledgedAt),
    acknowledgedBy: r.acknowledgedBy,
    settledAt: iso(r.settledAt),
    settledBy: r.settledBy,
    answer: r.answer,
    escalationLevel: r.escalationLevel,
  };
}
