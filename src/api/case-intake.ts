import type { PhotoStore } from "../photos/photo-store.js";
import { randomUUID } from "node:crypto";
import { type Request, Router } from "express";
import { z } from "zod";
import { type Case, CaseInputError, type KeptPhotoInput } from "../cases/case.js";
import { discardReceivedPhoto, keepReceivedPhoto, PhotoUploadError, type ReceivedPhoto, receivePhoto } from "../cases/photo-uploads.js";
import { PHOTO_MAX_BYTES, PHOTO_TYPES_TEXT } from "../cases/photos.js";
import { filedRequestDigest, findCaseBySourceKey, getCase, listCases } from "../cases/case-queries.js";
import { fileCase } from "../cases/file-case.js";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import { areaByName } from "../commune/geo.js";
import { nationalPhone } from "../core/phone.js";
import type { Database } from "../db/database.js";
import { type FieldProblem, HttpError } from "../http/errors.js";
import { requestDigest } from "../http/request-digest.js";
import { logger } from "../logger.js";
import { principalOf, requireRight } from "./auth.js";
import { communeOfRequest } from "./commune-scope.js";
import { invalidBody, jsonObjectBody, parseFields } from "./body.js";
import { type CaseSummaryJson, caseSummaryJson } from "./case-json.js";
import { type FilePart, readMultipart, receivedBeforeFailure } from "./multipart.js";

/**
 * `POST /api/v1/cases`: a report taken by phone or at the counter, filed into the same pipeline as
 * one from the chat — routed, stored, its team told over Zalo, its escalation scheduled (by the
 * workers, from the case outbox written with the case; `onCaseFiled` wakes its relay), audited
 * with the officer who took it and the channel.
 *
 * Body: JSON, or `multipart/form-data` with the same fields as text parts plus up to the
 * commune's `report.maxPhotos` files in `photo` (each at most 10 MB and a JPEG, PNG, GIF, WebP or
 * HEIC image by its bytes, like the copies of the chat's photos):
 *
 * - `channel`: `phone` | `counter`; `category`: a category id of the commune;
 * - where: `lat` + `lng`, and/or `address` (the village is matched from it like the chat does),
 *   and/or `areaId` (a village id, or `unknown` when the caller cannot say: the chat's "Không rõ
 *   thôn"). An address that names no village needs `areaId` or a point.
 * - `description` (the commune's report length limits);
 * - `reporterName`, `reporterPhone` (a Vietnamese number), or `anonymous: true` (nothing about the
 *   caller is stored; giving a name or phone with it is refused). No contact at all is anonymous.
 *
 * An `Idempotency-Key` header (≤ 100 characters) makes a retried request file one case: the same
 * key from the same officer answers the case filed first (200 instead of 201) when the request is
 * the same in every field (caller, place, anonymity, photos by content…); the key with any other
 * request is 422 `idempotency_key_reused`.
 *
 * Answer: the case's summary (its `code` is what the officer reads out), `photos` kept, and
 * `nearby`: open cases of the same category close to the point (the chat's duplicate check),
 * nearest first.
 */

export interface CaseIntakeDeps {
  db: Database;
  communes: Communes;
  /** Where uploads are received (`DATA_DIR`), and kept photos live unless `photos` says otherwise. */
  dataDir: string;
  /** Where kept photos live (`PHOTO_STORE`); default files under `dataDir`. */
  photos?: PhotoStore;
  /** After filing (its escalation and the team's notice are in the case outbox): wake the relay. */
  onCaseFiled(filed: { case: Case; created: boolean }): Promise<void>;
  clock?: () => Date;
}

/** The answer of a filing. */
export interface IntakeJson extends CaseSummaryJson {
  photos: number;
  nearby: { code: string; distanceM: number | null; status: Case["status"] | null }[];
}

const UNKNOWN_AREA = "unknown";
const MAX_FIELD_BYTES = 8 * 1024;
const MAX_FIELDS = 16;

