import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Request, type Response, Router } from "express";
import { z } from "zod";
import { type Case, CaseInputError } from "../cases/case.js";
import type { PhotoHostPatterns } from "../cases/photo-download.js";
import { refuseOutside } from "../cases/photos.js";
import { filedRequestDigest, getCase, listCases, photosOfCases } from "../cases/case-queries.js";
import { fileCase } from "../cases/file-case.js";
import { isTrackingCode } from "../cases/tracking-code.js";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import { formatDateTimeVN } from "../core/local-time.js";
import type { Database } from "../db/database.js";
import { unstorableText } from "../db/storable-text.js";
import { HttpError } from "../http/errors.js";
import { requestDigest } from "../http/request-digest.js";
import { logger } from "../logger.js";
import { can, canSeeCase, inCommune, type Principal, principalForToken } from "../api/auth.js";
import { isViolationReport } from "../api/case-json.js";
import { canSeeViolationDetail } from "../officers/rights.js";
import { recordAccess } from "../privacy/access-audit.js";
import { AuthFailureLimiter, countAuthFailure } from "../api/auth-failures.js";
import { param } from "../api/params.js";
import {
  caseStatusesOf,
  type Open311Error,
  type Open311Wording,
  publicServiceRequest,
  service,
  type ServiceDefinition,
  serviceRequest,
} from "./georeport.js";

/**
 * Open311 GeoReport v2 under `/open311/v2` (JSON only). `jurisdiction_id` is the commune's id
 * (`GET /api/v1/communes` lists them): required on every call when the deployment has more than
 * one commune, a 400 when it is missing or unknown; with a single commune it may be left out.
 *
 * - `GET services.json` — the commune's categories; `GET services/:code.json` — a definition
 *   without attributes (404 for an unknown code).
 * - `GET requests.json?service_request_id=&service_code=&start_date=&end_date=&status=` — the
 *   spec's filters (comma-separated lists; `service_request_id` overrides the others); without
 *   `start_date`, the 90 days before `end_date` (or now); at most 1,000, newest first.
 * - `GET requests/:id.json` — one request in an array (404 when unknown).
 *
 * What a GET shows depends on who asks. Without a key, the public board's view of every request:
 * service, status, dates, agency, and the village (its name as `address`, its centre as
 * `lat`/`long`) — never the description, the typed address, the pin or media. With an officer's
 * or the admin API token in the `X-Api-Key` header, the full record of the requests that
 * officer may see (their team's; the leadership and admins all), the public view of the rest.
 * The key is never read from the URL on GET (access logs keep URLs): `api_key` there is a 400.
 *
 * - `POST requests.json` (form or JSON) with `api_key` = an officer's or the admin API token
 *   (with the right to file, as `POST /api/v1/cases`: not the leadership, not an officer outside
 *   every team):
 *   `service_code`, `lat`+`long` or `address_string`, `description`, optional `media_url` and
 *   contact (`first_name`, `last_name`, `phone`; `email`, `device_id`, `account_id` are
 *   accepted and not kept). The case is filed with channel `open311` exactly like a report from
 *   Zalo: routed, stored, its officers notified, its escalation scheduled. An `Idempotency-Key`
 *   header makes a retried POST file one case; the key reused with a different request (any
 *   field) is 422. A `media_url` outside `PHOTO_URL_HOSTS` is recorded as refused: never sent to
 *   officers or published.
 *
 * Listings never show the reporter's contact. Errors are the spec's `[{code, description}]`
 * with the HTTP status as `code`: 400 bad parameters (also text the database cannot store, a URL
 * that is not valid percent-encoding), 403 bad key or no right, 404 unknown resource, 422 a
 * reused `Idempotency-Key`. A wrong `api_key` or `X-Api-Key` counts as a failed authentication
 * of the client's address like a wrong Bearer token of the officer API (`failures`, shared with
 * it by the wiring): past the limit, 429 with `Retry-After`, while a valid key from that address
 * still passes.
 */

export interface Open311Deps {
  db: Database;
  communes: Communes;
  adminToken: string;
  wording: Open311Wording;
  /** After a case is filed (its escalation, officers' notice and photo copy are in the case outbox): wake the relay. */
  onCaseFiled(filed: { case: Case; created: boolean }, photos: number): Promise<void>;
  /** Failed authentications per address; default: one of its own. */
  failures?: AuthFailureLimiter;
  /** Where photos may come from (`PHOTO_URL_HOSTS`): a `media_url` elsewhere is recorded as refused. */
  photoHosts: PhotoHostPatterns;
  clock?: () => Date;
}

