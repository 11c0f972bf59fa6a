import express, { Router } from "express";
import type { Case, CaseStatus } from "../cases/case.js";
import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import type { PhotoStore } from "../photos/photo-store.js";
import type { ProcedureCatalogue } from "../procedures/catalogue.js";
import { HttpError } from "../http/errors.js";
import { accessAuditRoutes } from "./access-audit.js";
import { bearerAuth } from "./auth.js";
import { AuthFailureLimiter } from "./auth-failures.js";
import { caseIntakeRoutes } from "./case-intake.js";
import { caseRoutes } from "./cases.js";
import { dossierRoutes } from "./dossiers.js";
import { type OaConnectLinks, zaloConnectRoutes } from "./zalo-connect.js";
import { meRoutes } from "./me.js";
import { officerRoutes } from "./officers.js";
import { procedureRoutes } from "./procedures.js";
import { privacyPurgeRoutes } from "./privacy-purge.js";
import { privacyRequestRoutes } from "./privacy-requests.js";
import type { DpoDeps } from "../privacy/dpo-requests.js";
import type { PersonHasher } from "../privacy/person-key.js";
import { statsRoutes } from "./stats.js";
import { teamRoutes } from "./teams.js";
import { sessionRoutes, signInRoutes, type SignInDeps } from "./sign-in.js";
import { leagueRoutes } from "./league.js";
import { oaFleetRoutes, type OaFleetRoutesDeps } from "./oa-fleet.js";

/** What the officer API needs from the hotline. */
export interface ApiDeps {
  db: Database;
  communes: Communes;
  /** `ADMIN_TOKEN` and `DATA_DIR` of the configuration. */
  config: { ADMIN_TOKEN: string; DATA_DIR: string };
  /**
   * After a case's status changed: followers are told, escalation cancelled (by the workers, from
   * the case outbox the change committed). The hook wakes the relay; it must not fail.
   */
  onCaseTransition(c: Case, from: CaseStatus, note?: string): Promise<void>;
  /** After a case was handed to another team: its on-duty officers are told (likewise). */
  onCaseReassigned(c: Case): Promise<void>;
  /** After a report taken by phone or at the counter was filed: escalation, the team's notice (likewise). */
  onCaseFiled(filed: { case: Case; created: boolean }): Promise<void>;
  /** Ask the workers to notify dossier followers now (they also sweep every minute). */
  triggerDossierNotices: () => Promise<void>;
  /** A commune's procedure catalogue was imported: this process's conversations of that commune use it from now on. */
  onProceduresImported?: (communeId: string, catalogue: ProcedureCatalogue) => void;
  /** Largest dossier CSV accepted, bytes (default 50 MB). */
  importMaxBytes?: number;
  /**
   * Wrong tokens counted per client address. Share one between every door that takes a token
   * (the API, Open311's api_key, the queue board) so a guesser gets one budget, not one per door.
   */
  failures?: AuthFailureLimiter;
  /** Officers' sign-in with a code from `#dangnhap` and their dashboard sessions (Redis); without it, tokens only. */
  signIn?: Omit<SignInDeps, "db" | "clock">;
  /** Where kept photos live (`PHOTO_STORE`); default files under `DATA_DIR`. */
  photos?: PhotoStore;
  /** Onboarding of an OA (absent: no connect link is offered). */
  oaConnect?: { links: OaConnectLinks; redirectUri?: string | undefined; callbackPath: string };
  /** The keyed hash naming a reporter in the consent records (a withdrawn call-back consent hides their phone). */
  personHash?: PersonHasher;
  /** Citizens' requests for the data-protection officer (absent: the routes are not served). */
  dpo?: DpoDeps;
  /** The OA fleet's figures (absent: `GET /oa-fleet` is not served). */
  fleet?: OaFleetRoutesDeps["fleet"];
  /** After a team was created or changed on the page: the process's roster is re-read (`TeamRosters.refresh`). */
  onTeamsChanged?: () => Promise<void>;
  clock?: () => Date;
}

