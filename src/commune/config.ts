import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readJsonFile } from "../core/json-file.js";
import { zaloUserIdSchema } from "../officers/zalo-user-id.js";
import { outlineContains, outlineVertices } from "./geo.js";
import { privacySettingsSchema } from "../privacy/settings.js";
import type { HolidayCalendar } from "./public-holidays.js";
import { znsSettingsSchema } from "./zns-templates.js";

/**
 * The commune's own settings (COMMUNE_CONFIG): who it is, when the one-stop centre is open, its
 * areas (thôn) as GeoJSON, teams and officers, the categories of reports (construction order and
 * other local problems: lighting, roads, rubbish…) with their deadlines, how reports are routed
 * and escalated, and the procedure catalogue file. Validated once at start; a bad file names the
 * path and field.
 */

const id = z.string().regex(/^[a-z0-9_-]{1,40}$/, "must be 1–40 lowercase letters, digits, '_' or '-'");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time "HH:MM" (24 h)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"');
/** ISO weekday: 1 = Monday … 7 = Sunday. */
const isoWeekday = z.number().int().min(1, "must be an ISO weekday 1 (Mon)–7 (Sun)").max(7, "must be an ISO weekday 1 (Mon)–7 (Sun)");

/** Public holidays and other closed days, local dates (a commune's `officeHours.closedDates`, a province's `holidays`). */
export const closedDatesSchema = z.array(isoDate).default([]);
export const hotlineSchema = z.string().regex(/^[0-9 +().-]{3,20}$/, "must be a phone number");

/** One opening block: the same hours on each of `days`. */
export const hoursBlockSchema = z
  .object({
    days: z.array(isoWeekday).min(1),
    open: hhmm,
    /** "24:00" closes at midnight (a block to the end of the day). */
    close: z.union([hhmm, z.literal("24:00")]),
    /** Shown with extended hours, e.g. which services are offered in the evening. */
    note: z.string().optional(),
  })
  .refine((b) => b.open < b.close, { message: "open must be before close", path: ["close"] });

export const officeHoursSchema = z.object({
  /**
   * The office's hours of full service. Deadlines and escalations are counted in them on statutory
   * working days only (working-time.ts): Saturday hours here are open, not working time.
   */
  regular: z.array(hoursBlockSchema).min(1),
  /** Evening (or weekend) hours with a reduced service; counted as open. */
  extended: z.array(hoursBlockSchema).default([]),
  /**
   * The commune's own closed days, local dates, on top of the public holidays of the province's
   * calendar (PROVINCE_CONFIG's `calendar` and `holidays`).
   */
  closedDates: closedDatesSchema,
});

/** GeoJSON position: [longitude, latitude]. */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A closed ring of at least 4 positions (first = last). */
const ring = z
  .array(position)
  .min(4, "a linear ring needs at least 4 positions")
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], "a linear ring must end where it starts");
const polygon = z.object({ type: z.literal("Polygon"), coordinates: z.array(ring).min(1) });
const multiPolygon = z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(ring).min(1)).min(1) });
/** A GeoJSON Polygon or MultiPolygon (a village's outline, or the commune's). */
export const outlineSchema = z.discriminatedUnion("type", [polygon, multiPolygon]);
export type Outline = z.infer<typeof outlineSchema>;

export const areaFeatureSchema = z.object({
  type: z.literal("Feature"),
  properties: z.object({
    id,
    name: z.string().min(1),
    /** Other names residents type: old names, landmarks, markets, schools. */
    aliases: z.array(z.string().min(1)).default([]),
  }),
  geometry: outlineSchema,
});

const officerEntry = z.object({
  id,
  name: z.string().min(1),
  role: z.enum(["officer", "lead"]).default("officer"),
  zaloUserId: zaloUserIdSchema.optional(),
});

/** Zalo's ids are decimal strings of up to 19–20 digits; an OA id is one. */
const oaId = z.string().regex(/^\d{1,30}$/, "must be a Zalo OA id (digits)");

