import client from "prom-client";
import { logger } from "./logger.js";

/**
 * Prometheus metrics of this process. One registry per process (tests build several apps in one
 * process, so registering is idempotent).
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

function once<T>(name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export const httpRequests = once(
  "hotline_http_requests_total",
  () =>
    new client.Counter({
      name: "hotline_http_requests_total",
      help: "HTTP requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
);

export const httpDuration = once(
  "hotline_http_request_duration_seconds",
  () =>
    new client.Histogram({
      name: "hotline_http_request_duration_seconds",
      help: "HTTP request latency by method and route",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
);

export const webhookEvents = once(
  "hotline_webhook_events_total",
  () =>
    new client.Counter({
      name: "hotline_webhook_events_total",
      help: "Webhook events by platform, event name and outcome (queued, duplicate, ignored, rejected, unavailable)",
      labelNames: ["channel", "event", "outcome"] as const,
      registers: [registry],
    }),
);

export const jobsProcessed = once(
  "hotline_jobs_total",
  () =>
    new client.Counter({
      name: "hotline_jobs_total",
      help: "Queue jobs finished by queue and outcome",
      labelNames: ["queue", "outcome"] as const,
      registers: [registry],
    }),
);

export const oneTimeCodeAttempts = once(
  "hotline_one_time_code_attempts_total",
  () =>
    new client.Counter({
      name: "hotline_one_time_code_attempts_total",
      help: "One-time codes typed in chat (#dangky) by purpose and outcome (accepted, refused, locked_out: over the failed-attempt budget)",
      labelNames: ["purpose", "outcome"] as const,
      registers: [registry],
    }),
);

/**
 * The OA fleet's figures (src/fleet), read from Redis when Prometheus scrapes, so that every
 * process's events and sends count (workers serve no /metrics) and a restart loses nothing.
 * Labelled by commune: the deployment's communes only, and "unknown" for events of an OA no
 * commune declares; failures also by code: Zalo's error table's codes, and "other".
 */
export interface FleetSnapshot {
  communes: {
    commune: string;
    events: number;
    sent: number;
    failures: { code: string; count: number }[];
    secondsToExpiry: number | null;
    refreshFailures: number;
    quotaRemaining: number | null;
  }[];
  unknownEvents: number;
}

let fleetSource: (() => Promise<FleetSnapshot>) | null = null;
let fleetRead: { at: number; snapshot: Promise<FleetSnapshot | null> } | null = null;

/**
 * Where the fleet's figures come from (the web role's wiring); returns the undo, which leaves a
 * source installed since alone (tests run several hotlines in one process).
 */
export function setFleetSource(source: () => Promise<FleetSnapshot>): () => void {
  fleetSource = source;
  fleetRead = null;
  return () => {
    if (fleetSource !== source) return;
    fleetSource = null;
    fleetRead = null;
  };
}

/** One read of Redis per scrape, shared by the six metrics (each collects on its own). */
function fleetSnapshot(): Promise<FleetSnapshot | null> {
  const source = fleetSource;
  if (!source) return Promise.resolve(null);
  if (fleetRead && Date.now() - fleetRead.at < 1000) return fleetRead.snapshot;
  const snapshot = source().catch((err: unknown) => {
    // The other metrics still answer; these are left out of this scrape.
    fleetRead = null;
    logger.warn("OA fleet metrics unavailable", { err: err instanceof Error ? err.message : String(err) });
    return null;
  });
  fleetRead = { at: Date.now(), snapshot };
  return snapshot;
}

function fleetCounter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  fill: (s: FleetSnapshot, inc: (labels: Record<L, string>, n: number) => void) => void,
) {
  return once(
    name,
    () =>
      new client.Counter({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const s = await fleetSnapshot();
          this.reset();
          if (s) fill(s, (labels, n) => this.inc(labels as Partial<Record<L, string | number>>, n));
        },
      }),
  );
}

function fleetGauge(name: string, help: string, value: (c: FleetSnapshot["communes"][number]) => number | null) {
  return once(
    name,
    () =>
      new client.Gauge({
        name,
        help,
        labelNames: ["commune"] as const,
        registers: [registry],
        async collect() {
          const s = await fleetSnapshot();
          this.reset();
          for (const c of s?.communes ?? []) {
            const v = value(c);
            if (v !== null) this.set({ commune: c.commune }, v);
          }
        },
      }),
  );
}

export const oaEventsReceived = fleetCounter(
  "hotline_oa_events_received_total",
  'Webhook events received per commune\'s OA ("unknown": an OA no commune declares)',
  ["commune"],
  (s, inc) => {
    for (const c of s.communes) inc({ commune: c.commune }, c.events);
    inc({ commune: "unknown" }, s.unknownEvents);
  },
);

export const oaMessagesSent = fleetCounter(
  "hotline_oa_messages_sent_total",
  "Messages each commune's OA sent (accepted by Zalo)",
  ["commune"],
  (s, inc) => {
    for (const c of s.communes) inc({ commune: c.commune }, c.sent);
  },
);

export const oaSendFailures = fleetCounter(
  "hotline_oa_send_failures_total",
  "Failed sends per commune's OA by Zalo error code (the error table's codes, else \"other\")",
  ["commune", "code"],
  (s, inc) => {
    for (const c of s.communes) for (const f of c.failures) inc({ commune: c.commune, code: f.code }, f.count);
  },
);

export const oaTokenRefreshFailures = fleetCounter(
  "hotline_oa_token_refresh_failures_total",
  "Failed refreshes of each commune's OA token",
  ["commune"],
  (s, inc) => {
    for (const c of s.communes) inc({ commune: c.commune }, c.refreshFailures);
  },
);

export const oaTokenExpiry = fleetGauge(
  "hotline_oa_token_expiry_seconds",
  "Seconds until each commune's OA access token expires (negative: expired; absent: unknown, a pair seeded from the configuration)",
  (c) => c.secondsToExpiry,
);

export const oaQuotaRemaining = fleetGauge(
  "hotline_oa_quota_remaining",
  "Consultation messages left in each commune's OA quota (Zalo's /v2.0/oa/quota/message, checked every 10 minutes)",
  (c) => c.quotaRemaining,
);
