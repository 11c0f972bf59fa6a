/**
 * What can go wrong talking to Zalo, split as grammY does: the platform said no (`ZaloApiError`),
 * the HTTP exchange failed (`ZaloHttpError`), the network failed (`ZaloNetworkError`), or the
 * token could not be renewed (`ZaloTokenError`). Each says whether a retry can help.
 */

/** How the sender should treat a refusal from Zalo. */
export type ZaloErrorClass =
  /** Try again later (rate limit). */
  | "retryable"
  /** The user cannot be reached now: keep the message for their next interaction, do not retry. */
  | "unreachable"
  /** The access token was refused: refresh once and retry once. */
  | "token"
  /** Retrying the same request cannot succeed (bad parameter, unknown code). */
  | "fatal";

/**
 * Zalo's error codes (ZALO.md "Sending"). -211 "out of quota" is the per-user customer-service
 * quota of the 48 h window: the user's next message reopens it, so it is treated as unreachable
 * (held for their next interaction) rather than retried into the same wall.
 */
const CLASS_BY_CODE: Record<number, ZaloErrorClass> = {
  [-32]: "retryable",
  [-201]: "fatal",
  [-216]: "token",
  [-220]: "token",
  [-211]: "unreachable",
  [-213]: "unreachable",
  [-227]: "unreachable",
  [-230]: "unreachable",
  [-232]: "unreachable",
  [-234]: "unreachable",
  [-244]: "unreachable",
};

/** The codes of the table above: what the OA fleet's figures name one by one (anything else is "other"). */
export const ZALO_ERROR_CODES: readonly number[] = Object.keys(CLASS_BY_CODE).map(Number);

/** How to treat a Zalo error code; unknown codes are fatal (retrying cannot help). */
export function classifyZaloCode(code: number): ZaloErrorClass {
  return CLASS_BY_CODE[code] ?? "fatal";
}

/** Zalo answered (HTTP 200) with `error !== 0`. */
export class ZaloApiError extends Error {
  override name = "ZaloApiError";
  readonly classification: ZaloErrorClass;
  constructor(
    readonly code: number,
    message: string,
    readonly endpoint: string,
  ) {
    super(`Zalo ${endpoint} refused (${code}): ${message}`);
    this.classification = classifyZaloCode(code);
  }
  get retryable(): boolean {
    return this.classification === "retryable";
  }
  get unreachable(): boolean {
    return this.classification === "unreachable";
  }
  get tokenInvalid(): boolean {
    return this.classification === "token";
  }
}

/** Zalo answered with a non-200 status or a body that is not Zalo's JSON. */
export class ZaloHttpError extends Error {
  override name = "ZaloHttpError";
  constructor(
    readonly status: number,
    readonly endpoint: string,
    detail = "",
  ) {
    super(`Zalo ${endpoint} answered HTTP ${status}${detail ? `: ${detail}` : ""}`);
  }
  /** 5xx and 429 pass; other 4xx mean the request itself is wrong. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

/** No answer: connection refused or reset, DNS, timeout. */
export class ZaloNetworkError extends Error {
  override name = "ZaloNetworkError";
  readonly retryable = true;
  constructor(
    readonly endpoint: string,
    readonly causeCode: string | undefined,
    message: string,
  ) {
    super(`Zalo ${endpoint} network failure${causeCode ? ` (${causeCode})` : ""}: ${message}`);
  }
}

/**
 * The access token could not be renewed (OAuth refused, or another process's refresh did not finish
 * in time). Retryable: a later attempt may find a token stored by another process or by an admin.
 */
export class ZaloTokenError extends Error {
  override name = "ZaloTokenError";
  readonly retryable = true;
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/** Any of the errors above. */
export type ZaloError = ZaloApiError | ZaloHttpError | ZaloNetworkError | ZaloTokenError;