export const communeConfigSchema = z
  .object({
    /**
     * The commune's id, a slug stable forever: rows, jobs, keys and URLs carry it. Optional in a
     * `COMMUNE_CONFIG` file (a province of one), where it defaults to the file's name.
     */
    id: id.optional(),
    /** The commune's Zalo OA: events sent to it are this commune's. Optional in a province of one (every event is its own). */
    zalo: z
      .strictObject({
        oaId,
        /** The Zalo app the OA is linked to, when not `ZALO_APP_ID` (one of `ZALO_APPS_FILE`). */
        appId: z
          .string()
          .regex(/^\d{1,30}$/, "must be a Zalo app id (digits)")
          .optional(),
      })
      .optional(),
    name: z.string().min(1),
    address: z.string().min(1),
    hotline: z.string().regex(/^[0-9 +().-]{6,20}$/, "must be a phone number"),
    email: z.email().optional(),
    mapUrl: z.url().optional(),
    officeHours: officeHoursSchema,
    areas: z.object({ type: z.literal("FeatureCollection"), features: z.array(areaFeatureSchema) }),
    /**
     * The commune's outline (GeoJSON Polygon or MultiPolygon; its villages lie inside it), so a pin
     * in a gap between villages still has a commune. Absent: the villages' union stands for it.
     */
    boundary: outlineSchema.optional(),
    teams: z.array(z.object({ id, name: z.string().min(1), officers: z.array(officerEntry).default([]) })).min(1),
    /** The citizen-reception (tiếp công dân) schedule and place, as the commune announces them; absent: residents are told to ask the hotline. */
    citizenReception: z
      .object({ schedule: z.string().min(1), place: z.string().min(1) })
      .strict()
      .optional(),
    /** Commune leadership (chủ tịch, phó chủ tịch): the second escalation level. */
    leadership: z.array(z.object({ id, name: z.string().min(1), zaloUserId: zaloUserIdSchema.optional() })).default([]),
    categories: z
      .array(
        z.object({
          id,
          name: z.string().min(1),
          /** Hours within which an officer must acknowledge a new case. */
          ackHours: z.number().positive(),
          /** Days within which the case must be resolved. */
          resolveDays: z.number().positive(),
          /**
           * Words residents use for this kind of problem (diacritics optional): "không phép",
           * "đèn đường", "ổ gà". A message naming them starts a report (from the menu or any
           * step), and one that names exactly one category starts with it chosen.
           */
          keywords: z.array(z.string().min(2)).default([]),
          /**
           * Whether its reports count as PAKN (phản ánh, kiến nghị) in the province's league
           * table. Residents' reports are PAKN unless the commune says otherwise.
           */
          pakn: z.boolean().default(true),
          /**
           * Reports of this category tell of a violation of law (sensitive personal data, Decree
           * 356/2025): their descriptions and photos are shown only to the case's team, the
           * commune's leader, its data-protection officer and the admin. `false` for lighting,
           * roads, rubbish and the like.
           */
          violation: z.boolean().default(true),
        }),
      )
      .min(1),
    /** Area × category → team. `"*"` matches anything; see routeCase for which rule wins. */
    routing: z.array(z.object({ area: z.union([id, z.literal("*")]), category: z.union([id, z.literal("*")]), team: id })).default([]),
    fallbackTeam: id,
    /**
     * The front-desk team whose on-duty officers answer citizens who ask for a person ("Gặp cán
     * bộ") and get the messages left outside office hours. Absent: citizens are given the hotline.
     */
    handoffTeam: id.optional(),
    /**
     * The category ("Khác") of a problem no other category covers: a message that tells of a
     * problem without naming a category is filed under it, and it goes to `fallbackTeam` unless a
     * routing rule names this category (area rules do not take it: it is nobody's specialty).
     */
    otherCategory: id.optional(),
    /**
     * The procedure catalogue (JSON, see src/procedures/catalogue.ts), relative to this file.
     * Imported at start when it changed since it was last imported; `POST /api/v1/procedures/import`
     * replaces it until the file changes again.
     */
    procedureCatalogue: z.string().min(1).optional(),
    /**
     * A case still `new` past its acknowledgement deadline goes to its team lead after
     * `toLeadAfterAckHours` more hours (0 = at the deadline); still unacknowledged
     * `toLeadershipAfterHours` after that, it goes to the commune leadership.
     */
    escalation: z
      .object({
        toLeadAfterAckHours: z.number().min(0).default(0),
        toLeadershipAfterHours: z.number().min(0).default(24),
      })
      .default({ toLeadAfterAckHours: 0, toLeadershipAfterHours: 24 }),
    /** An open case of the same category within this radius and age is shown as a likely duplicate. */
    duplicates: z
      .object({ radiusMeters: z.number().positive(), maxAgeDays: z.number().positive() })
      .default({ radiusMeters: 50, maxAgeDays: 30 }),
    /** A reporter answering "Chưa" (not dealt with) reopens a resolved case within this many days of its resolution. */
    feedback: z.object({ reopenDays: z.number().positive() }).default({ reopenDays: 14 }),
    report: z
      .object({
        descriptionMin: z.number().int().min(0),
        descriptionMax: z.number().int().positive(),
        maxPhotos: z.number().int().min(0),
      })
      .default({ descriptionMin: 15, descriptionMax: 1000, maxPhotos: 5 }),
    /** Personal data: the data-protection contact and retention periods (src/privacy/settings.ts). */
    privacy: privacySettingsSchema,
    /** ZNS templates for notices after Zalo's window (zns-templates.ts); absent: such notices are held. */
    zns: znsSettingsSchema.optional(),
  })
  .superRefine((c, ctx) => {
    // Cross-references: a typo in a team id must fail at start, not when the first report arrives.
    const dup = (ids: string[], path: (string | number)[], what: string) => {
      const seen = new Set<string>();
      ids.forEach((v, i) => {
        if (seen.has(v)) ctx.addIssue({ code: "custom", message: `duplicate ${what} id "${v}"`, path: [...path, i] });
        seen.add(v);
      });
    };
    const areaIds = new Set(c.areas.features.map((f) => f.properties.id));
    const teamIds = new Set(c.teams.map((t) => t.id));
    const categoryIds = new Set(c.categories.map((k) => k.id));
    dup(
      c.areas.features.map((f) => f.properties.id),
      ["areas", "features"],
      "area",
    );
    dup(
      c.teams.map((t) => t.id),
      ["teams"],
      "team",
    );
    dup(
      c.categories.map((k) => k.id),
      ["categories"],
      "category",
    );
    const people = [
      ...c.teams.flatMap((t, ti) => t.officers.map((o, oi) => ({ ...o, path: ["teams", ti, "officers", oi] }))),
      ...c.leadership.map((o, i) => ({ ...o, path: ["leadership", i] })),
    ];
    const officerIds = new Set<string>();
    const zaloIds = new Set<string>();
    for (const p of people) {
      if (officerIds.has(p.id)) ctx.addIssue({ code: "custom", message: `duplicate officer id "${p.id}"`, path: [...p.path, "id"] });
      officerIds.add(p.id);
      if (p.zaloUserId) {
        if (zaloIds.has(p.zaloUserId))
          ctx.addIssue({ code: "custom", message: `Zalo user id "${p.zaloUserId}" is given twice`, path: [...p.path, "zaloUserId"] });
        zaloIds.add(p.zaloUserId);
      }
    }
    c.routing.forEach((r, i) => {
      if (r.area !== "*" && !areaIds.has(r.area))
        ctx.addIssue({ code: "custom", message: `unknown area "${r.area}"`, path: ["routing", i, "area"] });
      if (r.category !== "*" && !categoryIds.has(r.category))
        ctx.addIssue({ code: "custom", message: `unknown category "${r.category}"`, path: ["routing", i, "category"] });
      if (!teamIds.has(r.team)) ctx.addIssue({ code: "custom", message: `unknown team "${r.team}"`, path: ["routing", i, "team"] });
    });
    if (!teamIds.has(c.fallbackTeam)) ctx.addIssue({ code: "custom", message: `unknown team "${c.fallbackTeam}"`, path: ["fallbackTeam"] });
    if (c.handoffTeam !== undefined && !teamIds.has(c.handoffTeam))
      ctx.addIssue({ code: "custom", message: `unknown team "${c.handoffTeam}"`, path: ["handoffTeam"] });
    if (c.otherCategory && !categoryIds.has(c.otherCategory))
      ctx.addIssue({ code: "custom", message: `unknown category "${c.otherCategory}"`, path: ["otherCategory"] });
    if (c.boundary) {
      const boundary = c.boundary;
      c.areas.features.forEach((f, i) => {
        const outside = outlineVertices(f.geometry).find(([lng, lat]) => !outlineContains(boundary, lat, lng));
        if (outside)
          ctx.addIssue({
            code: "custom",
            message: `village "${f.properties.id}" reaches outside the commune's boundary (at ${outside[1]}, ${outside[0]})`,
            path: ["areas", "features", i, "geometry"],
          });
      });
    }
    if (c.report.descriptionMin > c.report.descriptionMax)
      ctx.addIssue({ code: "custom", message: "must not exceed descriptionMax", path: ["report", "descriptionMin"] });
  });

