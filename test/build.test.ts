import { expect } from "chai";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createTestSchema, type TestSchema } from "./support/db.js";
import { testEnv } from "./support/env.js";
import { REPO, runBuilt, waitForOutput } from "./support/process.js";
import { dropPrefix, uniquePrefix } from "./support/redis.js";

// `npm start` runs the build, not the TypeScript: what is compiled and copied must be enough.
describe("the built service", () => {
  const prefix = uniquePrefix("built");
  let schema: TestSchema | undefined;
  after(async () => {
    await schema?.drop();
    await dropPrefix(prefix);
  });

  it("builds when stale, starts from dist/ with its migrations and commune, is ready, and stops on SIGTERM", async function () {
    this.timeout(120_000);
    await promisify(execFile)(process.execPath, [path.join(REPO, "scripts/build.mjs"), "--if-stale"], { cwd: REPO });
    // On PostgreSQL (initdb of a fresh embedded database costs seconds); the embedded one runs from
    // dist/ in the import tool's test (test/api/import-cli.test.ts).
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
    const out = await waitForOutput(run, (o) => /"message":"hotline listening"/.test(o), 60_000);
    const port = Number(/"port":(\d+)/.exec(out)?.[1]);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status, run.output()).to.equal(200);
    run.child.kill("SIGTERM");
    expect(await run.exited, run.output()).to.equal(0);
  });
});
