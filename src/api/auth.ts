import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { Queryable } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { cookieValue } from "../http/cookies.js";
import { findByApiToken, getOfficer } from "../officers/officer-queries.js";
import { OFFICER_SESSION_COOKIE, type OfficerSessions } from "../officers/officer-sessions.js";
import { AuthFailureLimiter, countAuthFailure } from "./auth-failures.js";
import { can, canSeeCase, inCommune, principalOfOfficer, type Principal, type Right, rightsOf, rolesWith } from "../officers/rights.js";

export { canSeeCase, inCommune, type Principal };

/**
 * Bearer authentication of the officer API and its rights.
 *
 * `Authorization: Bearer <token>`: the `ADMIN_TOKEN` of the environment, or an officer's API
 * token (issued by `POST /api/v1/officers` or `/officers/:id/token`, stored hashed). Anything
 * else is 401 (also the token of a deactivated officer), logged without the token; past 10 wrong
 * or malformed tokens a minute from one client address, 429 with `Retry-After` (see
 * `auth-failures.ts`). A valid token is never held back.
 *
 * Rights (a valid token acting outside them gets 403). The roles (`officers/officer-rows.ts`):
 * `admin` is the `ADMIN_TOKEN`; `p.admin` a province admin and `prov.` a province user (no
 * commune: they read every commune, and act on no case); `c.admin` a commune admin (its officers,
 * teams and config), `leader` the commune's leadership, `dpo` its data-protection officer, `lead`
 * and `officer` a team's. A commune's member is held to their commune: another commune's case,
 * officer or figures are 404 (naming another commune is 403). The table is `RIGHTS` in
 * `officers/rights.ts`; a test keeps the two equal.
 *
 * | right                     | admin | p.admin | prov. | c.admin | leader | dpo | lead | officer |
 * |---------------------------|-------|---------|-------|---------|--------|-----|------|---------|
 * | `cases:read`              | yes   | yes     | yes   | yes     | yes    | yes | yes  | yes     |
 * | `cases:act`               | yes   | no      | no    | no      | yes    | no  | yes  | yes     |
 * | `cases:file`              | yes   | no      | no    | no      | no     | no  | yes  | yes     |
 * | `cases:transfer`          | yes   | no      | no    | yes     | yes    | no  | yes  | no      |
 * | `dossiers:read`           | yes   | yes     | yes   | yes     | yes    | yes | yes  | yes     |
 * | `dossiers:write`          | yes   | yes     | no    | yes     | no     | no  | no   | no      |
 * | `officers:create`         | yes   | yes     | no    | yes     | no     | no  | no   | no      |
 * | `officers:list`           | yes   | yes     | yes   | yes     | yes    | no  | no   | no      |
 * | `officers:manage`         | yes   | yes     | no    | yes     | no     | no  | no   | no      |
 * | `teams:list`              | yes   | yes     | yes   | yes     | yes    | no  | no   | no      |
 * | `teams:manage`            | yes   | yes     | no    | yes     | no     | no  | no   | no      |
 * | `stats:read`              | yes   | yes     | yes   | yes     | yes    | no  | no   | no      |
 * | `stats:province`          | yes   | yes     | yes   | no      | no     | no  | no   | no      |
 * | `procedures:write`        | yes   | yes     | no    | yes     | no     | no  | no   | no      |
 * | `audit:read`              | yes   | yes     | no    | no      | no     | yes | no   | no      |
 * | `privacy-requests:settle` | yes   | no      | no    | no      | no     | yes | no   | no      |
 * | `fleet:read`              | yes   | yes     | yes   | yes     | no     | no  | no   | no      |
 *
 * - `cases:read`: a lead or officer reads their own team's cases; the leader, commune admin and
 *   dpo every case of the commune; province users and the admin token every case. Descriptions
 *   and photos of a violation report only for its team, the leader, the dpo and the admin token
 *   (`descriptionWithheld` in the case's JSON says when they were left out).
 * - `cases:act` (transitions, notes, duplicates, hand-overs; the Zalo commands likewise): on the
 *   cases the principal reads. `cases:file` (POST /cases, Open311 POST): when in a team.
 * - `cases:transfer` (`POST /cases/:code/transfer`, `#chuyenxa`): a case to another commune, by
 *   its team's lead, the commune's leader or admin; province users act on no case.
 * - `officers:create`/`officers:manage` (POST, PATCH any field, DELETE, token, link code): a
 *   commune admin in its commune and never a province role; the admin token and a province admin
 *   anywhere (`grantableRoles`). `PATCH /officers/:id {onDuty}` is finer: a lead for their team's
 *   officers, anyone for themselves (see `api/officers.ts`).
 * - `teams:list`/`teams:manage` (`GET`, `POST /teams`, `PATCH /teams/:id`): a commune admin its
 *   commune's teams, the admin token and a province admin every commune's (see `api/teams.ts`).
 * - `stats:province`: `GET /stats/province`, every commune's figures. `audit:read`: who read
 *   personal data, and what the retention purge removed (`GET /privacy/purge`), a dpo for their commune. `privacy-requests:settle`: the personal-data requests.
 * - `fleet:read`: `GET /oa-fleet`, the health of the communes' OAs (tokens, events, sends, quota);
 *   a commune admin reads their own commune's OA only.
 */

