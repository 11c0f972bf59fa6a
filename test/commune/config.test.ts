import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { withTempDir } from "../support/temp-folder.js";
import { CommuneConfigError, loadCommuneConfig, parseCommuneConfig } from "../../src/commune/config.js";
import { EXAMPLE_CONFIG_PATH, exampleConfig } from "./fixture.js";

describe("commune config", () => {
  const raw = () => JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, "utf8")) as Record<string, unknown>;

  it("loads and validates the Kiều Phú example", () => {
    const c = exampleConfig();
    expect(c.name).to.equal("Xã Kiều Phú");
    expect(c.areas.features).to.have.length.greaterThan(2);
    expect(c.categories.map((k) => k.id)).to.include.members([
      "xay_dung_khong_phep",
      "sai_giay_phep",
      "lan_chiem",
      "xay_tren_dat_nong_nghiep",
      "vat_lieu_phe_thai",
      "khac",
    ]);
    expect(c.duplicates).to.deep.equal({ radiusMeters: 50, maxAgeDays: 30 });
    expect(c.report).to.deep.equal({ descriptionMin: 15, descriptionMax: 1000, maxPhotos: 5 });
    expect(c.teams.map((t) => t.id)).to.include(c.fallbackTeam);
    expect(c.teams.map((t) => t.id)).to.include(c.handoffTeam);
  });

  it("names the path and the field of a bad value", () =>
    withTempDir("commune-", (dir) => {
      const file = path.join(dir, "bad.json");
      const json = raw();
      (json.officeHours as { regular: { open: string }[] }).regular[0]!.open = "7h30";
      writeFileSync(file, JSON.stringify(json));
      try {
        loadCommuneConfig(file);
        expect.fail("should throw");
      } catch (err) {
        expect(err).to.be.instanceOf(CommuneConfigError);
        expect((err as Error).message)
          .to.include(file)
          .and.include("officeHours.regular.0.open");
      }
    }));

  it("refuses routing to an unknown team and a missing file", () => {
    const json = raw();
    json.fallbackTeam = "khong-co";
    expect(() => parseCommuneConfig(json, "x.json")).to.throw(CommuneConfigError, /fallbackTeam: unknown team "khong-co"/);
    const handoff = raw();
    handoff.handoffTeam = "mot-cua-cu";
    expect(() => parseCommuneConfig(handoff, "x.json")).to.throw(CommuneConfigError, /handoffTeam: unknown team "mot-cua-cu"/);
    expect(() => loadCommuneConfig("/nonexistent/commune.json")).to.throw(CommuneConfigError, /\/nonexistent\/commune\.json/);
  });

  it("refuses an officer's Zalo user id that is not digits (a placeholder would receive case notices)", () => {
    const json = raw();
    (json.teams as { officers: { zaloUserId?: string }[] }[])[0]!.officers[0]!.zaloUserId = "…";
    (json.leadership as { zaloUserId?: string }[])[0]!.zaloUserId = "chu tich";
    expect(() => parseCommuneConfig(json, "x.json")).to.throw(
      CommuneConfigError,
      /teams\.0\.officers\.0\.zaloUserId: must be a Zalo user id[\s\S]*leadership\.0\.zaloUserId/,
    );
  });

  it("holds categories beyond construction order, the catch-all, and the procedure catalogue beside the file", () => {
    const c = exampleConfig();
    expect(c.categories.map((k) => k.id)).to.include.members(["chieu_sang", "duong_giao_thong", "ve_sinh_moi_truong", "khac_chung"]);
    expect(c.otherCategory).to.equal("khac_chung");
    expect(c.procedureCatalogue).to.equal(path.join(path.dirname(EXAMPLE_CONFIG_PATH), "kieu-phu.procedures.json"));
    const json = raw();
    json.otherCategory = "khong-co";
    expect(() => parseCommuneConfig(json, "x.json")).to.throw(CommuneConfigError, /otherCategory: unknown category "khong-co"/);
  });

  it("says where a copy's procedure catalogue was looked for, and takes an absolute path", () =>
    withTempDir("commune-", (dir) => {
      const copy = path.join(dir, "kieu-phu.json");
      writeFileSync(copy, JSON.stringify(raw()));
      expect(() => loadCommuneConfig(copy)).to.throw(
        CommuneConfigError,
        `procedureCatalogue: no file ${path.join(dir, "kieu-phu.procedures.json")} ("kieu-phu.procedures.json" is read from this file's folder)`,
      );
      const original = exampleConfig().procedureCatalogue!;
      writeFileSync(copy, JSON.stringify({ ...raw(), procedureCatalogue: original }));
      expect(loadCommuneConfig(copy).procedureCatalogue).to.equal(original);
    }));

  it("refuses a file that is not JSON", () =>
    withTempDir("commune-", (dir) => {
      const file = path.join(dir, "x.json");
      writeFileSync(file, "{ name: ");
      expect(() => loadCommuneConfig(file)).to.throw(CommuneConfigError, /not valid JSON/);
    }));
});
