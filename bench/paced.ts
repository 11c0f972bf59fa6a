import http from "node:http";
import type { EventStream } from "./events.js";
import type { LoadResult } from "./load.js";

/**
 * An open-loop load at a steady rate: one request every 1/rate seconds, each sent on time whether
 * or not earlier ones were answered (so a slow server's queueing shows in the latencies, with no
 * coordinated omission). autocannon's `overallRate` instead sends each connection's quota for the
 * second in one burst at the top of the second, which measures the burst, not the rate.
 */
export async function runPaced(opts: { url: string; events: EventStream; rate: number; durationS: number }): Promise<LoadResult> {
  const url = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let ok2xx = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const inFlight = new Set<Promise<void>>();

  const send = () => {
    const e = opts.events.next();
    const started = process.hrtime.bigint();
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/webhooks/zalo",
          headers: { "content-type": "application/json", "content-length": e.body.length, "x-zevent-signature": e.signature },
          timeout: 5000,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            if (res.statusCode && res.statusCode < 300) ok2xx++;
            else non2xx++;
            resolve();
          });
        },
      );
      req.on("timeout", () => {
        timeouts++;
        req.destroy();
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(e.body);
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };

  const total = Math.round(opts.rate * opts.durationS);
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < total) {
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const due = Math.min(total, Math.floor(elapsedS * opts.rate) + 1);
    while (sent < due) {
      send();
      sent++;
    }
    // A 1 ms timer, not setImmediate: a spinning generator would take the core the server needs.
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  const durationS = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return {
    connections: 0,
    durationS: opts.durationS,
    offeredRate: opts.rate,
    rps: latencies.length / durationS,
    requests: sent,
    ok2xx,
    non2xx,
    errors,
    timeouts,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}
