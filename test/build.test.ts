import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { testEnv } from "./support/env.js";
import { REPO, runBuilt, waitForOutput } from "./support/process.js";
import { dropPrefix, uniquePrefix } from "./support/redis.js";

// `npm start` runs the build, not the TypeScript: what is compiled and copied must be enough.
describe("the built service", () => {
  const prefix = uniquePrefix("built");
  after(() => dropPrefix(prefix));

  it("builds when stale, starts from dist/ with its migrations and commune, is ready, and stops on SIGTERM", async function () {
    this.timeout(120_000);
    await promisify(execFile)(process.execPath, [path.join(REPO, "scripts/build.mjs"), "--if-stale"], { cwd: REPO });
    const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-built-"));
    const run = runBuilt(
      "src/main.ts",
      testEnv({ PORT: "0", DATA_DIR: dataDir, REDIS_PREFIX: prefix, LOG_LEVEL: "info", NODE_ENV: "production" }),
    );
    const out = await waitForOutput(run, (o) => /"message":"hotline listening"/.test(o), 60_000);
    const port = Number(/"port":(\d+)/.exec(out)?.[1]);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status, run.output()).to.equal(200);
    run.child.kill("SIGTERM");
    expect(await run.exited, run.output()).to.equal(0);
  });
});
