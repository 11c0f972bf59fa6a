import { networkInterfaces } from "node:os";
import { expect } from "chai";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { parseConfig } from "../src/config.js";
import { chooseEnvFile, isLoopbackUrl, SANDBOX_SECRETS, sandboxProblems } from "../src/sandbox.js";
import { createTestSchema, type TestSchema } from "./support/db.js";
import { testEnv } from "./support/env.js";
import { REPO, runBuilt, type Started, waitForOutput } from "./support/process.js";
import { dropPrefix, uniquePrefix } from "./support/redis.js";

const EXAMPLE = path.join(REPO, ".env.example");

/** Working directories like a fresh clone's: `.env.example`, no `.env` (removed by removeClones). */
const clones: string[] = [];
function freshClone(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-clone-"));
  clones.push(dir);
  copyFileSync(EXAMPLE, path.join(dir, ".env.example"));
  return dir;
}
function removeClones(): void {
  for (const dir of clones.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The configuration error lines of a process that exited. */
function problemLines(run: Started): string[] {
  return run
    .output()
    .split("\n")
    .filter((l) => /^\s+[A-Z_]+: /.test(l))
    .map((l) => l.trim());
}

describe("the sandbox values of .env.example", () => {
  it("are the ones the hotline refuses outside the sandbox", () => {
    const example = parseEnv(readFileSync(EXAMPLE, "utf8"));
    for (const [name, value] of Object.entries(SANDBOX_SECRETS)) expect(example[name], name).to.equal(value);
    expect(example.ADMIN_TOKEN).to.have.length.of.at.least(32);
    expect(isLoopbackUrl(example.ZALO_API_BASE_URL ?? "")).to.equal(true);
    expect(isLoopbackUrl(example.ZALO_OAUTH_BASE_URL ?? "")).to.equal(true);
    expect(isLoopbackUrl(example.ZALO_ZNS_BASE_URL ?? "")).to.equal(true);
  });

  describe("let a report's photo come from the fake Zalo", () => {
    const example = () => parseEnv(readFileSync(EXAMPLE, "utf8")) as Record<string, string>;
    it("when PHOTO_URL_HOSTS is unset: Zalo's CDNs and the host `npm run chat` serves its picture on", () => {
      expect(parseConfig(example()).PHOTO_URL_HOSTS).to.deep.equal(["*.zdn.vn", "*.zadn.vn", "127.0.0.1"]);
      expect(parseConfig({ ...example(), ZALO_API_BASE_URL: "http://localhost:3100" }).PHOTO_URL_HOSTS).to.include("localhost");
    });
    it("never over hosts the environment names", () => {
      expect(parseConfig({ ...example(), PHOTO_URL_HOSTS: "*.zdn.vn" }).PHOTO_URL_HOSTS).to.deep.equal(["*.zdn.vn"]);
    });
    it("never for a real app, even on loopback", () => {
      const real = {
        ...example(),
        ...Object.fromEntries(Object.keys(SANDBOX_SECRETS).map((n) => [n, `real-${n.toLowerCase()}-0123456789abcdef`])),
      };
      expect(parseConfig(real).PHOTO_URL_HOSTS).to.deep.equal(["*.zdn.vn", "*.zadn.vn"]);
    });
  });

  it("count only this machine as loopback", () => {
    for (const url of ["http://127.0.0.1:3100", "http://127.8.0.1", "http://localhost:3100", "http://[::1]:3100", "http://x.localhost"]) {
      expect(isLoopbackUrl(url), url).to.equal(true);
    }
    for (const url of [
      "https://openapi.zalo.me",
      "http://10.0.0.1",
      "http://127.0.0.1.nip.io",
      "http://0.0.0.0",
      "http://[::ffff:7f00:1]",
      "not a url",
    ]) {
      expect(isLoopbackUrl(url), url).to.equal(false);
    }
  });

  describe("fill in the environment", () => {
    const files =
      (...present: string[]) =>
      (f: string) =>
        present.includes(f);
    it("never when a .env is there", () => {
      expect(chooseEnvFile({}, files(".env", ".env.example"))).to.equal(".env");
    });
    it("as a whole on a fresh clone with nothing configured", () => {
      expect(chooseEnvFile({ PORT: "3001", LOG_LEVEL: "debug" }, files(".env.example"))).to.equal(".env.example");
    });
    it("never with NODE_ENV=production", () => {
      expect(chooseEnvFile({ NODE_ENV: "production" }, files(".env.example"))).to.equal(null);
    });
    for (const name of ["ZALO_APP_ID", ...Object.keys(SANDBOX_SECRETS)]) {
      it(`never around a ${name} set in the environment`, () => {
        expect(chooseEnvFile({ [name]: "real-value" }, files(".env.example"))).to.equal(null);
      });
    }
  });
});

/**
 * Start-up refusals, each rule in a process of its own (started together: each only parses its
 * configuration and exits).
 */
describe("start-up refuses the sandbox outside the sandbox", function () {
  this.timeout(60000);
  const real = {
    ZALO_APP_SECRET: "real-app-secret-from-the-console",
    ZALO_OA_SECRET_KEY: "real-oa-secret-key-from-the-console",
    ZALO_ACCESS_TOKEN: "real-access-token",
    ZALO_REFRESH_TOKEN: "real-refresh-token",
    ADMIN_TOKEN: "a-real-admin-token-of-at-least-32-chars",
    ZALO_API_BASE_URL: "https://openapi.zalo.me",
    ZALO_OAUTH_BASE_URL: "https://oauth.zaloapp.com",
    METRICS_TOKEN: "a-real-metrics-token-0123456789",
  };
  const runs: Record<string, Started> = {};
  before(() => {
    const start = (name: string, env: Record<string, string>, cwd?: string) => {
      runs[name] = runBuilt("src/main.ts", env, cwd ? { cwd } : {});
    };
    start("production with sandbox secrets", testEnv({ NODE_ENV: "production", METRICS_TOKEN: real.METRICS_TOKEN, ...SANDBOX_SECRETS }));
    start(
      "a sandbox secret off loopback",
      testEnv({
        NODE_ENV: "development",
        ZALO_OA_SECRET_KEY: SANDBOX_SECRETS.ZALO_OA_SECRET_KEY,
        ZALO_API_BASE_URL: "https://openapi.zalo.me",
      }),
    );
    start("production on a fresh clone", { NODE_ENV: "production" }, freshClone());
    start("a real secret on a fresh clone", { ZALO_APP_SECRET: real.ZALO_APP_SECRET }, freshClone());
    start("the sandbox pointed at real Zalo", { ZALO_API_BASE_URL: real.ZALO_API_BASE_URL }, freshClone());
    start("production without a commune", testEnv({ NODE_ENV: "production", ...real, COMMUNE_CONFIG: "" }));
    start("production without a metrics token", testEnv({ NODE_ENV: "production", ...real, METRICS_TOKEN: undefined }));
    start("production without a data key", testEnv({ NODE_ENV: "production", ...real, DATA_ENCRYPTION_KEY: undefined }));
    start("a short admin token", testEnv({ ADMIN_TOKEN: "0123456789abcdef0123456789abcde" }));
  });
  after(async () => {
    const running = Object.values(runs).filter((run) => run.child.exitCode === null);
    for (const run of running) run.child.kill("SIGKILL");
    await Promise.all(running.map((run) => run.exited));
    removeClones();
  });

  /** Wait for `name` to exit 1 without a stack trace; its problem lines. */
  async function refused(name: string): Promise<string[]> {
    const run = runs[name]!;
    expect(await run.exited, run.output()).to.equal(1);
    expect(run.output()).to.match(/^Configuration error:$/m);
    expect(run.output()).not.to.match(/\n\s+at /);
    return problemLines(run);
  }

  it("with NODE_ENV=production, naming each sandbox value in use", async () => {
    const lines = await refused("production with sandbox secrets");
    expect(lines.map((l) => l.split(":")[0]).sort()).to.deep.equal(Object.keys(SANDBOX_SECRETS).sort());
    for (const l of lines) expect(l).to.match(/is the public sandbox value of \.env\.example, refused with NODE_ENV=production/);
  });

  it("when a sandbox secret is used while a Zalo URL leaves the machine", async () => {
    expect(await refused("a sandbox secret off loopback")).to.deep.equal([
      "ZALO_OA_SECRET_KEY: is the public sandbox value of .env.example, which serves only a Zalo on loopback, but ZALO_API_BASE_URL points off this machine; set the real one",
    ]);
  });

  it("never fills a production environment from the example", async () => {
    const lines = await refused("production on a fresh clone");
    expect(lines).to.include.members(["ZALO_APP_ID: is required", "ZALO_OA_SECRET_KEY: is required", "ADMIN_TOKEN: is required"]);
  });

  it("never fills the secrets around a real one from the example", async () => {
    const lines = await refused("a real secret on a fresh clone");
    expect(lines).to.include.members(["ZALO_APP_ID: is required", "ZALO_OA_SECRET_KEY: is required", "ADMIN_TOKEN: is required"]);
    expect(lines.join("\n")).not.to.match(/ZALO_APP_SECRET/);
  });

  it("when the sandbox of a fresh clone is pointed at real Zalo", async () => {
    const lines = await refused("the sandbox pointed at real Zalo");
    expect(lines.map((l) => l.split(":")[0]).sort()).to.deep.equal(Object.keys(SANDBOX_SECRETS).sort());
    for (const l of lines) expect(l).to.match(/ZALO_API_BASE_URL points off this machine/);
  });

  it("with NODE_ENV=production and no COMMUNE_CONFIG (not the example commune)", async () => {
    expect(await refused("production without a commune")).to.deep.equal([
      "COMMUNE_CONFIG: is required with NODE_ENV=production (the example commune's sample officers would get real case notices)",
    ]);
  });

  it("with NODE_ENV=production and no METRICS_TOKEN (/metrics would be open)", async () => {
    expect(await refused("production without a metrics token")).to.deep.equal([
      "METRICS_TOKEN: is required with NODE_ENV=production (/metrics would be open to anyone who reaches the port)",
    ]);
  });

  it("with NODE_ENV=production and no DATA_ENCRYPTION_KEY (contacts would be sealed under the public development key)", async () => {
    expect(await refused("production without a data key")).to.deep.equal([
      "DATA_ENCRYPTION_KEY: is required with NODE_ENV=production (reporters' contacts are encrypted under it)",
    ]);
  });

  it("with an ADMIN_TOKEN shorter than 32 characters", async () => {
    expect(await refused("a short admin token")).to.deep.equal(["ADMIN_TOKEN: must be at least 32 characters"]);
  });
});

describe("a fresh clone with nothing configured", function () {
  // A whole hotline starts in a child process: slow when the machine is busy.
  this.timeout(180_000);
  const prefix = uniquePrefix("sandbox");
  let schema: TestSchema;
  let run: Started | undefined;
  before(async () => {
    schema = await createTestSchema();
  });
  after(async () => {
    if (run?.child.exitCode === null) {
      run.child.kill("SIGKILL");
      await run.exited;
    }
    removeClones();
    await schema?.drop();
    await dropPrefix(prefix);
  });

  it("runs the sandbox of .env.example, says so loudly, and its admin token works", async () => {
    run = runBuilt("src/main.ts", { PORT: "0", REDIS_PREFIX: prefix, DATABASE_URL: schema.url }, { cwd: freshClone() });
    const out = await waitForOutput(run, (o) => /hotline listening/.test(o), 150_000);
    expect(out).to.match(
      /warn.*SANDBOX: no \.env and no Zalo app in the environment, so this hotline runs on the public values of \.env\.example/,
    );
    const port = Number(/"port":(\d+)/.exec(out)?.[1]);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
      headers: { authorization: `Bearer ${SANDBOX_SECRETS.ADMIN_TOKEN}` },
    });
    expect(res.status).to.equal(200);
    // Its admin token is public: it listens on loopback only, not on every interface.
    expect(out).to.match(/hotline listening.*"host":"127\.0\.0\.1"/);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (outside) {
      const reached = await fetch(`http://${outside}:${port}/healthz`).then(
        () => true,
        () => false,
      );
      expect(reached, `reached on ${outside}`).to.equal(false);
    }
    run.child.kill("SIGTERM");
    expect(await run.exited).to.equal(0);
  });
});

