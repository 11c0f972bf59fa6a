import { pipeline } from "node:stream/promises";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { actOnCase, type CaseAction, type Refusal } from "../cases/actions.js";
import { type Case, CASE_CHANNELS, type CaseDetail, caseStatusSchema, type CaseStatus, isRefusedPhoto } from "../cases/case.js";
import { getCase, listCases } from "../cases/case-queries.js";
import { isTrackingCode } from "../cases/tracking-code.js";
import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { listOfficers } from "../officers/officer-queries.js";
import { isCalendarDate, periodBounds } from "../stats/period.js";
import { canSeeCase, forbidden, inCommune, principalOf, requireRight } from "./auth.js";
import { canSeeViolationDetail, seesEveryTeam } from "../officers/rights.js";
import { communeOfRequest } from "./commune-scope.js";
import { parseBody } from "./body.js";
import { caseDetailJson, caseSummaryJson, isViolationReport } from "./case-json.js";
import { param } from "./params.js";
import { type AccessedData, recordAccess } from "../privacy/access-audit.js";
import { PhotoKeyError, type PhotoStore } from "../photos/photo-store.js";
import { dirPhotoStore } from "../photos/store-dir.js";
import type { PersonHasher } from "../privacy/person-key.js";
import { withoutWithdrawnPhone } from "../privacy/withdrawn-consents.js";

/**
 * Cases in the officer API (behind `bearerAuth`). Admins and leaders see every case; a team
 * lead or officer sees their own team's (asking for another team is 403).
 *
 * - `GET /cases?status=new,acknowledged&team=&category=&area=&channel=&reporterOnZalo=false&overdue=true&q=&from=&to=&limit=50&offset=0`
 *   → `{cases: CaseSummaryJson[], total, limit, offset}`, newest first; limit 1–100. `from`/`to`
 *   are local dates (Vietnam time, both included) of filing; `q` searches code, description, address;
 *   `overdue` is open and past the deadline that applies; `reporterOnZalo=false` lists the
 *   reporters who left a phone number and follow on no Zalo (an officer tells them of progress).
 * - `POST /cases`: a report taken by phone or at the counter (`case-intake.ts`).
 * - `GET /cases/:code` → `CaseDetailJson`; 400 `invalid_code`, 404 `case_not_found`.
 * - `GET /cases/:code/photos/:position` → the kept copy of the photo (image bytes);
 *   404 `photo_not_found` when there is no such photo or it is not kept yet, 404
 *   `photo_copy_failed` when it could not be copied (the case JSON then gives `originalUrl`), 404
 *   `photo_refused` when its address is not one the keeper fetches from (never shown).
 * - `POST /cases/:code/transitions` `{to, note?}` → the case after the change; 409
 *   `transition_not_allowed` when its life cycle forbids it. The reporter and followers are told,
 *   and a pending escalation is cancelled, through the case outbox: committed with the change, so
 *   the answer is the change's even while Redis is down (`onTransition` only wakes the relay).
 * - `POST /cases/:code/notes` `{body}` → 201 the note (internal: never sent to citizens).
 * - `POST /cases/:code/duplicate` `{of}` → the case, closed as a duplicate of case `of` (its
 *   followers now follow `of`, and are told like any status change); 404 `case_not_found` for
 *   `of`, 403 when `of` is a case the caller may not act on (another team's), 409
 *   `case_not_open`, 400 `same_case`.
 * - `POST /cases/:code/reassign` `{teamId}` → the case, handed to another team (the team's lead
 *   or the leadership: 403 otherwise), whose on-duty officers are told over Zalo
 *   (`onReassign`); 400 `unknown_team`, 409 `same_team`.
 *
 * - `POST /cases/:code/transfer` `{communeId, reason}` → `{code, communeId, transferred}`: the case
 *   handed to another commune of the province (`cases/transfer.ts`; `#chuyenxa` on Zalo, the
 *   dashboard's button): the case's team lead, the commune's leader or admin (403 otherwise; a
 *   province user acts on no case); 400 `unknown_commune`, 409 `same_commune`, 409 `case_not_open`.
 *   The caller's commune loses the case (404 afterwards).
 *
 * Every action is the same as the Zalo command of the same name (`cases/actions.ts`), audited with
 * channel `api`.
 */