/** What a commune shows of its province, when the deployment has a `PROVINCE_CONFIG` (`province.ts`). */
export interface ProvinceOfCommune {
  name: string;
  /** The province's general hotline: where a citizen is referred when no commune of the deployment is theirs. */
  hotline: string;
}

/**
 * The validated commune configuration (defaults filled in), with its id always known. `calendar`
 * is the province's holiday calendar (`PROVINCE_CONFIG`); without one, every year is computed.
 */
export type CommuneConfig = z.infer<typeof communeConfigSchema> & { id: string; province?: ProvinceOfCommune; calendar?: HolidayCalendar };
export type Area = CommuneConfig["areas"]["features"][number];
export type Category = CommuneConfig["categories"][number];
export type Team = CommuneConfig["teams"][number];
export type HoursBlock = z.infer<typeof hoursBlockSchema>;

/** The commune file is missing, not JSON, or invalid; `problems` has one line per bad field. */
export class CommuneConfigError extends Error {
  override name = "CommuneConfigError";
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`commune config ${path}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/**
 * Validate already-parsed JSON; `source` names it in errors. `baseDir`: where a relative
 * `procedureCatalogue` path is taken from (the config file's folder; the working directory when absent).
 */
export function parseCommuneConfig(
  json: unknown,
  source = "<commune config>",
  baseDir?: string,
  opts: { requireId?: boolean } = {},
): CommuneConfig {
  const result = communeConfigSchema.safeParse(json);
  if (result.success && opts.requireId && !result.data.id)
    throw new CommuneConfigError(source, ["id: is required in COMMUNES_DIR (a slug, stable forever)"]);
  if (result.success) {
    const c = { ...result.data, id: result.data.id ?? idFromFileName(source) };
    if (c.procedureCatalogue && baseDir) c.procedureCatalogue = path.resolve(baseDir, c.procedureCatalogue);
    return c;
  }
  throw new CommuneConfigError(
    source,
    result.error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`),
  );
}

/** A commune file without an `id` is named by its file: `kieu-phu.json` → `kieu-phu`. */
function idFromFileName(source: string): string {
  const slug = path
    .basename(source, ".json")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return slug || "commune";
}

/** Read and validate the commune JSON at `path`; throws `CommuneConfigError`. */
export function loadCommuneConfig(file: string, opts: { requireId?: boolean } = {}): CommuneConfig {
  const { json } = readJsonFile(file, (line) => new CommuneConfigError(file, [line]));
  const c = parseCommuneConfig(json, file, path.dirname(path.resolve(file)), opts);
  // A copy of a config made elsewhere (a test of other office hours) leaves its catalogue behind:
  // say where it was looked for and why, not just that a file is missing.
  if (c.procedureCatalogue && !existsSync(c.procedureCatalogue)) {
    const named = (json as { procedureCatalogue: string }).procedureCatalogue;
    throw new CommuneConfigError(file, [
      `procedureCatalogue: no file ${c.procedureCatalogue} ("${named}" is read from this file's folder): copy the catalogue beside it, or name it by its absolute path`,
    ]);
  }
  return c;
}
