import { createHash } from "node:crypto";
import { z } from "zod";
import { readJsonFile } from "../core/json-file.js";

/**
 * The commune's procedure catalogue (danh mục thủ tục hành chính): for each procedure its
 * national code, the names people call it, the papers to bring, fee, processing time, where to
 * submit and who decides, with the source the facts come from. What the hotline tells a citizen
 * about a procedure comes only from here: a fact the catalogue lacks is said to be missing,
 * never made up.
 *
 * The same schema checks the file named in the commune config and the body of
 * `POST /api/v1/procedures/import`; both refuse unknown fields, so a misspelt `fees` is an error
 * rather than a procedure without a fee.
 */

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, "must be 1–60 lowercase letters, digits or '-'");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"');
/** Citizen-facing text: bounded so that every part of an answer fits a phone screen. */
const line = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** How a paper is handed in. */
export const DOCUMENT_FORMS = ["original", "copy", "certified_copy", "show"] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

export const procedureDocumentSchema = z.strictObject({
  name: line(200),
  /** Copies to hand in (for `show`: the paper is shown, not kept). */
  copies: z.number().int().min(1).max(20).default(1),
  /** `original` (bản chính), `copy` (bản sao/photo), `certified_copy` (bản sao chứng thực), `show` (xuất trình bản chính). */
  form: z.enum(DOCUMENT_FORMS),
  /** When it is needed, or what may replace it. */
  note: line(300).optional(),
});

export const procedureSchema = z.strictObject({
  /** The commune's own key for the procedure (stable across imports; used in links and logs). */
  id: slug,
  /** The national procedure code of the national public-service portal, e.g. "1.001193". */
  nationalCode: z
    .string()
    .regex(/^\d\.\d{6}$/, 'must be a national procedure code like "1.001193"')
    .optional(),
  name: line(120),
  /** What people call it: "giấy khai sinh", "làm khai sinh". Matched with or without diacritics. */
  aliases: z.array(line(80)).max(40).default([]),
  /** Papers to bring; empty when the catalogue does not list them (the citizen is told so). */
  documents: z.array(procedureDocumentSchema).max(30).default([]),
  fee: line(300).optional(),
  processingTime: line(300).optional(),
  /** Where to submit; absent: the commune's one-stop counter. */
  submitAt: line(300).optional(),
  /** The page of the public-service portal where it is submitted online; absent: not online. */
  onlineUrl: z
    .url({ protocol: /^https$/, error: "must be an https URL" })
    .max(500)
    .optional(),
  decidedBy: line(200).optional(),
  note: line(500).optional(),
  /** Where the facts come from (legal texts, the portal's procedure record). */
  source: line(500),
  /** When the facts were taken from the source. */
  sourceDate: isoDate,
  /** What whoever maintains the catalogue should still check (never shown to citizens). */
  reviewNote: line(500).optional(),
});

/** Most procedures in one catalogue (a commune handles a few hundred at most). */
export const MAX_PROCEDURES = 500;

export const catalogueSchema = z
  .strictObject({
    /** The shipped example: facts to check before a commune relies on them. */
    example: z.boolean().default(false),
    /** A word for whoever maintains the file (not shown to citizens). */
    notice: z.string().max(2000).optional(),
    procedures: z.array(procedureSchema).max(MAX_PROCEDURES),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    const codes = new Set<string>();
    c.procedures.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: "custom", message: `duplicate procedure id "${p.id}"`, path: ["procedures", i, "id"] });
      ids.add(p.id);
      if (p.nationalCode) {
        if (codes.has(p.nationalCode))
          ctx.addIssue({
            code: "custom",
            message: `national code "${p.nationalCode}" is given twice`,
            path: ["procedures", i, "nationalCode"],
          });
        codes.add(p.nationalCode);
      }
    });
  });

export type Procedure = z.infer<typeof procedureSchema>;
export type ProcedureDocument = z.infer<typeof procedureDocumentSchema>;

/** The catalogue in force. `version` changes with every import. */
export interface ProcedureCatalogue {
  /** In the commune's order: the first ones are offered when a question names none. */
  procedures: readonly Procedure[];
  example: boolean;
  version: string;
}

export const EMPTY_CATALOGUE: ProcedureCatalogue = { procedures: [], example: false, version: "none" };

/** A catalogue that cannot be used; `problems` has one line per bad field, naming the row. */
export class ProcedureCatalogueError extends Error {
  override name = "ProcedureCatalogueError";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`procedure catalogue ${source}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** One line per issue: `procedures[3] (dang-ky-khai-sinh).fee: must not be empty`. */
export function describeCatalogueIssues(json: unknown, error: z.ZodError): string[] {
  const rows = (json as { procedures?: unknown } | null)?.procedures;
  return error.issues.map((issue) => {
    const [top, index, ...rest] = issue.path;
    if (top === "procedures" && typeof index === "number") {
      const row = Array.isArray(rows) ? (rows[index] as { id?: unknown } | undefined) : undefined;
      const id = typeof row?.id === "string" ? ` (${row.id.slice(0, 60)})` : "";
      return `procedures[${index}]${id}${rest.length ? `.${rest.join(".")}` : ""}: ${issue.message}`;
    }
    return `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`;
  });
}

/** Validate parsed JSON; `source` names it in errors. */
export function parseCatalogue(json: unknown, source = "<procedure catalogue>"): z.output<typeof catalogueSchema> {
  const result = catalogueSchema.safeParse(json);
  if (result.success) return result.data;
  throw new ProcedureCatalogueError(source, describeCatalogueIssues(json, result.error));
}

/** What an import stores, and the fingerprint that says whether the same content was imported before. */
export interface CatalogueFile {
  catalogue: z.output<typeof catalogueSchema>;
  sha256: string;
}

/** Read and validate the catalogue file at `path`; throws `ProcedureCatalogueError`. */
export function loadCatalogueFile(path: string): CatalogueFile {
  const { text, json } = readJsonFile(path, (line) => new ProcedureCatalogueError(path, [line]));
  return { catalogue: parseCatalogue(json, path), sha256: sha256(text) };
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