export type { Right };
export { can, rightsOf, rolesWith };

// Keyed by request rather than res.locals, which express types as `any`.
const principals = new WeakMap<Request, Principal>();

/** The authenticated caller; only valid behind `bearerAuth`. */
export function principalOf(req: Request): Principal {
  const p = principals.get(req);
  if (!p) throw new Error("principalOf called on a route without bearerAuth");
  return p;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Constant-time: both sides are hashed first, so neither content nor length leaks. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

// RFC 6750 token68 characters.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, "unauthorized", message);
}

/** A 403 for a valid token acting outside its rights. */
export function forbidden(message = "This token does not give the right to do that"): HttpError {
  return new HttpError(403, "forbidden", message);
}

export interface AuthDeps {
  db: Queryable;
  adminToken: string;
  /** Default: a limiter of its own with the default limits. */
  failures?: AuthFailureLimiter;
  /** Dashboard sessions of officers signed in with a code; without them only tokens are taken. */
  sessions?: OfficerSessions;
}

/** Who holds this token: the `ADMIN_TOKEN`'s admin, an officer, or null for an unknown or revoked token. */
export async function principalForToken(deps: AuthDeps, token: string): Promise<Principal | null> {
  if (sameSecret(token, deps.adminToken)) return { id: "admin", role: "admin", teamId: null, communeId: null };
  const officer = await findByApiToken(deps.db, token);
  return officer ? principalOfOfficer(officer) : null;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** No `Origin` (a same-origin GET), or the origin of this very host. */
function sameOrigin(req: Request): boolean {
  const origin = req.get("origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === req.get("host");
  } catch {
    return false;
  }
}

/**
 * Authenticate every request it guards: a bearer token, or the dashboard session's cookie of an
 * officer who signed in with a code (`sign-in.ts`); 401 with `WWW-Authenticate: Bearer` otherwise.
 */
export function bearerAuth(deps: AuthDeps): RequestHandler {
  const failures = deps.failures ?? new AuthFailureLimiter();
  return async (req, res, next) => {
    const header = req.get("authorization");
    const token = bearerToken(header);
    /** Count the failure, log it (never the token), and answer 401, or 429 past the limit. */
    const refuse = (error: "invalid_request" | "invalid_token", message: string): HttpError => {
      const limited = countAuthFailure(failures, req, res, { via: "api", error });
      if (limited) return limited;
      res.set("WWW-Authenticate", `Bearer realm="civic-hotline", error="${error}"`);
      return unauthorized(message);
    };
    const session = header ? undefined : cookieValue(req.get("cookie"), OFFICER_SESSION_COOKIE);
    if (session && deps.sessions) {
      const officerId = await deps.sessions.officerOf(session);
      const officer = officerId ? await getOfficer(deps.db, officerId) : null;
      if (!officer?.active) throw refuse("invalid_token", "The dashboard session has ended: sign in again");
      // The cookie goes with any request the browser makes, a forged one from another site too:
      // a change needs the dashboard's own header, which no other site can add without asking.
      if (!SAFE_METHODS.has(req.method) && (req.get("x-hotline-surface") !== "dashboard" || !sameOrigin(req)))
        throw forbidden("A change made with the dashboard's session must come from the dashboard");
      principals.set(req, principalOfOfficer(officer));
      return next();
    }
    if (!header) {
      // RFC 6750 §3.1: no error attribute when the request carried no credentials at all.
      res.set("WWW-Authenticate", 'Bearer realm="civic-hotline"');
      throw unauthorized("Send Authorization: Bearer <token>");
    }
    if (!token) throw refuse("invalid_request", "The Authorization header must be: Bearer <token>");
    const principal = await principalForToken(deps, token);
    if (!principal) throw refuse("invalid_token", "Unknown or revoked token");
    principals.set(req, principal);
    next();
  };
}

/** Let the request through only if its principal holds `right`; 403 otherwise. */
export function requireRight(right: Right): RequestHandler {
  return (req, _res, next) => {
    if (!can(principalOf(req), right)) throw forbidden(`This token does not give the right "${right}"`);
    next();
  };
}