/** Empty form fields are absent ones: an HTML form sends every input. */
const blankAsAbsent = (v: unknown) => (v === "" ? undefined : v);
const text = (max: number) => z.preprocess(blankAsAbsent, z.string().trim().min(1).max(max).optional());
/** A number as JSON gives it or as a form's text. */
const coordinate = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : blankAsAbsent(v)), z.number().min(min).max(max).optional());
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : blankAsAbsent(v)), z.boolean().optional());

const intakeFields = z
  .strictObject({
    channel: z.enum(["phone", "counter"], { error: 'must be "phone" or "counter"' }),
    category: z.string().trim().min(1).max(60),
    lat: coordinate(-90, 90),
    lng: coordinate(-180, 180),
    address: text(500),
    areaId: text(60),
    description: z.string().trim().min(1).max(4000),
    anonymous: flag,
    reporterName: text(200),
    reporterPhone: text(40),
  })
  .superRefine((b, ctx) => {
    if ((b.lat === undefined) !== (b.lng === undefined))
      ctx.addIssue({ code: "custom", message: "lat and lng go together", path: [b.lat === undefined ? "lat" : "lng"] });
    if (b.lat === undefined && b.address === undefined && b.areaId === undefined) {
      ctx.addIssue({ code: "custom", message: "where is it? give lat and lng, an address, or areaId", path: ["address"] });
    }
    if (b.anonymous === true) {
      for (const f of ["reporterName", "reporterPhone"] as const) {
        if (b[f] !== undefined) ctx.addIssue({ code: "custom", message: "an anonymous report keeps no contact", path: [f] });
      }
    }
    if (b.reporterPhone !== undefined && !nationalPhone(b.reporterPhone)) {
      ctx.addIssue({
        code: "custom",
        message: "not a Vietnamese phone number (e.g. 0912 345 678 or 024 3384 3115)",
        path: ["reporterPhone"],
      });
    }
  });
type IntakeFields = z.output<typeof intakeFields>;

/** What the commune decides about a body the schema accepted: category, village, description length. */
function communeProblems(b: IntakeFields, commune: CommuneConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!commune.categories.some((c) => c.id === b.category)) {
    problems.push({ path: "category", message: `unknown category (one of: ${commune.categories.map((c) => c.id).join(", ")})` });
  }
  const areaIds = commune.areas.features.map((a) => a.properties.id);
  if (b.areaId !== undefined && b.areaId !== UNKNOWN_AREA && !areaIds.includes(b.areaId)) {
    problems.push({ path: "areaId", message: `unknown village (one of: ${areaIds.join(", ")}, or ${UNKNOWN_AREA})` });
  }
  if (b.areaId === undefined && b.lat === undefined && b.address !== undefined && !areaByName(commune, b.address)) {
    problems.push({
      path: "areaId",
      message: `the address names no village: give areaId (${areaIds.join(", ")}, or ${UNKNOWN_AREA}) or lat and lng`,
    });
  }
  const { descriptionMin: min, descriptionMax: max } = commune.report;
  if (b.description.length < min || b.description.length > max) {
    problems.push({ path: "description", message: `between ${min} and ${max} characters (has ${b.description.length})` });
  }
  return problems;
}

