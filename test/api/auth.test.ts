import { expect } from "chai";
import { createOfficer } from "../../src/officers/registry.js";
import { type ApiServer, startApi } from "./support.js";

const CODE = "000.00.21.H26-251126-0001";

describe("api/auth (postgres)", function () {
  this.timeout(20_000);
  let api: ApiServer;
  let officerToken: string;
  let adminOfficerToken: string;
  before(async () => {
    api = await startApi("postgres");
    officerToken = (await createOfficer(api.db, { id: "auth-officer", name: "Cán bộ thử", teamId: "trat-tu-bac" })).token;
    adminOfficerToken = (await createOfficer(api.db, { id: "auth-admin", name: "Quản trị thử", role: "admin" })).token;
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
    const put = await api.call("PUT", `/api/v1/dossiers/${CODE}`, { token: officerToken, json: { procedure: "x", channel: "online", status: 1, received_at: "26/11/2025" } });
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
});