describe("the sandbox guard and ZNS (issue 24)", () => {
  const loopback = { ZALO_API_BASE_URL: "http://127.0.0.1:3100", ZALO_OAUTH_BASE_URL: "http://127.0.0.1:3100", NODE_ENV: "development" };
  it("refuses a sandbox secret while ZALO_ZNS_BASE_URL leaves the machine, as it does the other Zalo URLs", () => {
    const problems = sandboxProblems({
      ...loopback,
      ZALO_ZNS_BASE_URL: "https://business.openapi.zalo.me",
      ZALO_OA_SECRET_KEY: SANDBOX_SECRETS.ZALO_OA_SECRET_KEY,
    });
    expect(problems).to.deep.equal([
      "ZALO_OA_SECRET_KEY: is the public sandbox value of .env.example, which serves only a Zalo on loopback, but ZALO_ZNS_BASE_URL points off this machine; set the real one",
    ]);
  });
  it("lets the sandbox send ZNS to the fake on loopback", () => {
    expect(
      sandboxProblems({ ...loopback, ZALO_ZNS_BASE_URL: "http://127.0.0.1:3100", ZALO_OA_SECRET_KEY: SANDBOX_SECRETS.ZALO_OA_SECRET_KEY }),
    ).to.deep.equal([]);
  });
  it("defaults to Zalo's ZNS host", () => {
    expect(parseConfig(testEnv({ ZALO_ZNS_BASE_URL: undefined })).ZALO_ZNS_BASE_URL).to.equal("https://business.openapi.zalo.me");
  });
});
