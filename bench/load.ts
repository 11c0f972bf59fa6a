import autocannon from "autocannon";
import type { EventStream } from "./events.js";

/** One load phase against one server. */
export interface LoadOptions {
  url: string;
  events: EventStream;
  connections: number;
  durationS: number;
  /** Requests per second offered across all connections; unset = as fast as answers come (saturation). */
  overallRate?: number;
}

/** What a phase measured (latencies in ms). */
export interface LoadResult {
  connections: number;
  durationS: number;
  offeredRate: number | null;
  /** Answered requests per second (any status), averaged over the phase. */
  rps: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Post distinct signed events at a server with autocannon, in this (the parent) process, while
 * the server runs in a child process on the other core. Each request takes the next event of the
 * server's stream, so no request is a duplicate of another.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const { events } = opts;
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationS,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    // A stuck server must not hold the bench: answers slower than this count as timeouts.
    timeout: 5,
    requests: [
      {
        method: "POST",
        path: "/webhooks/zalo",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => {
          const e = events.next();
          req.body = e.body;
          // autocannon hands a fresh headers object to every build: setting a key here is safe.
          req.headers = { ...req.headers, "x-zevent-signature": e.signature };
          return req;
        },
      },
    ],
  });
  return {
    connections: opts.connections,
    durationS: opts.durationS,
    offeredRate: opts.overallRate ?? null,
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.average,
  };
}