export interface CaseRoutesDeps {
  db: Database;
  communes: Communes;
  /** Where the photo keeper stores copies (`DATA_DIR`) unless `photos` says otherwise. */
  dataDir: string;
  /** Where kept photos live (`PHOTO_STORE`); default files under `dataDir`. */
  photos?: PhotoStore;
  /** After a status change committed its notices (case outbox): wake the relay. Must not fail. */
  onTransition(c: Case, from: CaseStatus, note?: string): Promise<void>;
  /** After a case changed team and committed the new team's notice (case outbox): wake the relay. Must not fail. */
  onReassign(c: Case): Promise<void>;
  /** The keyed hash naming a reporter in the consent records: a withdrawn call-back consent hides their phone. */
  personHash?: PersonHasher;
  clock?: () => Date;
}

const transitionBody = z.strictObject({ to: caseStatusSchema, note: z.string().trim().min(1).max(2000).optional() });
const noteBody = z.strictObject({ body: z.string().trim().min(1).max(4000) });
const duplicateBody = z.strictObject({ of: z.string().trim().min(1).max(40) });
const reassignBody = z.strictObject({ teamId: z.string().trim().min(1).max(40) });
const transferBody = z.strictObject({ communeId: z.string().trim().min(1).max(60), reason: z.string().trim().min(1).max(500) });

const many = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean),
);

const listQuery = z.strictObject({
  /** Read by `communeOfRequest`. */
  communeId: z.string().optional(),
  status: many.pipe(z.array(caseStatusSchema)).optional(),
  team: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  area: z.string().min(1).optional(),
  channel: z.enum(CASE_CHANNELS).optional(),
  reporterOnZalo: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
  from: z.string().refine(isCalendarDate, "must be a date YYYY-MM-DD").optional(),
  to: z.string().refine(isCalendarDate, "must be a date YYYY-MM-DD").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function caseCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!isTrackingCode(code)) throw new HttpError(400, "invalid_code", `"${raw}" is not a case tracking code (e.g. PA-251125-7KQ3)`);
  return code;
}

/** Stream a kept photo; false when the store has nothing under its key. */
async function sendPhoto(res: Response, store: PhotoStore, key: string, contentType: string | null): Promise<boolean> {
  // The store refuses a key that would leave it (a tampered stored path): the same as missing.
  const photo = await store.get(key).catch((err: unknown) => (err instanceof PhotoKeyError ? null : Promise.reject(err)));
  if (!photo) return false;
  // A report's photo is case data like the rest: no copy on the officer's disk or a proxy.
  res.set({ "Cache-Control": "no-store", "Content-Type": contentType ?? "application/octet-stream" });
  if (photo.bytes !== undefined) res.set("Content-Length", String(photo.bytes));
  await pipeline(photo.body, res);
  return true;
}

