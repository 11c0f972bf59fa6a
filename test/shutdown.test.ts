import { expect } from "chai";
import http from "node:http";
import { createTestSchema, type TestSchema } from "./support/db.js";
import { testEnv } from "./support/env.js";
import { dropPrefix, uniquePrefix } from "./support/redis.js";
import { runBuilt, waitForOutput } from "./support/process.js";

describe("graceful shutdown", () => {
  const prefix = uniquePrefix("shutdown");
  let schema: TestSchema | undefined;
  after(async () => {
    await schema?.drop();
    await dropPrefix(prefix);
  });

  it("lets a slow request finish after SIGTERM, then exits 0 without an unhandled rejection", async function () {
    this.timeout(60000);
    // On PostgreSQL: a fresh embedded database would spend seconds in initdb before the test begins.
    schema = await createTestSchema();
    const run = runBuilt(
      "src/main.ts",
      testEnv({
        PORT: "0",
        DATABASE_URL: schema.url,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: "info",
        NODE_ENV: "production",
        METRICS_TOKEN: "test-metrics-token-0123456789",
      }),
    );
    const out = await waitForOutput(run, (o) => /"message":"hotline listening"/.test(o));
    const port = Number(/"port":(\d+)/.exec(out)?.[1]);

    // A client that sends its body slowly: the request is in flight when SIGTERM arrives.
    const body = JSON.stringify({ note: "x".repeat(3000) });
    const chunks = body.match(/.{1,500}/gs) ?? [];
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          method: "POST",
          path: "/webhooks/zalo",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      (async () => {
        req.flushHeaders();
        await new Promise((r) => req.once("socket", (s) => s.once("connect", r)));
        for (const [i, c] of chunks.entries()) {
          req.write(c);
          await new Promise((r) => setTimeout(r, 250));
          if (i === 0) run.child.kill("SIGTERM");
        }
        req.end();
      })().catch(reject);
    });

    const res = await response;
    // The request was answered in full (unsigned, so a JSON 401 — not a reset connection).
    expect(res.status).to.equal(401);
    expect(JSON.parse(res.text)).to.have.nested.property("error.code", "invalid_signature");
    const code = await run.exited;
    expect(code, run.output()).to.equal(0);
    expect(run.output()).to.match(/"message":"stopped"/);
    expect(run.output()).not.to.match(/unhandled/i);
  });
});
