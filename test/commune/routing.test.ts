import { expect } from "chai";
import { areaAt } from "../../src/commune/geo.js";
import { routeCase, slaFor, UnknownCategoryError, whereCasesGo } from "../../src/commune/routing.js";
import { exampleConfig } from "./fixture.js";

describe("commune routing", () => {
  const config = exampleConfig();
  const teamAt = (lat: number, lng: number, category: string) =>
    routeCase(config, areaAt(config, lat, lng)?.properties.id ?? null, category);

  it("routes a point of each area to its team", () => {
    expect(teamAt(21.005, 105.61, "xay_dung_khong_phep")).to.equal("trat-tu-bac");
    expect(teamAt(21.005, 105.63, "lan_chiem")).to.equal("trat-tu-bac");
    expect(teamAt(20.985, 105.61, "sai_giay_phep")).to.equal("trat-tu-nam");
    expect(teamAt(20.985, 105.63, "khac")).to.equal("trat-tu-nam");
  });

  it("routes a point on a shared border like the first area", () => {
    expect(teamAt(20.995, 105.61, "khac")).to.equal("trat-tu-bac");
  });

  it("routes outside every area to the fallback team", () => {
    expect(teamAt(21.2, 105.9, "khac")).to.equal("dia-chinh");
  });

  it("lets the most specific rule win", () => {
    // category rule beats area rule
    expect(routeCase(config, "dong-but", "xay_tren_dat_nong_nghiep")).to.equal("dia-chinh");
    expect(routeCase(config, "dong-but", "vat_lieu_phe_thai")).to.equal("moi-truong");
    // area + category beats category alone
    expect(routeCase(config, "ngoc-bai", "vat_lieu_phe_thai")).to.equal("trat-tu-nam");
    expect(routeCase(config, null, "vat_lieu_phe_thai")).to.equal("moi-truong");
  });

  it("skips a deactivated team's rules as if they were not written: the next rule that matches, else the fallback team", () => {
    const off = new Set(["moi-truong"]);
    expect(routeCase(config, "dong-but", "vat_lieu_phe_thai", off)).to.equal("trat-tu-bac");
    expect(routeCase(config, "ngoc-bai", "vat_lieu_phe_thai", off)).to.equal("trat-tu-nam");
    expect(routeCase(config, null, "vat_lieu_phe_thai", off)).to.equal("dia-chinh");
    expect(routeCase(config, null, "ve_sinh_moi_truong", off)).to.equal("dia-chinh");
    // Both village teams off: their villages' cases go to the fallback team.
    expect(routeCase(config, "yen-thai", "lan_chiem", new Set(["trat-tu-nam", "trat-tu-bac"]))).to.equal("dia-chinh");
  });

  it("says where a team's new cases go once it is deactivated, pair by pair", () => {
    const goes = whereCasesGo(config, "trat-tu-nam");
    const areas = config.areas.features.length + 1;
    const moved = goes.flatMap((g) => g.pairs.map((p) => ({ ...p, to: g.teamId })));
    // Every pair it receives today, and none other.
    for (const p of moved) expect(routeCase(config, p.areaId, p.categoryId), JSON.stringify(p)).to.equal("trat-tu-nam");
    const all = [...config.areas.features.map((f) => f.properties.id), null].flatMap((areaId) =>
      config.categories.map((k) => ({ areaId, categoryId: k.id })),
    );
    expect(moved).to.have.length(all.filter((p) => routeCase(config, p.areaId, p.categoryId) === "trat-tu-nam").length);
    expect(all).to.have.length(areas * config.categories.length);
    for (const p of moved) expect(routeCase(config, p.areaId, p.categoryId, new Set(["trat-tu-nam"]))).to.equal(p.to);
    expect(moved.map((p) => p.to)).to.include("dia-chinh");
    // A team no rule names has nothing to give away.
    expect(whereCasesGo(config, "mot-cua")).to.deep.equal([]);
  });

  it("routes the local problems outside construction order to the teams the config names", () => {
    expect(routeCase(config, "dong-but", "chieu_sang")).to.equal("dia-chinh");
    expect(routeCase(config, "ngoc-bai", "duong_giao_thong")).to.equal("dia-chinh");
    expect(routeCase(config, "yen-thai", "ve_sinh_moi_truong")).to.equal("moi-truong");
  });

  it("sends the catch-all category to the fallback team, whatever the area, unless a rule names it", () => {
    expect(config.otherCategory).to.equal("khac_chung");
    for (const area of ["dong-but", "yen-thai", null]) expect(routeCase(config, area, "khac_chung")).to.equal(config.fallbackTeam);
    const named = { ...config, routing: [...config.routing, { area: "yen-thai", category: "khac_chung", team: "moi-truong" }] };
    expect(routeCase(named, "yen-thai", "khac_chung")).to.equal("moi-truong");
    expect(routeCase(named, "dong-but", "khac_chung")).to.equal("trat-tu-bac");
  });

  it("computes deadlines from the category, in working time", () => {
    const at = new Date("2026-03-02T01:00:00Z"); // Monday 08:00
    const sla = slaFor(config, "xay_dung_khong_phep", at);
    // 4 working hours: 08:00–11:30, then 13:30–14:00.
    expect(sla.ackDueAt.toISOString()).to.equal("2026-03-02T07:00:00.000Z");
    // 7 working days (Monday–Friday; the commune's Saturday opening does not count): Wednesday 11/03 at the close.
    expect(sla.resolveDueAt.toISOString()).to.equal("2026-03-11T10:00:00.000Z");
    expect(() => slaFor(config, "nope", at)).to.throw(UnknownCategoryError);
  });
});