/** The case routes, relative to `/api/v1`. */
export function caseRoutes(deps: CaseRoutesDeps): Router {
  const router = Router();
  const photos = deps.photos ?? dirPhotoStore(deps.dataDir);

  router.get("/cases", requireRight("cases:read"), async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) {
      throw new HttpError(400, "invalid_query", q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
    }
    const me = principalOf(req);
    const commune = communeOfRequest(req, deps.communes);
    let team = q.data.team;
    if (!seesEveryTeam(me)) {
      if (!me.teamId) throw forbidden("This officer belongs to no team, so sees no cases");
      if (team !== undefined && team !== me.teamId) throw forbidden(`This officer sees only the cases of team ${me.teamId}`);
      team = me.teamId;
    }
    const status: CaseStatus[] | undefined = q.data.status?.length ? q.data.status : undefined;
    const { cases, total } = await listCases(deps.db, {
      communeId: commune.id,
      ...(status ? { status } : {}),
      ...(team !== undefined ? { teamId: team } : {}),
      ...(q.data.category !== undefined ? { category: q.data.category } : {}),
      ...(q.data.area !== undefined ? { areaId: q.data.area } : {}),
      ...(q.data.channel !== undefined ? { channel: q.data.channel } : {}),
      ...(q.data.reporterOnZalo !== undefined ? { reporterOnZalo: q.data.reporterOnZalo } : {}),
      ...(q.data.overdue !== undefined ? { overdue: q.data.overdue, now: deps.clock?.() ?? new Date() } : {}),
      ...(q.data.q !== undefined ? { text: q.data.q } : {}),
      // Who may not read a violation report's description may not search it either (the case's team reads its own).
      ...(q.data.q !== undefined && !canSeeViolationDetail(me, { communeId: commune.id, teamId: me.teamId })
        ? { textNotInDescriptionOf: commune.categories.filter((k) => isViolationReport({ category: k.id }, commune)).map((k) => k.id) }
        : {}),
      ...(q.data.from !== undefined ? { createdFrom: periodBounds({ from: q.data.from, to: q.data.from }).start } : {}),
      ...(q.data.to !== undefined ? { createdBefore: periodBounds({ from: q.data.to, to: q.data.to }).end } : {}),
      limit: q.data.limit,
      offset: q.data.offset,
    });
    res.json({ cases: cases.map((c) => caseSummaryJson(c, commune)), total, limit: q.data.limit, offset: q.data.offset });
  });

  // A commune has tens of officers: all of them, deactivated ones too (their history keeps their name).
  const detail = async (req: Request, c: CaseDetail) => {
    const commune = deps.communes.get(c.communeId);
    const shown = deps.personHash ? await withoutWithdrawnPhone(deps.db, deps.personHash, c) : c;
    return caseDetailJson(shown, commune, new Map((await listOfficers(deps.db, c.communeId)).map((o) => [o.id, o.name])), {
      withholdDescription: withheld(req, c),
    });
  };
  // A violation report's description and photos: its team, the leader, the dpo and the admin only.
  const withheld = (req: Request, c: Case) =>
    isViolationReport(c, deps.communes.get(c.communeId)) && !canSeeViolationDetail(principalOf(req), c);

  // The case, if it exists and the caller may see it (404 before 403: codes are not secret).
  const visibleCase = async (req: Request, raw: string) => {
    const code = caseCode(raw);
    const c = await getCase(deps.db, code);
    // Another commune's case is not there for this caller (its officers' codes say nothing here).
    if (!c || !inCommune(principalOf(req), c.communeId)) throw new HttpError(404, "case_not_found", `No case ${code}`);
    if (!canSeeCase(principalOf(req), c)) throw forbidden("This case belongs to another team");
    return c;
  };

  // Every read of personal data is recorded: who, which case, from where (never the data).
  const audited = (req: Request, c: Case, what: AccessedData, detail?: string) =>
    recordAccess(deps.db, {
      communeId: c.communeId,
      readerId: principalOf(req).id,
      caseCode: c.code,
      what,
      surface: req.get("x-hotline-surface") === "dashboard" ? "dashboard" : "api",
      ...(detail ? { detail } : {}),
    });

  // The case as it is now, its contact's read recorded: the answer to a read and to every change.
  const shown = async (req: Request, c: CaseDetail) => {
    const body = await detail(req, c);
    if (body.contact) await audited(req, c, "contact");
    return body;
  };

  router.get("/cases/:code", requireRight("cases:read"), async (req, res) => {
    res.json(await shown(req, await visibleCase(req, param(req, "code"))));
  });

  router.get("/cases/:code/photos/:position", requireRight("cases:read"), async (req, res) => {
    const c = await visibleCase(req, param(req, "code"));
    const position = /^\d{1,3}$/.test(param(req, "position")) ? Number(param(req, "position")) : Number.NaN;
    const photo = c.photos.find((p) => p.position === position);
    if (!photo) throw new HttpError(404, "photo_not_found", `Case ${c.code} has no photo ${param(req, "position")}`);
    if (withheld(req, c))
      throw forbidden(
        `The photos of ${c.code}, a report of a violation, are for its team, the commune's leader and its data-protection officer`,
      );
    if (!photo.storedPath && isRefusedPhoto(photo)) {
      throw new HttpError(
        404,
        "photo_refused",
        `Photo ${position} of ${c.code} was refused: its address is not one photos are fetched from`,
      );
    }
    if (!photo.storedPath && photo.copyFailure) {
      throw new HttpError(
        404,
        "photo_copy_failed",
        `Photo ${position} of ${c.code} could not be copied (${photo.copyFailure.reason}); the case's photos give its original address`,
      );
    }
    if (!photo.storedPath)
      throw new HttpError(404, "photo_not_found", `Photo ${position} of ${c.code} has not been copied yet; try again later`);
    await audited(req, c, "photo", String(position));
    if (!(await sendPhoto(res, photos, photo.storedPath, photo.contentType)))
      throw new HttpError(404, "photo_not_found", `The copy of photo ${position} of ${c.code} is missing`);
  });

  const act = async (req: Request, code: string, action: CaseAction) => {
    const r = await actOnCase({ db: deps.db, communes: deps.communes }, principalOf(req), code, action, "api");
    if ("refused" in r) throw refusalError(r.refused);
    return r.done;
  };

  router.post("/cases/:code/transitions", requireRight("cases:act"), async (req, res) => {
    const c = await visibleCase(req, param(req, "code"));
    const body = parseBody(req, transitionBody);
    const done = await act(req, c.code, { kind: "transition", to: body.to, ...(body.note ? { note: body.note } : {}) });
    await deps.onTransition(done.case, done.from, body.note);
    res.json(await shown(req, (await getCase(deps.db, c.code))!));
  });

  router.post("/cases/:code/notes", requireRight("cases:act"), async (req, res) => {
    const c = await visibleCase(req, param(req, "code"));
    const done = await act(req, c.code, { kind: "note", body: parseBody(req, noteBody).body });
    res.status(201).json(done.note);
  });

  router.post("/cases/:code/duplicate", requireRight("cases:act"), async (req, res) => {
    const c = await visibleCase(req, param(req, "code"));
    const original = caseCode(parseBody(req, duplicateBody).of);
    const done = await act(req, c.code, { kind: "duplicate", of: original });
    await deps.onTransition(done.case, done.from);
    res.json(await shown(req, (await getCase(deps.db, c.code))!));
  });

  // The case leaves the caller's commune: answered with what the caller still sees (nothing more of it).
  router.post("/cases/:code/transfer", requireRight("cases:transfer"), async (req, res) => {
    const c = await visibleCase(req, param(req, "code"));
    const body = parseBody(req, transferBody);
    const done = await act(req, c.code, { kind: "transfer", communeId: body.communeId, reason: body.reason });
    await deps.onReassign(done.case);
    res.json({ code: done.case.code, communeId: done.case.communeId, transferred: true });
  });

  router.post("/cases/:code/reassign", requireRight("cases:act"), async (req, res) => {
    const c = await visibleCase(req, param(req, "code"));
    const done = await act(req, c.code, { kind: "reassign", teamId: parseBody(req, reassignBody).teamId });
    await deps.onReassign(done.case);
    res.json(await shown(req, (await getCase(deps.db, c.code))!));
  });

  return router;
}

