import type { Request } from "express";
import { z } from "zod";
import { unstorableText } from "../db/storable-text.js";
import { type FieldProblem, HttpError } from "../http/errors.js";

/**
 * JSON bodies of the officer API. Every route reads its body through `parseBody` with a
 * `z.strictObject` schema, so a misspelt field (`team` for `teamId`, `on_duty`) is a 400 naming
 * it instead of a silently ignored value, and every string is checked once here for characters
 * the database cannot store (see `db/storable-text.ts`). A bad body is answered
 * `400 {error: {code: "invalid_body", message, fields: [{path, message}]}}`.
 */

/** The 400 for a body with these problems; `message` lists them all on one line. */
export function invalidBody(fields: FieldProblem[]): HttpError {
  const message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
  return new HttpError(400, "invalid_body", message, fields);
}

/**
 * The body as a JSON object: `{}` when the request has none, 415 when it has one that is not
 * JSON (express.json leaves those unread), 400 when the JSON is not an object.
 */
export function jsonObjectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) {
    // `req.is` is null for a request without a body.
    if (req.is("application/json") === false) {
      throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
    }
    return {};
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidBody([{ path: "", message: "the body must be a JSON object" }]);
  }
  return body as Record<string, unknown>;
}

/** `body` parsed by `schema` (a strict object); 400 `invalid_body` listing every problem. */
export function parseFields<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.output<S> {
  const unstorable = unstorableStrings(body);
  const parsed = schema.safeParse(body);
  // A schema may check storability itself (the dossier record does, for CSV cells): say it once.
  const seen = new Set<string>();
  const problems = [...unstorable, ...(parsed.success ? [] : issueProblems(parsed.error, knownKeys(schema)))].filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    return !seen.has(key) && seen.add(key);
  });
  if (problems.length || !parsed.success) throw invalidBody(problems);
  return parsed.data;
}

/** The request's JSON body parsed by `schema` (a strict object). */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseFields(schema, jsonObjectBody(req));
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join(".");

// Bodies of this API are shallow; anything deeper is refused by the schemas anyway, so the walk
// stops there rather than following a hostile 50,000-level nesting.
const MAX_DEPTH = 16;
const MAX_PROBLEMS = 20;

/** Strings (values and field names) the database cannot store, by path. */
function unstorableStrings(body: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: body, path: [] }];
  while (stack.length && problems.length < MAX_PROBLEMS) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const why = unstorableText(value);
      if (why) problems.push({ path: dotted(path), message: why });
    } else if (typeof value === "object" && value !== null && path.length < MAX_DEPTH) {
      for (const [key, inner] of Object.entries(value)) {
        const why = unstorableText(key);
        if (why) problems.push({ path: dotted(path), message: `a field name ${why}` });
        else stack.push({ value: inner, path: [...path, Array.isArray(value) ? Number(key) : key] });
      }
    }
  }
  return problems.reverse();
}

/** The top-level field names a schema accepts (seen through pipes and transforms), for hints. */
function knownKeys(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return knownKeys(schema.in as z.ZodType);
  return [];
}

const squash = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

/** "unknown field", with the field that was probably meant (`on_duty` → `onDuty`, `team` → `teamId`). */
function unknownField(key: string, known: string[]): string {
  const k = squash(key);
  const meant = k
    ? (known.find((name) => squash(name) === k) ?? known.find((name) => squash(name).startsWith(k) || k.startsWith(squash(name))))
    : undefined;
  return meant ? `unknown field (did you mean "${meant}"?)` : "unknown field";
}

function issueProblems(error: z.ZodError, known: string[]): FieldProblem[] {
  return error.issues.flatMap((i): FieldProblem[] =>
    i.code === "unrecognized_keys"
      ? i.keys.map((key) => ({ path: dotted([...i.path, key]), message: unknownField(key, i.path.length ? [] : known) }))
      : [{ path: dotted(i.path), message: i.message }],
  );
}
