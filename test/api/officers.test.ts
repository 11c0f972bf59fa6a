import { expect } from "chai";
import { createOfficer } from "../../src/officers/create-officer.js";
import { type ApiServer, startApi } from "./support.js";

describe("api/officers (postgres)", function () {
  this.timeout(20_000);
  let api: ApiServer;
  before(async () => {
    api = await startApi("postgres");
  });
  after(async () => {
    await api?.close();
  });

  it("admin creates an officer and gets a token that works once shown", async () => {
    const r = await api.call("POST", "/api/v1/officers", { json: { id: "ngo-van-tu", name: "Ngô Văn Tú", teamId: "trat-tu-bac" } });
    expect(r.status).to.equal(201);
    expect(r.json.officer).to.deep.include({
      id: "ngo-van-tu",
      name: "Ngô Văn Tú",
      role: "officer",
      teamId: "trat-tu-bac",
      onDuty: true,
      zaloLinked: false,
    });
    const token = r.json.token as string;
    expect(token).to.match(/^hl_/);
    const cases = await api.call("GET", "/api/v1/cases", { token });
    expect(cases.status).to.equal(200);
    // Stored hashed, never as given.
    const rows = await api.db.query<{ api_token_hash: string }>("SELECT api_token_hash FROM officers WHERE id = 'ngo-van-tu'");
    expect(rows[0]!.api_token_hash).to.not.equal(token);
    expect(rows[0]!.api_token_hash).to.have.length(64);
  });

  it("400 for a bad body or an unknown team, 409 for a taken id", async () => {
    const bad = await api.call("POST", "/api/v1/officers", { json: { name: "", role: "boss" } });
    expect(bad.status).to.equal(400);
    expect(bad.json.error).to.include({ code: "invalid_body" });
    expect(bad.json.error?.message).to.contain("name").and.contain("role");
    expect((await api.call("POST", "/api/v1/officers", { json: { id: "nguyen-van-hung", name: "Trùng" } })).json.error).to.include({
      code: "conflict",
    });
    const team = await api.call("POST", "/api/v1/officers", { json: { name: "Ai đó", teamId: "khong-co" } });
    expect(team.status).to.equal(400);
    expect(team.json.error).to.deep.equal({
      code: "invalid_body",
      message: 'teamId: no team "khong-co"',
      fields: [{ path: "teamId", message: 'no team "khong-co"' }],
    });
  });

  it("admin and leaders list officers without tokens or hashes; others may not", async () => {
    const { token: leader } = await createOfficer(api.db, "kieu-phu", { name: "Lãnh đạo", role: "leader" });
    const { token: lead } = await createOfficer(api.db, "kieu-phu", { name: "Tổ trưởng", role: "lead", teamId: "dia-chinh" });
    for (const token of [undefined, leader]) {
      const r = await api.call("GET", "/api/v1/officers", { ...(token ? { token } : {}) });
      expect(r.status).to.equal(200);
      const officers = r.json.officers as Record<string, unknown>[];
      expect(officers.map((o) => o.id)).to.include.members(["nguyen-van-hung", "chu-tich", "ngo-van-tu"]);
      expect(officers.find((o) => o.id === "nguyen-van-hung")).to.include({ role: "lead", teamId: "trat-tu-bac", zaloLinked: true });
      const text = JSON.stringify(r.json);
      expect(text).to.not.match(/token|hash|hl_/i);
      expect(text).to.not.contain("5210000000000000001");
    }
    expect((await api.call("GET", "/api/v1/officers", { token: lead })).status).to.equal(403);
    expect((await api.call("POST", "/api/v1/officers", { token: leader, json: { name: "X" } })).status).to.equal(403);
  });
});
