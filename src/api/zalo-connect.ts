import { Router } from "express";
import type { Communes } from "../commune/communes.js";
import { HttpError } from "../http/errors.js";
import { forbidden, principalOf } from "./auth.js";

/** Onboarding of a commune's OA, as the officer API sees it (Zalo's side is wired in by the root). */
export interface OaConnectLinks {
  /** The link to Zalo's permission page, or undefined when the commune names no OA. */
  start(communeId: string, redirectUri: string): Promise<{ url: string; oaId: string; expiresAt: Date } | undefined>;
}

/**
 * `GET /communes/:id/zalo/connect` → `{communeId, oaId, url, expiresAt}`: the link an admin opens
 * to authorize the commune's OA on Zalo (OAuth v4 with PKCE; single-use, ten minutes). Only the
 * admin token (the deployment's administrator): binding an OA's tokens to a commune decides
 * whose citizens a commune answers.
 *
 * The callback Zalo returns to is `redirectUri` when set (`ZALO_OAUTH_REDIRECT_URI`, which must be
 * the one registered in the Zalo app), else this server's own address as the request shows it.
 */
export function zaloConnectRoutes(deps: {
  communes: Communes;
  links: OaConnectLinks;
  redirectUri?: string | undefined;
  callbackPath: string;
}): Router {
  const router = Router();
  router.get("/communes/:id/zalo/connect", async (req, res) => {
    const p = principalOf(req);
    if (p.role !== "admin" || p.communeId !== null) throw forbidden("Only the deployment's admin token connects an OA");
    const commune = deps.communes.find(req.params.id);
    if (!commune) throw new HttpError(404, "not_found", `No commune "${req.params.id}"`);
    const redirectUri = deps.redirectUri ?? `${req.protocol}://${req.get("host")}${deps.callbackPath}`;
    const link = await deps.links.start(commune.id, redirectUri);
    if (!link) throw new HttpError(409, "no_oa", `Commune ${commune.id} names no OA: set zalo.oaId in its file first`);
    res.json({ communeId: commune.id, oaId: link.oaId, url: link.url, expiresAt: link.expiresAt.toISOString() });
  });
  return router;
}
