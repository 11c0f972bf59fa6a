import { z } from "zod";
import { unstorableText } from "../db/storable-text.js";
import { DOSSIER_CODE_EXAMPLE, normalizeDossierCode } from "./code.js";
import { parseDossierDate } from "./dates.js";
import { DOSSIER_CHANNELS, type DossierInput } from "./dossier.js";
import { parseStatus } from "./status.js";

/**
 * The dossier record of the external contract — one CSV row, or the body of the one-stop
 * system's API — validated into a `DossierInput`. Reasons are in English, like every error of the
 * officer API and the import tool; only citizens are answered in Vietnamese.
 */

const text = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = String(v).trim();
  const unstorable = unstorableText(s);
  if (unstorable) {
    ctx.addIssue({ code: "custom", message: unstorable });
    return z.NEVER;
  }
  return s;
});
const emptyToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

const date = (dateOnlyTime: string) =>
  text.transform((s, ctx) => {
    const d = parseDossierDate(s, { dateOnlyTime });
    if (!d) {
      ctx.addIssue({ code: "custom", message: `"${s}" is not a valid date and time (use dd/mm/yyyy HH:mm or ISO 8601)` });
      return z.NEVER;
    }
    return d;
  });

export const dossierRecordSchema = z
  .strictObject({
    code: text.transform((s, ctx) => {
      const code = normalizeDossierCode(s);
      if (!code) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a dossier code (e.g. ${DOSSIER_CODE_EXAMPLE})` });
        return z.NEVER;
      }
      return code;
    }),
    procedure: text
      .pipe(z.string().min(1, "the procedure is missing").max(500, "the procedure is longer than 500 characters"))
      .transform((s) => s.replace(/\s+/g, " ")),
    channel: text.transform((s, ctx) => {
      const c = s.toLowerCase();
      if (!(DOSSIER_CHANNELS as readonly string[]).includes(c)) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a channel (online, direct or postal)` });
        return z.NEVER;
      }
      return c as (typeof DOSSIER_CHANNELS)[number];
    }),
    status: text.transform((s, ctx) => {
      const status = parseStatus(s);
      if (status === null) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a status (a number 1–10 or the status's name)` });
        return z.NEVER;
      }
      return status;
    }),
    received_at: z.preprocess(emptyToNull, date("00:00").nullable()).refine((d) => d !== null, "the date received is missing"),
    // An appointment date without a time means "by the end of that office day".
    due_at: z.preprocess(emptyToNull, date("17:00").nullable()),
    finished_at: z.preprocess(emptyToNull, date("00:00").nullable()),
  })
  .superRefine((r, ctx) => {
    if (!r.received_at) return;
    if (r.due_at && r.due_at < r.received_at) {
      ctx.addIssue({ code: "custom", path: ["due_at"], message: "the due date is before the date received" });
    }
    if (r.finished_at && r.finished_at < r.received_at) {
      ctx.addIssue({ code: "custom", path: ["finished_at"], message: "the date finished is before the date received" });
    }
  })
  .transform((r): DossierInput => ({
    code: r.code,
    procedure: r.procedure,
    channel: r.channel,
    status: r.status,
    receivedAt: r.received_at!,
    dueAt: r.due_at,
    finishedAt: r.finished_at,
  }));

export type DossierRecord = z.input<typeof dossierRecordSchema>;

/** The columns of the contract, in order. */
export const DOSSIER_RECORD_COLUMNS = ["code", "procedure", "channel", "status", "received_at", "due_at", "finished_at"] as const;

/** One line per problem, each prefixed with its column: `status: "11" is not a status …`. */
export function describeRecordIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