const DAY_MS = 24 * 3600_000;
const DEFAULT_SPAN_MS = 90 * DAY_MS;
const MAX_REQUESTS = 1000;

const issuesOf = (e: z.ZodError) => e.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");

/** A comma-separated list parameter. */
const commaList = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);
/** W3C/ISO 8601 date-time with a time zone, as the spec asks. */
const w3cDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    "must be an ISO 8601 date-time with a time zone, e.g. 2025-03-01T08:00:00+07:00",
  )
  .transform((s) => new Date(s));

const requestsQuery = z.strictObject({
  jurisdiction_id: z.string().optional(),
  service_request_id: commaList.optional(),
  service_code: commaList.optional(),
  start_date: w3cDate.optional(),
  end_date: w3cDate.optional(),
  status: commaList.pipe(z.array(z.enum(["open", "closed"]))).optional(),
});

/** A number given as a form string or a JSON number. */
const coordinate = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().min(min).max(max));
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.preprocess((v) => (v === "" ? undefined : v), text(max).optional());

const postBody = z
  .strictObject({
    api_key: z.string().optional(),
    jurisdiction_id: z.string().optional(),
    service_code: text(40),
    lat: coordinate(-90, 90).optional(),
    long: coordinate(-180, 180).optional(),
    address_string: optionalText(500),
    address_id: z.never({ error: "is not supported: give lat and long, or address_string" }).optional(),
    description: text(4000),
    media_url: z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
    first_name: optionalText(100),
    last_name: optionalText(100),
    phone: optionalText(30),
    email: optionalText(200),
    device_id: optionalText(200),
    account_id: optionalText(200),
  })
  .refine((b) => (b.lat === undefined) === (b.long === undefined), { message: "lat and long go together", path: ["long"] })
  .refine((b) => b.lat !== undefined || b.address_string !== undefined, {
    message: "a location is required: lat and long, or address_string",
    path: ["lat"],
  });

function badRequest(description: string): HttpError {
  return new HttpError(400, "bad_request", description);
}

/** 400 naming every string field the database cannot store (U+0000, a lone surrogate): nothing is stored. */
function refuseUnstorable(fields: Record<string, unknown>): void {
  const problems = Object.entries(fields).flatMap(([name, value]) => {
    const values = Array.isArray(value) ? value : [value];
    const why = values.map((v) => (typeof v === "string" ? unstorableText(v) : null)).find((w) => w !== null);
    return why ? [`${name}: ${why}`] : [];
  });
  if (problems.length) throw badRequest(problems.join("; "));
}

