import type { RedisConnection } from "../redis.js";
import { randomUUID } from "node:crypto";
import express, { type Response, Router } from "express";
import { z } from "zod";
import type { Queryable } from "../db/database.js";
import { cookieValue } from "../http/cookies.js";
import { HttpError } from "../http/errors.js";
import { logger } from "../logger.js";
import { oneTimeCodeAttempts } from "../metrics.js";
import type { CodeAttempts } from "../officers/code-attempts.js";
import { getOfficer } from "../officers/officer-queries.js";
import { OFFICER_SESSION_COOKIE, OFFICER_SESSION_SECONDS, type OfficerSessions } from "../officers/officer-sessions.js";
import { takeSignInCode } from "../officers/sign-in-codes.js";
import { parseBody } from "./body.js";
import { principalOf, requireRight } from "./auth.js";

/**
 * Officers sign in to the dashboard like people, not machines:
 *
 * - `POST /session {code}` (no token): the one-time code the officer got from `#dangnhap` in Zalo
 *   starts a session: an HttpOnly, Secure, SameSite=Strict cookie for `OFFICER_SESSION_SECONDS`.
 *   A wrong code is 401 and spends the failed-attempt budget shared with the link codes, per
 *   client address and for the whole hotline; past it, 429 with `Retry-After`.
 * - `GET /session` → `{signedIn}`: whether this browser holds a live session.
 * - `DELETE /session`: signs this browser out.
 * - `DELETE /sessions` (signed in): signs the caller out everywhere.
 * - `DELETE /officers/:id/sessions` (`officers:manage`): an admin resets an officer's sign-in.
 *
 * Requests made with the cookie are guarded against cross-site forgery in `bearerAuth`.
 */

export interface SignInDeps {
  db: Queryable;
  sessions: OfficerSessions;
  codeAttempts: CodeAttempts;
  redis: RedisConnection;
  prefix: string;
  clock?: () => Date;
}

const signInBody = z.strictObject({ code: z.string().min(1).max(40) });

function setSessionCookie(res: Response, value: string, maxAgeS: number): void {
  res.append("Set-Cookie", `${OFFICER_SESSION_COOKIE}=${value}; Max-Age=${maxAgeS}; Path=/; HttpOnly; Secure; SameSite=Strict`);
}

/** The routes a browser reaches before it is signed in: mounted before the API's authentication. */
export function signInRoutes(deps: SignInDeps): Router {
  const router = Router();
  router.post("/session", express.json({ limit: "1kb" }), async (req, res) => {
    const { code } = parseBody(req, signInBody);
    const now = (deps.clock?.() ?? new Date()).getTime();
    const attempt = randomUUID();
    const client = req.ip ?? "unknown";
    const budget = await deps.codeAttempts.reserve("web", client, attempt, now);
    if (!budget.ok) {
      oneTimeCodeAttempts.inc({ purpose: "sign_in", outcome: "locked_out" });
      res.set("Retry-After", String(Math.ceil(budget.retryAfterMs / 1000)));
      throw new HttpError(429, "too_many_attempts", "Too many wrong codes: try again later, or send #dangnhap again");
    }
    const officerId = await takeSignInCode(deps.redis, deps.prefix, code);
    const officer = officerId ? await getOfficer(deps.db, officerId) : null;
    if (!officer?.active) {
      oneTimeCodeAttempts.inc({ purpose: "sign_in", outcome: "refused" });
      logger.info("dashboard sign-in refused", { reason: officerId ? "inactive" : "unknown_code" });
      throw new HttpError(401, "invalid_code", "This code is wrong, used or expired: send #dangnhap to the OA for a new one");
    }
    await deps.codeAttempts.release("web", client, attempt);
    oneTimeCodeAttempts.inc({ purpose: "sign_in", outcome: "accepted" });
    setSessionCookie(res, await deps.sessions.start(officer.id), OFFICER_SESSION_SECONDS);
    logger.info("officer signed in to the dashboard", { officer: officer.id });
    res.json({ officer: { id: officer.id, name: officer.name }, expiresInSeconds: OFFICER_SESSION_SECONDS });
  });

  // Whether this browser holds a live session: the page asks before showing the sign-in form,
  // without a 401 for every visitor.
  router.get("/session", async (req, res) => {
    const id = cookieValue(req.get("cookie"), OFFICER_SESSION_COOKIE);
    const officerId = id ? await deps.sessions.officerOf(id) : null;
    const officer = officerId ? await getOfficer(deps.db, officerId) : null;
    res.json({ signedIn: Boolean(officer?.active) });
  });

  router.delete("/session", async (req, res) => {
    const id = cookieValue(req.get("cookie"), OFFICER_SESSION_COOKIE);
    if (id) await deps.sessions.end(id);
    setSessionCookie(res, "", 0);
    res.status(204).end();
  });
  return router;
}

/** The routes that end sessions of a signed-in caller: mounted after the API's authentication. */
export function sessionRoutes(deps: Pick<SignInDeps, "db" | "sessions">): Router {
  const router = Router();
  router.delete("/sessions", async (req, res) => {
    const me = principalOf(req);
    const ended = me.id === "admin" ? 0 : await deps.sessions.endAll(me.id);
    setSessionCookie(res, "", 0);
    res.json({ ended });
  });
  router.delete("/officers/:id/sessions", requireRight("officers:manage"), async (req, res) => {
    const officer = await getOfficer(deps.db, String(req.params["id"]));
    const me = principalOf(req);
    if (!officer || (me.communeId !== null && officer.communeId !== me.communeId)) throw new HttpError(404, "not_found", "No such officer");
    res.json({ ended: await deps.sessions.endAll(officer.id) });
  });
  return router;
}
