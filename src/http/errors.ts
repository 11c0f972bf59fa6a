import type { ErrorRequestHandler, RequestHandler } from "express";
import { logger } from "../logger.js";

/** An error with an HTTP status and a stable code, answered as `{error: {code, message}}`. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
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
    res.status(err.status).json(errorBody(err.code, err.message));
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
  if (parser.expose && parser.status && parser.status < 500) {
    res.status(parser.status).json(errorBody("bad_request", (err as Error).message));
    return;
  }
  logger.error("request failed", { method: req.method, path: req.path, err });
  res.status(500).json(errorBody("internal", "Something went wrong on our side; it has been logged"));
};
