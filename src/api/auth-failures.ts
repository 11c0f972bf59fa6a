/**
 * Failed authentications per client address, counted in one-minute windows. Past the limit, a
 * wrong token from that address is answered 429 until the window ends; a valid token is never
 * held back (the caller checks the token first).
 *
 * Kept in the process's memory, not in Redis: it must work while Redis is down, a guess costs no
 * round trip, and tokens are long and random, so the limit is about noise and load rather than
 * the odds of a guess. With N web processes behind a balancer, an address gets N times the limit.
 */
import type { Request, Response } from "express";
import { HttpError } from "../http/errors.js";
import { logger } from "../logger.js";

export interface FailureVerdict {
  /** Failures of this address in the current window, this one included. */
  failures: number;
  /** Seconds until the window ends, when this failure is past the limit. */
  retryAfterSeconds?: number;
  /** This failure is the first past the limit in its window (worth one log line). */
  firstPastLimit?: boolean;
}

export interface AuthFailureLimiterOptions {
  /** Failures an address may have per window before it gets 429 (default 10). */
  maxFailures?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** Addresses remembered at once (default 10,000): a spray of addresses cannot grow memory. */
  maxAddresses?: number;
  clock?: () => Date;
}

export class AuthFailureLimiter {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly clock: () => Date;

  constructor(options: AuthFailureLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Count one failed authentication from `address`. */
  fail(address: string): FailureVerdict {
    const now = this.clock().getTime();
    let w = this.windows.get(address);
    if (!w || now - w.startedAt >= this.windowMs) {
      this.windows.delete(address);
      this.makeRoom(now);
      w = { startedAt: now, failures: 0 };
      this.windows.set(address, w);
    }
    w.failures++;
    if (w.failures <= this.maxFailures) return { failures: w.failures };
    return {
      failures: w.failures,
      retryAfterSeconds: Math.max(1, Math.ceil((w.startedAt + this.windowMs - now) / 1000)),
      firstPastLimit: w.failures === this.maxFailures + 1,
    };
  }

  /** Drop ended windows when full; then the oldest (a Map keeps insertion order). */
  private makeRoom(now: number): void {
    if (this.windows.size < this.maxAddresses) return;
    for (const [address, w] of this.windows) {
      if (now - w.startedAt >= this.windowMs) this.windows.delete(address);
    }
    const oldest = this.windows.keys().next();
    if (this.windows.size >= this.maxAddresses && !oldest.done) this.windows.delete(oldest.value);
  }
}

/**
 * One wrong credential at any door (the API, Open311's `api_key`, the queue board): counted against
 * the client's address and logged (never the credential). Past the limit it answers with the 429 to
 * throw (`Retry-After` set, one log line when the address crosses the limit); otherwise null, and
 * the door refuses in its own way (401, 403).
 */
export function countAuthFailure(
  failures: AuthFailureLimiter,
  req: Request,
  res: Response,
  door: { via: string; error: string },
): HttpError | null {
  const address = req.ip ?? "unknown";
  const verdict = failures.fail(address);
  if (verdict.retryAfterSeconds !== undefined) {
    if (verdict.firstPastLimit)
      logger.warn("api authentication failures limited", { address, retryAfterSeconds: verdict.retryAfterSeconds, via: door.via });
    res.set("Retry-After", String(verdict.retryAfterSeconds));
    return new HttpError(
      429,
      "too_many_requests",
      `Too many failed authentications from this address; retry in ${verdict.retryAfterSeconds} s`,
    );
  }
  logger.warn("api authentication failed", {
    address,
    error: door.error,
    via: door.via,
    method: req.method,
    path: req.originalUrl.split("?")[0],
    failures: verdict.failures,
  });
  return null;
}
