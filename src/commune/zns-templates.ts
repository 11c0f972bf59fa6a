import { z } from "zod";

/**
 * A commune's ZNS templates (issue 24): notices that reach a citizen after Zalo's window closed go
 * by one of these, to the phone the reporter shared, with their consent. Each template is approved
 * by Zalo beforehand under the commune's OA; `params` maps each of the template's parameter names
 * to what the hotline fills it with. A commune without a `zns` block (or without the template a
 * notice needs) holds the notice for the citizen's next message, as before.
 */

/** What a template parameter can be filled with. */
export const ZNS_VALUES = [
  /** The tracking code, "PA-261207-AB12". */
  "code",
  /** The category's name. */
  "category",
  /** The new status in plain words. */
  "status",
  /** When the change happened, "dd/mm/yyyy HH:mm" (Asia/Ho_Chi_Minh). */
  "at",
  /** The officer's result (resolution) or reason (rejection); empty for other changes. */
  "result",
  /** The commune's name ("UBND xã Kiều Phú"). */
  "commune",
  /** The commune's hotline. */
  "hotline",
] as const;
export type ZnsValue = (typeof ZNS_VALUES)[number];

/** The notices a template exists for. */
export const ZNS_NOTICE_KINDS = ["status", "result", "rating"] as const;
export type ZnsNoticeKind = (typeof ZNS_NOTICE_KINDS)[number];

const PARAM_NAME = /^[A-Za-z0-9_]{1,50}$/;
const valueName = z.enum(ZNS_VALUES, { error: `must be one of ${ZNS_VALUES.join(", ")}` });

/** A parameter: what fills it (`"code"`), or that and the most characters the template takes there. */
const paramSchema = z.preprocess(
  (v) => (typeof v === "string" ? { value: v } : v),
  z.strictObject({ value: valueName, maxLength: z.number().int().min(1).max(1000).optional() }),
);

export const znsTemplateSchema = z.strictObject({
  /** The template's id in Zalo's ZNS console (digits). */
  templateId: z.string().regex(/^\d{1,20}$/, "must be a ZNS template id (digits)"),
  params: z.record(z.string(), paramSchema).superRefine((p, ctx) => {
    const names = Object.keys(p);
    if (names.length === 0) ctx.addIssue({ code: "custom", message: "must name at least one parameter" });
    for (const name of names)
      if (!PARAM_NAME.test(name))
        ctx.addIssue({ code: "custom", message: "must be a ZNS parameter name (letters, digits, '_')", path: [name] });
  }),
});
export type ZnsTemplate = z.infer<typeof znsTemplateSchema>;

export const znsSettingsSchema = z.strictObject({
  templates: z
    .strictObject({
      /** A status change (acknowledged, in progress, closed…). */
      status: znsTemplateSchema.optional(),
      /** A resolution or a rejection, with its result or reason. */
      result: znsTemplateSchema.optional(),
      /** The reporter's resolved case with the 1–5 rating (Zalo's "service rating" template type); else `result`. */
      rating: znsTemplateSchema.optional(),
    })
    .refine((t) => Object.values(t).some(Boolean), "must configure at least one of status, result, rating"),
});
export type ZnsSettings = z.infer<typeof znsSettingsSchema>;

/** The template data of a notice: each parameter filled (cut to its length, as ZNS refuses longer values). */
export function templateData(t: ZnsTemplate, values: Partial<Record<ZnsValue, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(t.params)) {
    const v = values[p.value] ?? "";
    out[name] = p.maxLength !== undefined && v.length > p.maxLength ? `${v.slice(0, Math.max(1, p.maxLength - 1))}…` : v;
  }
  return out;
}
