import { expect } from "chai";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { getOfficer, onDutyOfficersOfTeam } from "../../src/officers/officer-queries.js";
import { exampleConfig } from "../commune/fixture.js";
import { type ApiServer, startApi } from "./support.js";

describe("api/officers administration (postgres)", function () {
  this.timeout(30_000);
  let api: ApiServer;
  let bacLead: string; // token of the lead of trat-tu-bac (config officer nguyen-van-hung)
  let namOfficer: string; // token of a plain officer of trat-tu-nam
  before(async () => {
    api = await startApi("postgres");
    bacLead = (await api.call("POST", "/api/v1/officers/nguyen-van-hung/token")).json.token as string;
    namOfficer = (await createOfficer(api.db, "kieu-phu", { id: "nam-officer", name: "Cán bộ Nam", teamId: "trat-tu-nam" })).token;
  });
  after(async () => {
    await api?.close();
  });

  const patch = (id: string, json: unknown, token?: string) =>
    api.call("PATCH", `/api/v1/officers/${id}`, { json, ...(token ? { token } : {}) });

  it("admin rotates the token of an officer listed in the commune config; the old one stops working", async () => {
    const first = await api.call("POST", "/api/v1/officers/tran-thi-lan/token");
    expect(first.status).to.equal(200);
    expect(first.json.officer).to.include({ id: "tran-thi-lan", fromConfig: true, active: true });
    const old = first.json.token as string;
    expect((await api.call("GET", "/api/v1/cases", { token: old })).status).to.equal(200);
    const second = await api.call("POST", "/api/v1/officers/tran-thi-lan/token");
    expect((await api.call("GET", "/api/v1/cases", { token: old })).status).to.equal(401);
    expect((await api.call("GET", "/api/v1/cases", { token: second.json.token as string })).status).to.equal(200);
    expect((await api.call("POST", "/api/v1/officers/khong-co/token")).status).to.equal(404);
    expect((await api.call("POST", "/api/v1/officers/tran-thi-lan/token", { token: bacLead })).status).to.equal(403);
  });

  it("admin changes any field; the answer and GET /officers show it", async () => {
    await createOfficer(api.db, "kieu-phu", { id: "moi-vao", name: "Mới Vào", teamId: "moi-truong" });
    const r = await patch("moi-vao", {
      name: "Mới Vào Làm",
      role: "lead",
      teamId: "dia-chinh",
      zaloUserId: "5210000000000000321",
      onDuty: false,
    });
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    expect(r.json.officer).to.include({
      id: "moi-vao",
      name: "Mới Vào Làm",
      role: "lead",
      teamId: "dia-chinh",
      onDuty: false,
      zaloLinked: true,
      active: true,
    });
    const list = (await api.call("GET", "/api/v1/officers")).json.officers as Record<string, unknown>[];
    expect(list.find((o) => o.id === "moi-vao")).to.include({ name: "Mới Vào Làm", active: true, fromConfig: false });
  });

  it("a bad change is a 400/404/409 naming the problem; nothing changes", async () => {
    const typo = await patch("moi-vao", { on_duty: true });
    expect(typo.status).to.equal(400);
    expect(typo.json.error?.fields).to.deep.equal([{ path: "on_duty", message: 'unknown field (did you mean "onDuty"?)' }]);
    expect((await patch("moi-vao", {})).status).to.equal(400);
    const team = await patch("moi-vao", { teamId: "khong-co" });
    expect(team.status).to.equal(400);
    expect(team.json.error?.fields).to.deep.equal([{ path: "teamId", message: 'no team "khong-co"' }]);
    expect((await patch("moi-vao", { zaloUserId: "…" })).status).to.equal(400);
    const taken = await patch("moi-vao", { zaloUserId: "5210000000000000001" });
    expect(taken.status).to.equal(409);
    expect(taken.json.error).to.include({ code: "conflict" });
    const owned = await patch("nguyen-van-hung", { name: "Tên khác", teamId: "dia-chinh" });
    expect(owned.status).to.equal(409);
    expect(owned.json.error).to.include({ code: "config_owned" });
    expect((await patch("khong-co", { onDuty: false })).status).to.equal(404);
    expect(await getOfficer(api.db, "nguyen-van-hung")).to.include({ name: "Nguyễn Văn Hùng", teamId: "trat-tu-bac" });
    expect(await getOfficer(api.db, "moi-vao")).to.include({ teamId: "dia-chinh", onDuty: false });
  });

  it("a team lead puts their own team's officers on or off duty, and nothing else", async () => {
    const off = await patch("pham-minh-duc", { onDuty: false }, bacLead);
    expect(off.status, JSON.stringify(off.json)).to.equal(200);
    expect(off.json.officer).to.include({ id: "pham-minh-duc", onDuty: false });
    expect(await getOfficer(api.db, "pham-minh-duc")).to.include({ onDuty: false });
    expect((await patch("pham-minh-duc", { onDuty: true }, bacLead)).status).to.equal(200);
    // Another team's officer, or another field: 403.
    expect((await patch("do-thu-trang", { onDuty: false }, bacLead)).status).to.equal(403);
    expect((await patch("pham-minh-duc", { onDuty: false, name: "X" }, bacLead)).status).to.equal(403);
    expect((await patch("pham-minh-duc", { active: false }, bacLead)).status).to.equal(403);
    expect((await api.call("DELETE", "/api/v1/officers/pham-minh-duc", { token: bacLead })).status).to.equal(403);
    // A plain officer: their own duty only.
    expect((await patch("nam-officer", { onDuty: false }, namOfficer)).json.officer).to.include({ onDuty: false });
    expect((await patch("do-thu-trang", { onDuty: false }, namOfficer)).status).to.equal(403);
    expect(await getOfficer(api.db, "do-thu-trang")).to.include({ onDuty: true });
  });

  it("DELETE deactivates: the token is refused at once, no case notices, GET shows it, a restart's sync keeps it", async () => {
    const { token } = await createOfficer(api.db, "kieu-phu", {
      id: "sap-nghi",
      name: "Sắp Nghỉ",
      teamId: "trat-tu-nam",
      zaloUserId: "5210000000000000654",
    });
    expect((await api.call("GET", "/api/v1/cases", { token })).status).to.equal(200);
    expect((await onDutyOfficersOfTeam(api.db, "trat-tu-nam")).map((o) => o.id)).to.include("sap-nghi");
    const del = await api.call("DELETE", "/api/v1/officers/sap-nghi");
    expect(del.status).to.equal(200);
    expect(del.json.officer).to.include({ id: "sap-nghi", active: false });
    const refused = await api.call("GET", "/api/v1/cases", { token });
    expect(refused.status).to.equal(401);
    expect((await onDutyOfficersOfTeam(api.db, "trat-tu-nam")).map((o) => o.id)).to.not.include("sap-nghi");
    const list = (await api.call("GET", "/api/v1/officers")).json.officers as Record<string, unknown>[];
    expect(list.find((o) => o.id === "sap-nghi")).to.include({ active: false });
    // Deactivated: no new token until reactivated; reactivating does not revive the old token.
    expect((await api.call("POST", "/api/v1/officers/sap-nghi/token")).json.error).to.include({ code: "officer_inactive" });
    expect((await patch("sap-nghi", { active: true })).json.officer).to.include({ active: true });
    expect((await api.call("GET", "/api/v1/cases", { token })).status).to.equal(401);
    expect((await api.call("DELETE", "/api/v1/officers/khong-co")).status).to.equal(404);
  });

  it("PATCH {active:false} deactivates a config officer, which stays so after the sync at restart", async () => {
    const { token } = (await api.call("POST", "/api/v1/officers/bui-thi-hoa/token")).json as { token: string };
    expect((await patch("bui-thi-hoa", { active: false })).json.officer).to.include({ active: false, fromConfig: true });
    expect((await api.call("GET", "/api/v1/dossiers/000.00.21.H26-251126-0001", { token })).status).to.equal(401);
    await syncFromCommune(api.db, exampleConfig());
    expect(await getOfficer(api.db, "bui-thi-hoa")).to.include({ active: false });
    expect((await onDutyOfficersOfTeam(api.db, "dia-chinh")).map((o) => o.id)).to.deep.equal(["vu-thanh-son"]);
  });
});
