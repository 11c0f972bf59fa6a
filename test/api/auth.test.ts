import { expect } from "chai";
import { createOfficer } from "../../src/officers/create-officer.js";
import { captureLogs } from "../support/logs.js";
import { ADMIN_TOKEN, type ApiServer, startApi } from "./support.js";

const CODE = "000.00.21.H26-251126-0001";

describe("api/auth (postgres)", function () {
  this.timeout(20_000);
  let api: ApiServer;
  let officerToken: string;
  let adminOfficerToken: string;
  before(async () => {
    api = await startApi("postgres");
    officerToken = (await createOfficer(api.db, "kieu-phu", { id: "auth-officer", name: "Cán bộ thử", teamId: "trat-tu-bac" })).token;
    adminOfficerToken = (await createOfficer(api.db, "kieu-phu", { id: "auth-admin", name: "Quản trị thử", role: "commune_admin" })).token;
  });
  after(async () => {
    await api?.close();
  });

  it("401 without a token, with a Bearer challenge", async () => {
    const r = await api.call("GET", `/api/v1/dossiers/${CODE}`, { token: null });
    expect(r.status).to.equal(401);
    expect(r.json.error).to.include({ code: "unauthorized" });
    expect(r.headers.get("www-authenticate")).to.match(/^Bearer /);
  });

  it("401 for a malformed header and for an unknown token", async () => {
    const basic = await api.call("GET", `/api/v1/dossiers/${CODE}`, { token: null, headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect(basic.status).to.equal(401);
    expect(basic.headers.get("www-authenticate")).to.contain('error="invalid_request"');
    const empty = await api.call("GET", `/api/v1/dossiers/${CODE}`, { token: null, headers: { authorization: "Bearer " } });
    expect(empty.status).to.equal(401);
    const unknown = await api.call("GET", `/api/v1/dossiers/${CODE}`, { token: "hl_not-a-real-token" });
    expect(unknown.status).to.equal(401);
    expect(unknown.json.error).to.include({ code: "unauthorized" });
    expect(unknown.headers.get("www-authenticate")).to.contain('error="invalid_token"');
    // A prefix of the admin token is not the admin token.
    const prefix = await api.call("GET", "/api/v1/officers", { token: "test-admin-token" });
    expect(prefix.status).to.equal(401);
  });

  it("the admin token and an officer token both authenticate", async () => {
    expect((await api.call("GET", `/api/v1/dossiers/${CODE}`)).status).to.equal(404);
    expect((await api.call("GET", `/api/v1/dossiers/${CODE}`, { token: officerToken })).status).to.equal(404);
  });

  it("403 for an officer importing, writing a dossier, creating or listing officers", async () => {
    const imp = await api.call("POST", "/api/v1/dossiers/import", {
      token: officerToken,
      headers: { "content-type": "text/csv" },
      body: "code,procedure,channel,status,received_at,due_at,finished_at\n",
    });
    expect(imp.status).to.equal(403);
    expect(imp.json.error).to.include({ code: "forbidden" });
    const put = await api.call("PUT", `/api/v1/dossiers/${CODE}`, {
      token: officerToken,
      json: { procedure: "x", channel: "online", status: 1, received_at: "26/11/2025" },
    });
    expect(put.status).to.equal(403);
    expect((await api.call("POST", "/api/v1/officers", { token: officerToken, json: { name: "X" } })).status).to.equal(403);
    expect((await api.call("GET", "/api/v1/officers", { token: officerToken })).status).to.equal(403);
    expect(await api.db.query("SELECT 1 FROM dossiers")).to.have.length(0);
  });

  it("an officer of role admin has the admin's rights", async () => {
    expect((await api.call("GET", "/api/v1/officers", { token: adminOfficerToken })).status).to.equal(200);
  });

  it("unknown /api/v1 paths: 401 without a token, JSON 404 with one", async () => {
    expect((await api.call("GET", "/api/v1/nothing-here", { token: null })).status).to.equal(401);
    const r = await api.call("GET", "/api/v1/nothing-here");
    expect(r.status).to.equal(404);
    expect(r.json.error).to.include({ code: "not_found" });
    expect((await api.call("DELETE", `/api/v1/dossiers/${CODE}`)).status).to.equal(404);
  });

  it("answers no-store: nothing of the API may be kept by a cache", async () => {
    expect((await api.call("GET", `/api/v1/dossiers/${CODE}`)).headers.get("cache-control")).to.equal("no-store");
    expect((await api.call("GET", "/api/v1/cases")).headers.get("cache-control")).to.equal("no-store");
    expect((await api.call("GET", "/api/v1/cases", { token: null })).headers.get("cache-control")).to.equal("no-store");
  });
});

describe("api/auth: failed authentications (postgres)", function () {
  this.timeout(20_000);
  let api: ApiServer;
  let officerToken: string;
  let now = new Date("2026-11-30T08:00:00Z");
  before(async () => {
    api = await startApi("postgres", { clock: () => now });
    officerToken = (await createOfficer(api.db, "kieu-phu", { id: "limit-officer", name: "Cán bộ thử", teamId: "trat-tu-bac" })).token;
  });
  after(async () => {
    await api?.close();
  });
  // The API trusts X-Forwarded-For from loopback (a proxy on the same machine): each test is
  // a client address of its own.
  const from = (address: string, token: string | null) => ({ token, headers: { "x-forwarded-for": address } });
  const wrong = "hl_a-wrong-token-0123456789";

  it("logs each failure with the address, never the token", async () => {
    const { result: r, lines } = await captureLogs(() => api.call("GET", "/api/v1/cases", from("198.51.100.1", wrong)));
    expect(r.status).to.equal(401);
    const failed = lines.filter((l) => l.message === "api authentication failed");
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ address: "198.51.100.1", error: "invalid_token", path: "/api/v1/cases" });
    expect(JSON.stringify(lines)).not.to.include(wrong);
  });

  it("past 10 failures a minute from one address answers 429 with Retry-After; valid tokens still pass", async () => {
    const address = "198.51.100.2";
    const { result: statuses, lines } = await captureLogs(async () => {
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) seen.push((await api.call("GET", "/api/v1/cases", from(address, wrong))).status);
      return seen;
    });
    expect(statuses).to.deep.equal(Array(10).fill(401));
    expect(lines.filter((l) => l.message === "api authentication failed")).to.have.length(10);

    now = new Date(now.getTime() + 15_000);
    const { result: limited, lines: after } = await captureLogs(async () => {
      const first = await api.call("GET", "/api/v1/cases", from(address, wrong));
      // A malformed header counts as a failure too.
      const second = await api.call("GET", "/api/v1/cases", {
        token: null,
        headers: { "x-forwarded-for": address, authorization: "Bearer" },
      });
      return [first, second];
    });
    for (const r of limited) {
      expect(r.status).to.equal(429);
      expect(r.json.error).to.include({ code: "too_many_requests" });
      expect(r.headers.get("retry-after")).to.equal("45");
    }
    // One line when the limit is crossed, none per refused guess.
    expect(after.map((l) => l.message)).to.deep.equal(["api authentication failures limited"]);
    expect(JSON.stringify(after)).not.to.include(wrong);

    // Valid tokens from the same address are not held back; other addresses are not limited.
    expect((await api.call("GET", "/api/v1/cases", from(address, ADMIN_TOKEN))).status).to.equal(200);
    expect((await api.call("GET", "/api/v1/cases", from(address, officerToken))).status).to.equal(200);
    expect((await api.call("GET", "/api/v1/cases", from("198.51.100.3", wrong))).status).to.equal(401);

    // The minute over, a wrong token is a plain 401 again.
    now = new Date(now.getTime() + 45_000);
    expect((await api.call("GET", "/api/v1/cases", from(address, wrong))).status).to.equal(401);
  });
});