export function open311Router(deps: Open311Deps): Router {
  const v2 = Router();
  const failures = deps.failures ?? new AuthFailureLimiter(deps.clock ? { clock: deps.clock } : {});
  const now = () => deps.clock?.() ?? new Date();
  /** The full record for the cases `reader` may see, the public view of the others. */
  const requestsJson = async (cases: Case[], reader: Principal | null, commune: CommuneConfig) => {
    const full = new Set(cases.filter((c) => reader !== null && canSeeCase(reader, c)).map((c) => c.code));
    const photos = await photosOfCases(
      deps.db,
      cases.filter((c) => c.channel === "open311" && full.has(c.code)).map((c) => c.code),
    );
    const records = cases.map((c) => {
      if (!full.has(c.code)) return publicServiceRequest(c, commune, deps.wording);
      const record = serviceRequest(c, photos.get(c.code) ?? [], commune, deps.wording);
      // A violation report's description and photo are for its team, the leader, the dpo and the admin.
      if (isViolationReport(c, commune) && !canSeeViolationDetail(reader!, c))
        return { ...record, description: null, media_url: null, service_notice: deps.wording.descriptionWithheld };
      return record;
    });
    // A photo shown to a key's holder is a read of personal data like the API's (issues 23 and 25).
    for (const r of records)
      if (reader && r.media_url)
        await recordAccess(deps.db, {
          communeId: commune.id,
          readerId: reader.id,
          caseCode: r.service_request_id,
          what: "photo",
          surface: "open311",
          detail: "media_url",
        });
    return records;
  };
  /**
   * Who reads: null without `X-Api-Key` (the public view); the key's officer or admin; a wrong
   * key is 403, counted like any wrong credential (429 past the limit).
   */
  const readerOf = async (req: Request, res: Response): Promise<Principal | null> => {
    if (Object.hasOwn(req.query as object, "api_key")) {
      throw badRequest("api_key is not read from the URL on GET (access logs keep URLs): send it in the X-Api-Key header");
    }
    // What is shown depends on the key: a cache must not give one reader's answer to another.
    res.vary("X-Api-Key");
    const key = req.get("x-api-key");
    if (key === undefined) return null;
    const principal = key.trim() !== "" ? await principalForToken({ db: deps.db, adminToken: deps.adminToken }, key.trim()) : null;
    if (!principal) {
      refuseKey(req, res, failures);
      throw new HttpError(403, "forbidden", "X-Api-Key is not valid");
    }
    res.set("Cache-Control", "no-store");
    return principal;
  };

  /** The commune a call names by `jurisdiction_id` (see above). */
  const jurisdiction = (raw: unknown): CommuneConfig => {
    if (raw === undefined || raw === "") {
      const only = deps.communes.only();
      if (only) return only;
      throw badRequest(`jurisdiction_id is required: one of ${deps.communes.ids.join(", ")}`);
    }
    const commune = typeof raw === "string" ? deps.communes.find(raw) : undefined;
    if (!commune) throw badRequest(`jurisdiction_id ${String(raw)} is not one of ${deps.communes.ids.join(", ")}`);
    return commune;
  };

  v2.get("/services.json", (req, res) => {
    res.json(jurisdiction(req.query["jurisdiction_id"]).categories.map((c) => service(c, deps.wording)));
  });

  v2.get("/services/:code.json", (req, res) => {
    const category = jurisdiction(req.query["jurisdiction_id"]).categories.find((c) => c.id === param(req, "code"));
    if (!category) throw new HttpError(404, "not_found", `service_code ${param(req, "code")} not found`);
    const definition: ServiceDefinition = { service_code: category.id, attributes: [] };
    res.json(definition);
  });

  v2.get("/requests.json", async (req, res) => {
    const reader = await readerOf(req, res);
    refuseUnstorable(req.query as Record<string, unknown>);
    const q = requestsQuery.safeParse(req.query);
    if (!q.success) throw badRequest(issuesOf(q.error));
    const f = q.data;
    const commune = jurisdiction(f.jurisdiction_id);
    if (f.service_request_id) {
      const { cases } = await listCases(deps.db, { communeId: commune.id, codes: f.service_request_id, limit: MAX_REQUESTS });
      res.json(await requestsJson(cases, reader, commune));
      return;
    }
    const end = f.end_date ?? now();
    const start = f.start_date ?? new Date(end.getTime() - DEFAULT_SPAN_MS);
    if (start.getTime() > end.getTime()) throw badRequest("start_date must not be after end_date");
    const statuses = f.status?.length ? [...new Set(f.status.flatMap(caseStatusesOf))] : undefined;
    const { cases } = await listCases(deps.db, {
      communeId: commune.id,
      ...(f.service_code?.length ? { category: f.service_code } : {}),
      ...(statuses ? { status: statuses } : {}),
      createdFrom: start,
      // end_date is included.
      createdBefore: new Date(end.getTime() + 1),
      limit: MAX_REQUESTS,
    });
    res.json(await requestsJson(cases, reader, commune));
  });

  v2.get("/requests/:id.json", async (req, res) => {
    const reader = await readerOf(req, res);
    const commune = jurisdiction(req.query["jurisdiction_id"]);
    const id = param(req, "id");
    const c = isTrackingCode(id.trim().toUpperCase()) ? await getCase(deps.db, id) : null;
    if (!c || c.communeId !== commune.id) throw new HttpError(404, "not_found", `service_request_id ${id} not found`);
    res.json(await requestsJson([c], reader, commune));
  });

  const bodies = [express.urlencoded({ extended: false, limit: "100kb" }), express.json({ limit: "100kb" })];
  v2.post("/requests.json", ...bodies, async (req: Request, res) => {
    const body: unknown = req.body ?? {};
    // Only from the body: a key in the URL would end up in access logs.
    const key = typeof body === "object" && body && "api_key" in body ? (body as { api_key: unknown }).api_key : undefined;
    const given = typeof key === "string" && key !== "";
    const principal = given ? await principalForToken({ db: deps.db, adminToken: deps.adminToken }, key) : null;
    if (!principal) {
      // A missing key is not a guess (RFC 6750 does not count a request without credentials either).
      if (given || key !== undefined) refuseKey(req, res, failures);
      throw new HttpError(403, "forbidden", "api_key is missing or not valid");
    }
    // The rule of POST /api/v1/cases: those who take calls and the counter, in a team.
    if (!can(principal, "cases:file")) throw new HttpError(403, "forbidden", "This api_key does not give the right to file requests");
    if (typeof body === "object" && body) refuseUnstorable(body as Record<string, unknown>);
    const parsed = postBody.safeParse(body);
    if (!parsed.success) throw badRequest(issuesOf(parsed.error));
    const b = parsed.data;
    const commune = jurisdiction(b.jurisdiction_id);
    if (!inCommune(principal, commune.id)) throw new HttpError(403, "forbidden", `This api_key files requests of another jurisdiction`);
    if (!commune.categories.some((c) => c.id === b.service_code)) throw badRequest(`service_code ${b.service_code} not found`);

    const name = [b.last_name, b.first_name].filter(Boolean).join(" ") || undefined;
    const anonymous = !name && !b.phone;
    const idempotency = req.get("idempotency-key")?.trim().slice(0, 100);
    // Everything the request said except the key that authenticated it (the caller is in the source key).
    const { api_key: _key, ...request } = b;
    const digest = requestDigest(request);
    let filed: { case: Case; created: boolean };
    try {
      filed = await fileCase(
        deps.db,
        commune,
        {
          sourceKey: idempotency ? `open311:${principal.id}:${idempotency}` : `open311:${randomUUID()}`,
          channel: "open311",
          category: b.service_code,
          ...(b.lat !== undefined && b.long !== undefined ? { location: { lat: b.lat, lng: b.long } } : {}),
          ...(b.address_string ? { address: b.address_string } : {}),
          description: b.description,
          anonymous,
          ...(anonymous ? {} : { contact: { ...(name ? { name } : {}), ...(b.phone ? { phone: b.phone } : {}) } }),
          photos: b.media_url ? [b.media_url] : [],
          actor: principal.id,
          requestDigest: digest,
        },
        { now: now(), refusePhoto: refuseOutside(deps.photoHosts) },
      );
    } catch (err) {
      if (err instanceof CaseInputError) throw badRequest(`${err.field}: ${err.message}`);
      throw err;
    }
    const c = filed.case;
    if (idempotency && !filed.created && (await filedRequestDigest(deps.db, c.code)) !== digest) {
      throw new HttpError(
        422,
        "idempotency_key_reused",
        `Idempotency-Key "${idempotency}" already filed ${c.code} with a different request; use a new key for a new request`,
      );
    }
    await deps.onCaseFiled(filed, b.media_url ? 1 : 0);
    logger.info(filed.created ? "case filed over Open311" : "Open311 request already filed", {
      case: c.code,
      team: c.teamId,
      by: principal.id,
    });
    res.status(filed.created ? 201 : 200).json([
      {
        service_request_id: c.code,
        service_notice: deps.wording.filed({ code: c.code, ackBy: c.ackDueAt ? formatDateTimeVN(c.ackDueAt) : null }),
        account_id: null,
      },
    ]);
  });

  v2.use((req) => {
    throw new HttpError(404, "not_found", `No Open311 resource ${req.method} /open311/v2${req.path}`);
  });
  v2.use(open311Errors);

  const root = Router();
  root.use("/open311/v2", v2);
  return root;
}

