import type { ErrorRequestHandler, RequestHandler } from "express";
import { logger } from "../logger.js";

/** One problem with one field of a request body; `path` is dotted (`photos.0.url`), "" for the body itself. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * An error with an HTTP status and a stable code, answered as `{error: {code, message}}`, plus
 * `fields` when the problem is in named fields of the body.
 */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, fields?: FieldProblem[]) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody("not_found", `No route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** JSON errors, never a stack trace out. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof HttpError) {
    res.status(err.status).json(errorBody(err.code, err.message, err.fields));
    return;
  }
  const parser = (err ?? {}) as BodyParserError;
  if (parser.type === "entity.too.large") {
    res.status(413).json(errorBody("payload_too_large", "The request body is larger than this endpoint accepts"));
    return;
  }
  if (parser.type === "entity.parse.failed") {
    res.status(400).json(errorBody("invalid_json", "The request body is not valid JSON"));
    return;
  }
  // A path segment that is not valid percent-encoding (express could not decode a route parameter).
  if (err instanceof URIError) {
    res.status(400).json(errorBody("bad_request", "The URL is not valid percent-encoding"));
    return;
  }
  if (parser.expose && parser.status && parser.status < 500) {
    res.status(parser.status).json(errorBody("bad_request", (err as Error).message));
    return;
  }
  logger.error("request failed", { method: req.method, path: req.path, err });
  res.status(500).json(errorBody("internal", "Something went wrong on our side; it has been logged"));
};
