import client from "prom-client";

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
