import { expect } from "chai";
import type { NewCase } from "../../src/cases/case.js";
import { fileCase } from "../../src/cases/file-case.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { exampleConfig } from "../commune/fixture.js";
import { type ApiServer, startApi } from "./support.js";

/**
 * What the dashboard needs beyond the case routes of before: who the token is (`/me`), the
 * commune's names and map (`/commune`), cases' locations in the list, and the two Zalo actions
 * the API lacked, "Trùng" (`/duplicate`) and "Chuyển tổ" (`/reassign`).
 */

const commune = exampleConfig();
let seq = 0;
const report = (over: Partial<NewCase> = {}): NewCase => ({
  sourceKey: `dash-api-${++seq}-${Math.random()}`,
  category: "xay_dung_khong_phep",
  location: { lat: 21.005 + seq * 0.001, lng: 105.61 }, // Thôn Đồng Bụt → trat-tu-bac
  description: "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép",
  reporter: { channel: "zalo", userId: `52100000000055500${seq}` },
  ...over,
});

describe("api: /me, /commune, duplicate and reassign", function () {
  this.timeout(30_000);
  let api: ApiServer;
  let officer: string;
  let lead: string;
  let leader: string;

  before(async () => {
    api = await startApi("postgres");
    officer = (await createOfficer(api.db, "kieu-phu", { name: "Cán bộ Bắc", teamId: "trat-tu-bac" })).token;
    lead = (await createOfficer(api.db, "kieu-phu", { name: "Tổ trưởng Bắc", role: "lead", teamId: "trat-tu-bac" })).token;
    leader = (await createOfficer(api.db, "kieu-phu", { name: "Phó Chủ tịch", role: "leader" })).token;
  });
  after(async () => {
    await api?.close();
  });

  it("/me says who the token is and exactly its rights", async () => {
    const me = await api.call("GET", "/api/v1/me", { token: officer });
    expect(me.status).to.equal(200);
    expect(me.json).to.deep.include({
      name: "Cán bộ Bắc",
      role: "officer",
      team: { id: "trat-tu-bac", name: "Tổ trật tự xây dựng khu Bắc" },
    });
    expect(me.json.rights).to.have.members(["cases:read", "cases:act", "cases:file", "dossiers:read"]);
    const admin = await api.call("GET", "/api/v1/me");
    expect(admin.json).to.deep.include({ id: "admin", name: null, role: "admin", team: null });
    expect(admin.json.rights).to.include.members(["stats:read", "officers:manage", "dossiers:write"]);
    expect((await api.call("GET", "/api/v1/me", { token: leader })).json.rights)
      .to.include("stats:read")
      .and.not.include("officers:create")
      .and.not.include("cases:file");
    expect((await api.call("GET", "/api/v1/me", { token: null })).status).to.equal(401);
  });

  it("/commune gives the areas as GeoJSON (ids and names only), the categories and the teams", async () => {
    const c = await api.call("GET", "/api/v1/commune", { token: officer });
    expect(c.status).to.equal(200);
    const areas = c.json.areas as { type: string; features: { properties: Record<string, unknown>; geometry: { type: string } }[] };
    expect(areas.type).to.equal("FeatureCollection");
    expect(areas.features.map((f) => f.properties)).to.deep.equal(
      commune.areas.features.map((f) => ({ id: f.properties.id, name: f.properties.name })),
    );
    expect(areas.features[0]!.geometry.type).to.equal("Polygon");
    expect((c.json.categories as { id: string }[]).map((k) => k.id)).to.deep.equal(commune.categories.map((k) => k.id));
    expect(c.json.teams).to.deep.include({ id: "trat-tu-nam", name: "Tổ trật tự xây dựng khu Nam" });
  });

  it("lists cases with their location (the map's markers)", async () => {
    const located = (await fileCase(api.db, commune, report())).case;
    const nowhere = (await fileCase(api.db, commune, report({ location: undefined, address: "Thôn Đồng Bụt" }))).case;
    const list = await api.call("GET", "/api/v1/cases?limit=100");
    const byCode = new Map((list.json.cases as { code: string; location: unknown }[]).map((c) => [c.code, c.location]));
    expect(byCode.get(located.code)).to.deep.equal({ lat: located.lat, lng: located.lng });
    expect(byCode.get(nowhere.code)).to.equal(null);
  });

  it("closes a case as a duplicate: its followers follow the original and are told", async () => {
    const original = (await fileCase(api.db, commune, report())).case;
    const copy = (await fileCase(api.db, commune, report())).case;
    const before = api.transitions.length;
    const r = await api.call("POST", `/api/v1/cases/${copy.code}/duplicate`, { token: officer, json: { of: original.code.toLowerCase() } });
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    expect(r.json.status).to.equal("closed");
    expect((r.json.events as { detail: unknown }[]).at(-1)!.detail).to.deep.include({ duplicateOf: original.code, channel: "api" });
    expect(api.transitions.slice(before)).to.deep.equal([{ code: copy.code, from: "new", to: "closed" }]);
    const followers = await api.db.query<{ user_id: string }>("SELECT user_id FROM case_followers WHERE case_code = $1", [original.code]);
    expect(followers.map((f) => f.user_id)).to.include(copy.reporterUserId!);
    // Refusals: already closed, itself, an unknown original, a bad body.
    const again = await api.call("POST", `/api/v1/cases/${copy.code}/duplicate`, { token: officer, json: { of: original.code } });
    expect(again.status).to.equal(409);
    expect(again.json.error).to.include({ code: "case_not_open" });
    expect((await api.call("POST", `/api/v1/cases/${original.code}/duplicate`, { json: { of: original.code } })).json.error).to.include({
      code: "same_case",
    });
    expect((await api.call("POST", `/api/v1/cases/${original.code}/duplicate`, { json: { of: "PA-200101-7KM3" } })).status).to.equal(404);
    const bad = await api.call("POST", `/api/v1/cases/${original.code}/duplicate`, { json: { original: original.code } });
    expect(bad.status).to.equal(400);
    expect(bad.json.error!.fields!.map((f) => f.path)).to.include("original");
  });

  it("hands a case to another team: the team's lead or the leadership only; the new team is told", async () => {
    const c = (await fileCase(api.db, commune, report())).case;
    const byOfficer = await api.call("POST", `/api/v1/cases/${c.code}/reassign`, { token: officer, json: { teamId: "dia-chinh" } });
    expect(byOfficer.status).to.equal(403);
    expect(byOfficer.json.error!.message).to.contain("lead");
    expect(
      (await api.call("POST", `/api/v1/cases/${c.code}/reassign`, { token: lead, json: { teamId: "no-such-team" } })).json.error,
    ).to.include({ code: "unknown_team" });
    expect(
      (await api.call("POST", `/api/v1/cases/${c.code}/reassign`, { token: lead, json: { teamId: "trat-tu-bac" } })).json.error,
    ).to.include({ code: "same_team" });
    const moved = await api.call("POST", `/api/v1/cases/${c.code}/reassign`, { token: lead, json: { teamId: "dia-chinh" } });
    expect(moved.status, JSON.stringify(moved.json)).to.equal(200);
    expect(moved.json.team).to.deep.equal({ id: "dia-chinh", name: "Bộ phận Địa chính – Xây dựng – Nông nghiệp" });
    expect(api.reassigned).to.deep.include({ code: c.code, teamId: "dia-chinh" });
    // The lead of Bắc no longer sees it; the leadership hands it back.
    expect((await api.call("GET", `/api/v1/cases/${c.code}`, { token: lead })).status).to.equal(403);
    expect(
      (await api.call("POST", `/api/v1/cases/${c.code}/reassign`, { token: leader, json: { teamId: "trat-tu-bac" } })).status,
    ).to.equal(200);
  });
});
