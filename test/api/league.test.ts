import { expect } from "chai";
import { transition } from "../../src/cases/case-changes.js";
import type { NewCase } from "../../src/cases/case.js";
import { fileCase } from "../../src/cases/file-case.js";
import { storeRating } from "../../src/cases/resolution-answers.js";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { exampleConfig } from "../commune/fixture.js";
import { type ApiServer, startApi } from "./support.js";

// The league table of two communes for November 2026, checked against a hand computation from
// the dossiers and cases below (the formulas are on the page and in the CSV).
//
// Kiều Phú: 4 dossiers (2 online): 2 finished in time, 1 late, 1 open past due → on time 2/4;
//   PAKN: one resolved in time and rated 5, one open past due → 1/2 on time, satisfied 1/1;
//   a street-light case, not counted as PAKN by this commune, open past due: not in the table.
// Phú Xá: 1 online dossier finished in time → 1/1; PAKN: one resolved in time, rated 3 → 1/1, satisfied 0/1.
// Province (sums): received 5, online 3/5 = 60 %, on time 3/5 = 60 %, PAKN on time 2/3 = 66.67 %,
//   satisfied 1/2 = 50 %; medians of the communes: on time (50 + 100) / 2 = 75.

const NOW = new Date("2026-12-20T09:00:00+07:00");
const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\r\n") + "\r\n";

function kieuPhu(): CommuneConfig {
  const c = exampleConfig();
  c.categories = c.categories.map((k) => (k.id === "chieu_sang" ? { ...k, pakn: false } : k));
  return c;
}
const phuXa = (): CommuneConfig => ({ ...exampleConfig(), id: "phu-xa", name: "Xã Phú Xá", zalo: { oaId: "3000000000000000001" } });

const report = (key: string, category = "xay_dung_khong_phep"): NewCase => ({
  sourceKey: key,
  category,
  location: { lat: 21.005, lng: 105.61 },
  description: "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép",
  reporter: { channel: "zalo", userId: `5210000000000077${key.length}${key.charCodeAt(key.length - 1)}` },
});

