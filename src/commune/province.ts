import { z } from "zod";
import { readJsonFile } from "../core/json-file.js";
import { closedDatesSchema, type CommuneConfig, hotlineSchema } from "./config.js";
import { holidayCalendarSchema } from "./public-holidays.js";

/**
 * What belongs to the province rather than a commune (`PROVINCE_CONFIG`, optional): its name, its
 * general hotline, the public-holiday calendar, and the data-protection officer's contact.
 * Without the file a province of one takes these from its commune file as before (the commune's
 * hotline, `officeHours.closedDates`, `privacy.contact`).
 *
 * - `calendar` is the public-holiday calendar every commune's deadlines, escalations and "open
 *   now?" follow (public-holidays.ts): the days off and worked Saturdays the government announces,
 *   by year; a year not listed is computed (Tết and Giỗ Tổ from the lunar calendar). Without the
 *   file, every year is computed.
 * - `holidays` has the commune file's format (`officeHours.closedDates`, local dates): extra days
 *   every commune is closed on (a provincial holiday), on top of the calendar and of each
 *   commune's own closed dates (its list extends the province's: a local festival).
 * - `dataProtectionOfficer` answers for the personal data of the communes whose file gives no
 *   `privacy.contact` of its own (a commune's own contact is more specific, and wins).
 * - `oa` is the province-wide OA (one OA for several communes, issue 24): its citizens' commune
 *   is chosen per conversation (src/conversation/province-oa.ts); its token pair comes from
 *   `ZALO_OA_TOKENS_FILE` like a commune's. It may not be a commune's own OA.
 */
/** The province-wide OA: the commune file's `zalo` shape. */
export const provinceOaSchema = z.strictObject({
  oaId: z.string().regex(/^\d{1,30}$/, "must be a Zalo OA id (digits)"),
  /** The Zalo app the OA is linked to, when not `ZALO_APP_ID` (one of `ZALO_APPS_FILE`). */
  appId: z
    .string()
    .regex(/^\d{1,30}$/, "must be a Zalo app id (digits)")
    .optional(),
});
export type ProvinceOa = z.infer<typeof provinceOaSchema>;

export const provinceConfigSchema = z.strictObject({
  name: z.string().trim().min(1),
  /** The province's general hotline: where a citizen is referred when no commune of the deployment is theirs. */
  hotline: hotlineSchema,
  calendar: holidayCalendarSchema.default({ announced: {} }),
  holidays: closedDatesSchema,
  dataProtectionOfficer: z
    .strictObject({
      name: z.string().trim().min(1),
      phone: hotlineSchema.optional(),
      email: z.email().optional(),
      address: z.string().trim().min(1).optional(),
    })
    .refine((d) => d.phone !== undefined || d.email !== undefined, {
      message: "give a phone or an email to reach the data-protection officer",
    }),
  oa: provinceOaSchema.optional(),
});

export type ProvinceConfig = z.infer<typeof provinceConfigSchema>;

/** The province file is missing, not JSON, or invalid; `problems` has one line per bad field. */
export class ProvinceConfigError extends Error {
  override name = "ProvinceConfigError";
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`province config ${path}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** Validate already-parsed JSON; `source` names it in errors. */
export function parseProvinceConfig(json: unknown, source = "<province config>"): ProvinceConfig {
  const result = provinceConfigSchema.safeParse(json);
  if (result.success) return result.data;
  throw new ProvinceConfigError(
    source,
    result.error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`),
  );
}

/** Read and validate `PROVINCE_CONFIG`; throws `ProvinceConfigError` naming the file and the field. */
export function loadProvinceConfig(file: string): ProvinceConfig {
  const { json } = readJsonFile(file, (line) => new ProvinceConfigError(file, [line]));
  return parseProvinceConfig(json, file);
}

/** The data-protection officer's contact, in one line for the privacy notice. */
export function dpoContact(d: ProvinceConfig["dataProtectionOfficer"]): string {
  return [d.name, d.phone, d.email, d.address].filter((x): x is string => x !== undefined).join(", ");
}

/**
 * A commune as it serves in the province: on the province's holiday calendar, closed on the
 * province's extra holidays as well as its own dates, its privacy contact the province's data-protection officer unless it names its own, and
 * the province's name and general hotline at hand (`province`).
 */
export function applyProvince(commune: CommuneConfig, province: ProvinceConfig): CommuneConfig {
  const closedDates = [...new Set([...province.holidays, ...commune.officeHours.closedDates])].sort();
  return {
    ...commune,
    officeHours: { ...commune.officeHours, closedDates },
    privacy: { ...commune.privacy, contact: commune.privacy.contact ?? dpoContact(province.dataProtectionOfficer) },
    province: { name: province.name, hotline: province.hotline },
    calendar: province.calendar,
  };
}
