import { expect } from "chai";
import { ConfigError, parseConfig } from "../src/config.js";
import { testEnv } from "./support/env.js";
import { runBuilt } from "./support/process.js";

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration", () => {
  it("accepts a complete environment and fills the defaults", () => {
    const c = parseConfig(testEnv({ PORT: undefined, ROLE: undefined, REDIS_PREFIX: undefined }));
    expect(c.PORT).to.equal(3000);
    expect(c.ROLE).to.equal("all");
    expect(c.REDIS_PREFIX).to.equal("hotline");
    expect(c.DATABASE_URL).to.equal(undefined);
    expect(c.ZALO_API_BASE_URL).to.equal("http://127.0.0.1:9");
  });

  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ["a missing secret", { ZALO_OA_SECRET_KEY: undefined }, /^ZALO_OA_SECRET_KEY: is required$/],
    ["an empty secret", { ZALO_APP_SECRET: "" }, /^ZALO_APP_SECRET: is required$/],
    ["a port that is not a number", { PORT: "http" }, /^PORT: must be a port number/],
    ["a port out of range", { PORT: "70000" }, /^PORT: must be a port number/],
    ["an unknown role", { ROLE: "boss" }, /^ROLE: .*"all"\|"web"\|"worker"/],
    ["a Redis URL with the wrong scheme", { REDIS_URL: "http://127.0.0.1:6379" }, /^REDIS_URL: must be a URL starting with redis:\/\//],
    ["a database URL that is not PostgreSQL", { DATABASE_URL: "mysql://x" }, /^DATABASE_URL: must be a URL/],
    ["a short admin token", { ADMIN_TOKEN: "abc" }, /^ADMIN_TOKEN: must be at least 32 characters$/],
    ["a short metrics token", { METRICS_TOKEN: "abc" }, /^METRICS_TOKEN: must be at least 16 characters$/],
    [
      "a metrics token no Bearer header can carry",
      { METRICS_TOKEN: "metrics token with spaces" },
      /^METRICS_TOKEN: may hold only letters, digits/,
    ],
    [
      "an admin token no Bearer header can carry",
      { ADMIN_TOKEN: "admin-token-0123456789-abcdefghij#%" },
      /^ADMIN_TOKEN: may hold only letters, digits/,
    ],
    ["an unknown log level", { LOG_LEVEL: "loud" }, /^LOG_LEVEL: /],
    [
      "a photo host list with a bare wildcard",
      { PHOTO_URL_HOSTS: "*.zdn.vn, *" },
      /^PHOTO_URL_HOSTS: must be hosts or \*\.domain patterns/,
    ],
    ["a bad key prefix", { REDIS_PREFIX: "a b{c}" }, /^REDIS_PREFIX: /],
    [
      "a cluster node without a port",
      { REDIS_CLUSTER_NODES: "10.0.0.1:7000,10.0.0.2" },
      /^REDIS_CLUSTER_NODES: must be host:port.*10\.0\.0\.2/,
    ],
    ["separate roles on the embedded database", { ROLE: "worker", DATABASE_URL: undefined }, /^ROLE: "worker" needs DATABASE_URL/],
  ];
  for (const [what, overrides, expected] of cases) {
    it(`names the variable for ${what}`, () => {
      const problems = problemsOf(testEnv(overrides));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(expected);
    });
  }

  it("reads REDIS_CLUSTER_NODES as the seed nodes of a cluster, and leaves it unset by default", () => {
    expect(parseConfig(testEnv()).REDIS_CLUSTER_NODES).to.equal(undefined);
    const c = parseConfig(testEnv({ REDIS_CLUSTER_NODES: "10.0.0.1:7000, redis-b.local:7001,[::1]:7002" }));
    expect(c.REDIS_CLUSTER_NODES).to.deep.equal([
      { host: "10.0.0.1", port: 7000 },
      { host: "redis-b.local", port: 7001 },
      { host: "::1", port: 7002 },
    ]);
  });

  it("paces: a commune's events 20 a second and no app-wide send limit by default; 0 turns a pace off; negative refused", () => {
    const c = parseConfig(testEnv());
    expect([c.COMMUNE_EVENTS_PER_SECOND, c.ZALO_SEND_RATE_PER_MINUTE, c.ZALO_APP_SEND_RATE_PER_MINUTE]).to.deep.equal([20, 2000, 0]);
    const set = parseConfig(testEnv({ COMMUNE_EVENTS_PER_SECOND: "0", ZALO_APP_SEND_RATE_PER_MINUTE: "4000" }));
    expect([set.COMMUNE_EVENTS_PER_SECOND, set.ZALO_APP_SEND_RATE_PER_MINUTE]).to.deep.equal([0, 4000]);
    expect(problemsOf(testEnv({ COMMUNE_EVENTS_PER_SECOND: "-1" }))[0]).to.match(/^COMMUNE_EVENTS_PER_SECOND/);
    expect(problemsOf(testEnv({ ZALO_APP_SEND_RATE_PER_MINUTE: "-5" }))[0]).to.match(/^ZALO_APP_SEND_RATE_PER_MINUTE/);
  });

  it("reports every problem at once, one line each", () => {
    const problems = problemsOf(testEnv({ PORT: "x", ZALO_APP_ID: undefined, ROLE: "boss" }));
    expect(problems.map((p) => p.split(":")[0]).sort()).to.deep.equal(["PORT", "ROLE", "ZALO_APP_ID"]);
  });

  it("exits 1 at start with one line per problem and no stack trace", async function () {
    this.timeout(30000);
    const run = runBuilt("src/main.ts", testEnv({ PORT: "abc", ZALO_ACCESS_TOKEN: undefined }));
    const code = await run.exited;
    expect(code).to.equal(1);
    const out = run.output();
    expect(out).to.match(/^\s+PORT: must be a port number/m);
    expect(out).to.match(/^\s+ZALO_ACCESS_TOKEN: is required \(or ZALO_OA_TOKENS_FILE with each OA's pair\)$/m);
    expect(out).not.to.match(/\n\s+at /);
  });
});