describe("api: the communes' league table (postgres)", function () {
  this.timeout(60_000);
  let api: ApiServer;
  let leaderA: string;
  const a = kieuPhu();
  const b = phuXa();

  before(async () => {
    api = await startApi("postgres", { communes: new Communes([a, b]), clock: () => NOW });
    const post = async (communeId: string, body: string) => {
      const r = await api.call("POST", `/api/v1/dossiers/import?communeId=${communeId}`, { headers: { "content-type": "text/csv" }, body });
      expect(r.json, JSON.stringify(r.json)).to.deep.include({ rejected: [] });
    };
    await post(
      "kieu-phu",
      csv(
        "000.00.21.H26-261102-0001,Đăng ký khai sinh,online,10,02/11/2026 08:00,05/11/2026 17:00,04/11/2026 09:00",
        "000.00.21.H26-261102-0002,Đăng ký kết hôn,online,10,02/11/2026 09:00,05/11/2026 17:00,05/11/2026 10:00",
        "000.00.21.H26-261103-0003,Chứng thực chữ ký,direct,10,03/11/2026 08:00,04/11/2026 17:00,06/11/2026 09:00",
        "000.00.21.H26-261103-0004,Đăng ký khai tử,direct,4,03/11/2026 08:00,06/11/2026 17:00,",
        "000.00.21.H26-261001-0005,Đăng ký khai tử,direct,10,01/10/2026 08:00,06/10/2026 17:00,02/10/2026 08:00", // October: not in the month
      ),
    );
    await post("phu-xa", csv("000.00.22.H26-261110-0001,Đăng ký khai sinh,online,10,10/11/2026 08:00,13/11/2026 17:00,12/11/2026 09:00"));

    const resolvedAndRated = async (commune: CommuneConfig, key: string, stars: number) => {
      const filed = new Date("2026-11-02T08:00:00+07:00");
      const c = await fileCase(api.db, commune, report(key), { now: filed });
      await transition(api.db, c.case.code, "acknowledged", "admin", undefined, new Date("2026-11-02T09:00:00+07:00"));
      await transition(api.db, c.case.code, "resolved", "admin", undefined, new Date("2026-11-03T09:00:00+07:00"));
      expect(await storeRating(api.db, c.case.code, report(key).reporter!, stars, new Date("2026-11-03T10:00:00+07:00"))).to.equal(true);
    };
    await resolvedAndRated(a, "a1", 5);
    await fileCase(api.db, a, report("a2"), { now: new Date("2026-11-05T08:00:00+07:00") }); // open, past due by 20/12
    await fileCase(api.db, a, report("a3", "chieu_sang"), { now: new Date("2026-11-05T08:00:00+07:00") });
    await resolvedAndRated(b, "b1", 3);
    leaderA = (await createOfficer(api.db, "kieu-phu", { name: "Chủ tịch xã", role: "leader" })).token;
  });
  after(async () => {
    await api?.close();
  });

  it("the province sees every commune, sorted, with its total from the sums and the medians", async () => {
    const r = await api.call("GET", "/api/v1/stats/league?month=2026-11");
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    const t = r.json as {
      rows: {
        communeId: string;
        received: number;
        online: Share;
        onTime: Share;
        paknOnTime: Share;
        paknSatisfied: Share;
        dossierSatisfied: null;
      }[];
      province: { received: number; online: Share; onTime: Share; paknOnTime: Share; paknSatisfied: Share };
      median: Record<string, number | null>;
      formulas: Record<string, string>;
    };
    type Share = { part: number; outOf: number; percent: number | null };
    expect(t.rows.map((x) => x.communeId)).to.deep.equal(["phu-xa", "kieu-phu"]);
    const kp = t.rows[1]!;
    expect(kp.received).to.equal(4);
    expect(kp.online).to.deep.equal({ part: 2, outOf: 4, percent: 50 });
    expect(kp.onTime).to.deep.equal({ part: 2, outOf: 4, percent: 50 });
    expect(kp.paknOnTime).to.deep.equal({ part: 1, outOf: 2, percent: 50 });
    expect(kp.paknSatisfied).to.deep.equal({ part: 1, outOf: 1, percent: 100 });
    expect(kp.dossierSatisfied).to.equal(null);
    const px = t.rows[0]!;
    expect(px.paknSatisfied).to.deep.equal({ part: 0, outOf: 1, percent: 0 });
    expect(t.province.received).to.equal(5);
    expect(t.province.online).to.deep.equal({ part: 3, outOf: 5, percent: 60 });
    expect(t.province.onTime).to.deep.equal({ part: 3, outOf: 5, percent: 60 });
    expect(t.province.paknOnTime).to.deep.equal({ part: 2, outOf: 3, percent: 66.67 });
    expect(t.province.paknSatisfied).to.deep.equal({ part: 1, outOf: 2, percent: 50 });
    expect(t.median.onTime).to.equal(75);
    expect(t.formulas.onTime).to.match(/quá hạn/);
  });

  it("a commune's leader sees their own row against the province's median, and not the other commune", async () => {
    const r = await api.call("GET", "/api/v1/stats/league?month=2026-11", { token: leaderA });
    expect(r.status).to.equal(200);
    expect((r.json.rows as { communeId: string }[]).map((x) => x.communeId)).to.deep.equal(["kieu-phu"]);
    expect((r.json.median as Record<string, number>).onTime).to.equal(75);
    const other = await api.call("GET", "/api/v1/stats/league?month=2026-11&communeId=phu-xa", { token: leaderA });
    expect(other.status).to.equal(403);
  });

  it("exports the same table as CSV with the counts and the formulas", async () => {
    const r = await api.call("GET", "/api/v1/stats/league?month=2026-11&format=csv");
    expect(r.status).to.equal(200);
    const lines = String(r.json.raw)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(lines[0]).to.match(/^rank,commune_id,commune,received,online_part/);
    expect(lines[1]).to.equal("1,phu-xa,Xã Phú Xá,1,1,1,100,1,1,100,1,1,100,0,1,0,");
    expect(lines[3]).to.equal(",province,Toàn tỉnh,5,3,5,60,3,5,60,2,3,66.67,1,2,50,");
    expect(lines.some((l) => l.startsWith("formula,paknSatisfied,"))).to.equal(true);
  });

  it("refuses a malformed month or sort column", async () => {
    expect((await api.call("GET", "/api/v1/stats/league?month=2026-13")).status).to.equal(400);
    expect((await api.call("GET", "/api/v1/stats/league?sort=name")).status).to.equal(400);
  });
});
