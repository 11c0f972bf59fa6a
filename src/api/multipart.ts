import type { Readable } from "node:stream";
import busboy from "busboy";
import type { Request } from "express";
import { type FieldProblem, HttpError } from "../http/errors.js";

/**
 * A `multipart/form-data` body read as strictly as the API's JSON bodies: text fields given once
 * each, files only in the one field that takes them, limits on every count and size. Files are
 * streamed to `receive` as they arrive (never buffered whole here); text fields come back as
 * strings for the endpoint's own schema, which refuses unknown names like `parseBody` does.
 * Parsing by busboy (no install scripts, one small dependency).
 */

export interface MultipartOptions<T> {
  /** The one field that may hold files (repeated for several). */
  fileField: string;
  maxFiles: number;
  /** What the files are, in the refusal of one too many ("photos"). */
  fileNoun?: string;
  /** Per file: `receive` sees at most one byte more, and decides what a larger file means. */
  maxFileBytes: number;
  maxFields: number;
  /** Per text field (UTF-8 bytes). */
  maxFieldBytes: number;
  /** Read one file (to a temporary place); throw to refuse it. `index` counts from 0. */
  receive(stream: Readable, index: number, filename: string): Promise<T>;
}

/** One file part: received, or refused by `receive` with its error. */
export type FilePart<T> = { index: number; filename: string } & ({ ok: true; file: T } | { ok: false; error: unknown });

export interface MultipartBody<T> {
  fields: Record<string, string>;
  files: FilePart<T>[];
  /** What is wrong with the body's shape (unknown file field, a field twice, too many parts…). */
  problems: FieldProblem[];
}

/** Slack over the files and fields for part headers and boundaries, in a declared length. */
const OVERHEAD_BYTES = 64 * 1024;

/**
 * Read the request's multipart body. Resolves once every file has been received (or refused);
 * rejects only for a body that is not multipart at all, is cut off, or declares a length over
 * what the limits allow (413).
 */
export function readMultipart<T>(req: Request, opts: MultipartOptions<T>): Promise<MultipartBody<T>> {
  const cap = opts.maxFiles * opts.maxFileBytes + opts.maxFields * opts.maxFieldBytes + OVERHEAD_BYTES;
  if (Number(req.get("content-length") ?? 0) > cap) {
    return Promise.reject(
      new HttpError(413, "payload_too_large", `The body is larger than the ${opts.maxFiles} files and the fields it may hold`),
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: "utf8",
      limits: {
        files: opts.maxFiles,
        fileSize: opts.maxFileBytes + 1,
        fields: opts.maxFields,
        fieldSize: opts.maxFieldBytes,
        parts: opts.maxFiles + opts.maxFields + 1,
      },
    });
  } catch (err) {
    return Promise.reject(new HttpError(400, "invalid_body", `Not a multipart/form-data body: ${(err as Error).message}`));
  }
  const fields: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  const pending: Promise<FilePart<T>>[] = [];
  const problem = (path: string, message: string) => {
    if (!problems.some((p) => p.path === path && p.message === message)) problems.push({ path, message });
  };

  parser.on("field", (name, value, info) => {
    if (info.nameTruncated) return problem("", "a field name is too long");
    if (info.valueTruncated) return problem(name, `longer than ${opts.maxFieldBytes} bytes`);
    if (name in fields) return problem(name, "given more than once");
    fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    if (name !== opts.fileField) {
      stream.resume();
      return problem(name, `unknown file field (files go in "${opts.fileField}")`);
    }
    // A form's empty file input sends a part without a file name: no file.
    if (!info.filename) {
      stream.resume();
      return;
    }
    const index = pending.length;
    const filename = info.filename;
    pending.push(
      opts.receive(stream, index, filename).then(
        (file): FilePart<T> => ({ index, filename, ok: true, file }),
        (error: unknown): FilePart<T> => {
          stream.resume();
          return { index, filename, ok: false, error };
        },
      ),
    );
  });
  parser.on("filesLimit", () => problem(opts.fileField, `at most ${opts.maxFiles} ${opts.fileNoun ?? "files"}`));
  parser.on("fieldsLimit", () => problem("", `at most ${opts.maxFields} fields`));
  parser.on("partsLimit", () => problem("", "too many parts"));

  return new Promise((resolve, reject) => {
    parser.on("close", () => {
      void Promise.all(pending).then((files) => resolve({ fields, files, problems }));
    });
    parser.on("error", (err: Error) => {
      // Whatever was received is dropped by the caller's files' own cleanup: settle them first.
      void Promise.all(pending).then((files) => {
        const e = new HttpError(400, "invalid_body", `The multipart body could not be read: ${err.message}`);
        reject(Object.assign(e, { received: files }));
      });
    });
    req.pipe(parser);
  });
}

/** Files received before a multipart body failed to parse (so the caller can drop them). */
export function receivedBeforeFailure<T>(err: unknown): FilePart<T>[] {
  return (err as { received?: FilePart<T>[] }).received ?? [];
}