/**
 * The officer API under `/api/v1`: every route needs a bearer token (see `auth.ts` for the
 * rights); an unknown path under `/api/v1` is a JSON 404, after authentication so that the
 * API's shape is not shown to strangers. No answer may be kept by a cache: they carry case data,
 * reporters' details and tokens.
 */
const json = express.json({ limit: "100kb" });

export function apiRouter(deps: ApiDeps): Router {
  const api = Router();
  api.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  const failures = deps.failures ?? new AuthFailureLimiter(deps.clock ? { clock: deps.clock } : {});
  if (deps.signIn) api.use(signInRoutes({ db: deps.db, ...deps.signIn, ...(deps.clock ? { clock: deps.clock } : {}) }));
  api.use(
    bearerAuth({ db: deps.db, adminToken: deps.config.ADMIN_TOKEN, failures, ...(deps.signIn ? { sessions: deps.signIn.sessions } : {}) }),
  );
  // Bodies are read only once the caller is known: a stranger gets 401, not a parse error.
  // The catalogue import reads its own (larger) body, after its right is checked.
  api.use((req, res, next) => (req.path === "/procedures/import" ? next() : json(req, res, next)));
  api.use(
    dossierRoutes({
      db: deps.db,
      communes: deps.communes,
      triggerDossierNotices: deps.triggerDossierNotices,
      ...(deps.importMaxBytes !== undefined ? { importMaxBytes: deps.importMaxBytes } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
  );
  api.use(
    caseRoutes({
      db: deps.db,
      communes: deps.communes,
      dataDir: deps.config.DATA_DIR,
      ...(deps.photos ? { photos: deps.photos } : {}),
      onTransition: deps.onCaseTransition,
      onReassign: deps.onCaseReassigned,
      ...(deps.personHash ? { personHash: deps.personHash } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
  );
  api.use(
    caseIntakeRoutes({
      db: deps.db,
      communes: deps.communes,
      dataDir: deps.config.DATA_DIR,
      ...(deps.photos ? { photos: deps.photos } : {}),
      onCaseFiled: deps.onCaseFiled,
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
  );
  api.use(officerRoutes({ db: deps.db, communes: deps.communes }));
  api.use(teamRoutes({ db: deps.db, communes: deps.communes, ...(deps.onTeamsChanged ? { onTeamsChanged: deps.onTeamsChanged } : {}) }));
  api.use(accessAuditRoutes({ db: deps.db, communes: deps.communes }));
  api.use(privacyPurgeRoutes({ db: deps.db, communes: deps.communes }));
  if (deps.dpo) api.use(privacyRequestRoutes({ communes: deps.communes, dpo: deps.dpo }));
  api.use(meRoutes({ db: deps.db, communes: deps.communes }));
  if (deps.signIn) api.use(sessionRoutes({ db: deps.db, sessions: deps.signIn.sessions }));
  if (deps.oaConnect) api.use(zaloConnectRoutes({ communes: deps.communes, ...deps.oaConnect }));
  api.use(
    procedureRoutes({
      db: deps.db,
      communes: deps.communes,
      ...(deps.onProceduresImported ? { onImported: deps.onProceduresImported } : {}),
    }),
  );
  api.use(statsRoutes({ db: deps.db, communes: deps.communes, ...(deps.clock ? { clock: deps.clock } : {}) }));
  api.use(leagueRoutes({ db: deps.db, communes: deps.communes, ...(deps.clock ? { clock: deps.clock } : {}) }));
  if (deps.fleet) api.use(oaFleetRoutes({ communes: deps.communes, fleet: deps.fleet, ...(deps.clock ? { clock: deps.clock } : {}) }));
  api.use((req) => {
    throw new HttpError(404, "not_found", `No route for ${req.method} /api/v1${req.path}`);
  });

  const root = Router();
  root.use("/api/v1", api);
  return root;
}