/**
 * Count a wrong `api_key` against the client's address; past the limit, throw the 429 (with
 * `Retry-After`) instead of the caller's 403. Logged like the API's refusals, never the key.
 */
function refuseKey(req: Request, res: Response, failures: AuthFailureLimiter): void {
  const limited = countAuthFailure(failures, req, res, { via: "open311", error: "invalid_api_key" });
  if (limited) throw limited;
}

/** Every error under `/open311/v2` in the spec's shape: `[{code, description}]`, code = HTTP status. */
const open311Errors: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const answer = (status: number, description: string) => res.status(status).json([{ code: status, description } satisfies Open311Error]);
  if (err instanceof HttpError) return answer(err.status, err.message);
  const parser = (err ?? {}) as { type?: string; status?: number; expose?: boolean };
  if (parser.type === "entity.too.large") return answer(413, "The request body is too large");
  if (parser.type === "entity.parse.failed") return answer(400, "The request body is not valid JSON");
  // A path segment that is not valid percent-encoding (express could not decode the parameter).
  if (err instanceof URIError) return answer(400, "The URL is not valid percent-encoding");
  if (parser.expose && parser.status && parser.status < 500) return answer(parser.status, (err as Error).message);
  logger.error("Open311 request failed", { method: req.method, path: req.path, err });
  return answer(500, "Something went wrong on our side; it has been logged");
};