/** The `Idempotency-Key` header, checked; undefined when absent. */
function idempotencyKey(req: Request): string | undefined {
  const raw = req.get("idempotency-key");
  if (raw === undefined) return undefined;
  const key = raw.trim();
  if (!/^[\x21-\x7e]{1,100}$/.test(key)) {
    throw new HttpError(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 100 visible ASCII characters (a UUID, for example)");
  }
  return key;
}

/**
 * The whole request as it will be filed — what, where, who called (or that they stayed
 * anonymous), and the photos by content — digested: a retry under the same key must match it.
 */
function intakeDigest(b: IntakeFields, photos: readonly ReceivedPhoto[]): string {
  const anonymous = isAnonymous(b);
  return requestDigest({
    channel: b.channel,
    category: b.category,
    lat: b.lat,
    lng: b.lng,
    address: b.address,
    areaId: b.areaId,
    description: b.description,
    anonymous,
    reporterName: anonymous ? undefined : b.reporterName,
    reporterPhone: anonymous || !b.reporterPhone ? undefined : nationalPhone(b.reporterPhone),
    photos: photos.map((p) => p.sha256),
  });
}

const isAnonymous = (b: IntakeFields) => b.anonymous === true || (!b.reporterName && !b.reporterPhone);

/** The same request as the one that filed `c` under the key? */
async function sameRequest(db: Database, c: Case, digest: string): Promise<boolean> {
  return (await filedRequestDigest(db, c.code)) === digest;
}

function keyReused(key: string, c: Case): HttpError {
  return new HttpError(
    422,
    "idempotency_key_reused",
    `Idempotency-Key "${key}" already filed ${c.code} with a different request; use a new key for a new report`,
  );
}

/** The problem a refused upload is, and the status it answers with. */
function uploadProblem(part: Extract<FilePart<ReceivedPhoto>, { ok: false }>): { status: number; problem: FieldProblem } {
  const which = `photo ${part.index + 1} (${part.filename})`;
  if (part.error instanceof PhotoUploadError) {
    if (part.error.kind === "too_large")
      return { status: 413, problem: { path: "photo", message: `${which} is larger than ${PHOTO_MAX_BYTES / (1024 * 1024)} MB` } };
    return { status: 415, problem: { path: "photo", message: `${which} is not ${PHOTO_TYPES_TEXT}` } };
  }
  throw part.error;
}

/** The body's fields and received photos; on any problem, the photos are dropped and the request refused. */
async function readIntake(
  req: Request,
  deps: CaseIntakeDeps,
  commune: CommuneConfig,
): Promise<{ body: IntakeFields; photos: ReceivedPhoto[] }> {
  const maxPhotos = commune.report.maxPhotos;
  if (!req.is("multipart/form-data")) {
    const body = parseFields(intakeFields, jsonObjectBody(req));
    const problems = communeProblems(body, commune);
    if (problems.length) throw invalidBody(problems);
    return { body, photos: [] };
  }
  let parts: FilePart<ReceivedPhoto>[] = [];
  try {
    const form = await readMultipart(req, {
      fileField: "photo",
      maxFiles: maxPhotos,
      fileNoun: "photos",
      maxFileBytes: PHOTO_MAX_BYTES,
      maxFields: MAX_FIELDS,
      maxFieldBytes: MAX_FIELD_BYTES,
      receive: (stream) => receivePhoto(deps.dataDir, stream, PHOTO_MAX_BYTES),
    });
    parts = form.files;
    const refused = parts.filter((p): p is Extract<FilePart<ReceivedPhoto>, { ok: false }> => !p.ok).map(uploadProblem);
    if (form.problems.length) throw invalidBody([...form.problems, ...refused.map((r) => r.problem)]);
    // A photo too large is a 413, a file that is no image a 415, whatever else is wrong with it.
    if (refused.length) {
      const status = refused.some((r) => r.status === 413) ? 413 : 415;
      throw new HttpError(
        status,
        status === 413 ? "payload_too_large" : "unsupported_media_type",
        refused.map((r) => r.problem.message).join("; "),
        refused.map((r) => r.problem),
      );
    }
    const body = parseFields(intakeFields, form.fields);
    const problems = communeProblems(body, commune);
    if (problems.length) throw invalidBody(problems);
    return { body, photos: parts.flatMap((p) => (p.ok ? [p.file] : [])) };
  } catch (err) {
    for (const p of [...parts, ...receivedBeforeFailure<ReceivedPhoto>(err)]) if (p.ok) await discardReceivedPhoto(p.file);
    throw err;
  }
}

/** The route, relative to `/api/v1`. */
export function caseIntakeRoutes(deps: CaseIntakeDeps): Router {
  const router = Router();
  router.post("/cases", requireRight("cases:file"), async (req, res) => {
    const me = principalOf(req);
    // Known before the body is read: the commune sets how many photos it takes (`?communeId=` for the admin token).
    const commune = communeOfRequest(req, deps.communes);
    const key = idempotencyKey(req);
    const { body: b, photos } = await readIntake(req, deps, commune);
    const sourceKey = key ? `intake:${me.id}:${key}` : `intake:${randomUUID()}`;

    // A retry answers the case filed first, and keeps none of the photos it sent again.
    const digest = intakeDigest(b, photos);
    const earlier = key ? await findCaseBySourceKey(deps.db, sourceKey) : null;
    if (key && earlier) {
      await Promise.all(photos.map(discardReceivedPhoto));
      if (!(await sameRequest(deps.db, earlier, digest))) throw keyReused(key, earlier);
      // The first request's follow-up was committed with its case (the case outbox); waking the relay again is harmless.
      await deps.onCaseFiled({ case: earlier, created: false });
      res.status(200).json(await intakeJson(deps, earlier, commune));
      return;
    }

    let filed: { case: Case; created: boolean };
    try {
      const kept: KeptPhotoInput[] = [];
      for (const p of photos)
        kept.push({
          storedPath: await keepReceivedPhoto(deps.dataDir, p, deps.photos),
          contentType: p.contentType,
          bytes: p.bytes,
          sha256: p.sha256,
        });
      const anonymous = isAnonymous(b);
      const phone = b.reporterPhone ? nationalPhone(b.reporterPhone)! : undefined;
      const area =
        b.areaId === UNKNOWN_AREA
          ? undefined
          : (b.areaId ?? (b.lat === undefined && b.address ? areaByName(commune, b.address)?.properties.id : undefined));
      filed = await fileCase(
        deps.db,
        commune,
        {
          // Scoped by officer: two officers' keys never meet.
          sourceKey,
          channel: b.channel,
          category: b.category,
          ...(b.lat !== undefined && b.lng !== undefined ? { location: { lat: b.lat, lng: b.lng } } : {}),
          ...(b.address ? { address: b.address } : {}),
          ...(area ? { areaId: area } : {}),
          description: b.description,
          anonymous,
          ...(anonymous ? {} : { contact: { ...(b.reporterName ? { name: b.reporterName } : {}), ...(phone ? { phone } : {}) } }),
          keptPhotos: kept,
          actor: me.id,
          requestDigest: digest,
        },
        deps.clock ? { now: deps.clock() } : {},
      );
    } catch (err) {
      await Promise.all(photos.map(discardReceivedPhoto));
      if (err instanceof CaseInputError) throw invalidBody([{ path: err.field, message: err.message }]);
      throw err;
    }
    const c = filed.case;
    // The same key sent twice at once: the other request filed first.
    if (key && !filed.created && !(await sameRequest(deps.db, c, digest))) throw keyReused(key, c);
    await deps.onCaseFiled(filed);
    logger.info(filed.created ? "case taken by an officer" : "case already taken under this idempotency key", {
      case: c.code,
      channel: c.channel,
      team: c.teamId,
      area: c.areaId,
      by: me.id,
      photos: photos.length,
      anonymous: c.anonymous,
    });
    res.status(filed.created ? 201 : 200).json(await intakeJson(deps, c, commune));
  });
  return router;
}

async function intakeJson(deps: CaseIntakeDeps, c: Case, commune: CommuneConfig): Promise<IntakeJson> {
  const detail = (await getCase(deps.db, c.code))!;
  const linked = detail.links.length
    ? (await listCases(deps.db, { communeId: commune.id, codes: detail.links.map((l) => l.code), limit: 100 })).cases
    : [];
  return {
    ...caseSummaryJson(c, commune),
    photos: detail.photos.length,
    nearby: detail.links.map((l) => ({
      code: l.code,
      distanceM: l.distanceM === null ? null : Math.round(l.distanceM),
      status: linked.find((x) => x.code === l.code)?.status ?? null,
    })),
  };
}