/** The API's answer to a refused action. */
function refusalError(r: Refusal): HttpError {
  switch (r.reason) {
    case "not_found":
      return new HttpError(404, "case_not_found", `No case ${r.code}`);
    case "other_team":
      return forbidden("This case belongs to another team");
    case "read_only":
      return forbidden(`This token reads case ${r.code} but acts on no case`);
    case "original_other_team":
      return forbidden(`Case ${r.code} belongs to another team: a case can only be closed as a duplicate of one this token may act on`);
    case "leads_only":
      return forbidden("Only the team's lead or the commune leadership may hand a case to another team or commune");
    case "not_allowed":
      return new HttpError(409, "transition_not_allowed", `Case ${r.code} cannot go from ${r.from} to ${r.to}`);
    case "not_open":
      return new HttpError(
        409,
        "case_not_open",
        `Case ${r.code} is ${r.status}: only an open case can be closed as a duplicate or transferred`,
      );
    case "same_case":
      return new HttpError(400, "same_case", `A case cannot be a duplicate of itself (${r.code})`);
    case "unknown_team":
      return new HttpError(400, "unknown_team", `No team ${r.teamId} in the commune`);
    case "same_team":
      return new HttpError(409, "same_team", `The case is already with team ${r.teamId}`);
    case "unknown_commune":
      return new HttpError(400, "unknown_commune", `No commune ${r.communeId} in this deployment`);
    case "same_commune":
      return new HttpError(409, "same_commune", `The case is already with commune ${r.communeId}`);
  }
}
