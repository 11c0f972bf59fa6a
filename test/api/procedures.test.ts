import { expect } from "chai";
import type { ProcedureCatalogue } from "../../src/procedures/catalogue.js";
import { loadCatalogue } from "../../src/procedures/repository.js";
import { Harness, textOf } from "../support/harness.js";
import { ADMIN_TOKEN, type ApiServer, startApi } from "./support.js";

const RECYCLING = {
  id: "cap-phep-thu-gom",
  name: "Đăng ký điểm tập kết rác tái chế",
  aliases: ["điểm tập kết rác tái chế", "tập kết ve chai"],
  documents: [{ name: "Đơn đăng ký (mẫu của xã)", form: "original" }],
  fee: "Không mất phí.",
  processingTime: "5 ngày làm việc.",
  source: "Quyết định mẫu của UBND xã (thử nghiệm).",
  sourceDate: "2026-11-30",
};

describe("api: procedure catalogue import (postgres)", function () {
  this.timeout(30_000);
  let api: ApiServer;
  const imported: ProcedureCatalogue[] = [];
  before(async () => {
    api = await startApi("postgres", { onProceduresImported: (_communeId, c) => imported.push(c) });
  });
  after(async () => {
    await api?.close();
  });

  it("admin replaces the catalogue; the conversations are handed the new one", async () => {
    const r = await api.call("POST", "/api/v1/procedures/import", { json: { procedures: [RECYCLING] } });
    expect(r.status).to.equal(200);
    expect(r.json).to.deep.equal({ communeId: "kieu-phu", imported: 1, version: imported.at(-1)!.version });
    expect(imported.at(-1)!.procedures.map((p) => p.id)).to.deep.equal(["cap-phep-thu-gom"]);
    const stored = await loadCatalogue(api.db, "kieu-phu");
    expect(stored.version).to.equal(r.json.version);
    expect(stored.procedures[0]).to.deep.include({ id: "cap-phep-thu-gom", fee: "Không mất phí." });
    expect(stored.procedures[0]!.documents).to.deep.equal([{ name: "Đơn đăng ký (mẫu của xã)", copies: 1, form: "original" }]);
  });

  it("refuses a bad catalogue whole, naming each problem by row and procedure; nothing changes", async () => {
    const before = await loadCatalogue(api.db, "kieu-phu");
    const r = await api.call("POST", "/api/v1/procedures/import", {
      json: {
        procedures: [
          { ...RECYCLING, id: "mot" },
          { ...RECYCLING, id: "hai", fees: "10.000 đ", sourceDate: "30/11/2026", onlineUrl: "http://dichvucong.gov.vn" },
          { ...RECYCLING, id: "mot", nationalCode: "1.1193" },
        ],
        extra: true,
      },
    });
    expect(r.status).to.equal(400);
    expect(r.json.error?.code).to.equal("invalid_body");
    const fields = r.json.error!.fields!;
    expect(fields).to.deep.include({ path: "extra", message: "unknown field" });
    expect(fields).to.deep.include({ path: "procedures.1.fees", message: 'unknown field (procedure "hai")' });
    expect(fields).to.deep.include({ path: "procedures.1.sourceDate", message: 'must be a date "YYYY-MM-DD" (procedure "hai")' });
    expect(fields).to.deep.include({ path: "procedures.1.onlineUrl", message: 'must be an https URL (procedure "hai")' });
    expect(fields).to.deep.include({
      path: "procedures.2.nationalCode",
      message: 'must be a national procedure code like "1.001193" (procedure "mot")',
    });
    expect(fields).to.deep.include({ path: "procedures.2.id", message: 'duplicate procedure id "mot" (procedure "mot")' });
    expect(await loadCatalogue(api.db, "kieu-phu")).to.deep.equal(before);
  });

  it("is for admins only: 401 without a token, 403 for an officer", async () => {
    expect((await api.call("POST", "/api/v1/procedures/import", { token: null, json: { procedures: [] } })).status).to.equal(401);
    const officer = await api.call("POST", "/api/v1/officers", { json: { name: "Cán bộ Một Cửa", teamId: "dia-chinh" } });
    const token = officer.json.token as string;
    expect((await api.call("POST", "/api/v1/procedures/import", { token, json: { procedures: [] } })).status).to.equal(403);
  });

  it("takes a catalogue larger than the API's usual body limit", async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...RECYCLING,
      id: `thu-tuc-${i}`,
      name: `Thủ tục thử ${i}`,
      note: "x".repeat(400),
    }));
    const r = await api.call("POST", "/api/v1/procedures/import", { json: { procedures: many } });
    expect(r.status).to.equal(200);
    expect(r.json.imported).to.equal(300);
  });
});

describe("conversation: an imported catalogue answers at once", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it("a procedure imported over the API is answered to the next citizen, without a restart", async () => {
    const c = h.citizen();
    expect(textOf(await c.send("đăng ký điểm tập kết rác tái chế cần giấy tờ gì"))).to.not.include("Đơn đăng ký (mẫu của xã)");
    const r = await fetch(`${h.url}/api/v1/procedures/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ procedures: [RECYCLING] }),
    });
    expect(r.status).to.equal(200);
    const answer = textOf(await c.send("đăng ký điểm tập kết rác tái chế cần giấy tờ gì"));
    expect(answer).to.include("Đăng ký điểm tập kết rác tái chế – giấy tờ cần có").and.include("Đơn đăng ký (mẫu của xã)");
  });
});
