import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { privacySay } from "../../flows/messages.privacy.vi.js";
import { setPin } from "../../flows/violation-report/changes.js";
import { draftSchema } from "../../flows/violation-report/draft.js";
import { loadCommunes } from "../../src/commune/communes.js";
import { ProvinceConfigError } from "../../src/commune/province.js";
import { endOfWorkingDays } from "../../src/commune/working-time.js";
import { handMadeContext } from "../support/flow-context.js";
import { provinceOfTwo } from "../support/province.js";
import { EXAMPLE_CONFIG_PATH, exampleConfig } from "./fixture.js";

// PROVINCE_CONFIG (issue 23): the province's name, general hotline, holidays and data-protection
// officer, over every commune; without it a province of one is as before.
describe("PROVINCE_CONFIG", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "province-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const PROVINCE = {
    name: "Thành phố Hà Nội",
    hotline: "1022",
    holidays: ["2026-12-10", "2026-01-01"],
    dataProtectionOfficer: { name: "Phòng Bảo vệ dữ liệu, Sở KH&CN", phone: "024 3825 0000", email: "baove.dulieu@hanoi.gov.vn" },
  };
  const write = async (name: string, json: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(json));
    return file;
  };
  const problemsOf = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ProvinceConfigError) return err.problems.map((p) => `${err.path}: ${p}`);
      throw err;
    }
    throw new Error("no error");
  };

  it("declares a province-wide OA: communes need no OA of their own, and none may be the province's", async () => {
    const { a, b } = provinceOfTwo();
    const communesDir = path.join(dir, "communes");
    await mkdir(communesDir);
    const { zalo: _a, ...withoutOa } = a;
    await writeFile(path.join(communesDir, "kieu-phu.json"), JSON.stringify(withoutOa));
    await writeFile(path.join(communesDir, "phu-xa.json"), JSON.stringify(b));
    const provinceConfig = await write("province.json", { ...PROVINCE, oa: { oaId: "4000000000000000001" } });
    const communes = loadCommunes({ communesDir, communeConfig: "/unused", provinceConfig });
    expect(communes.provinceOa).to.deep.equal({ oaId: "4000000000000000001" });
    expect(communes.homeOfOa("4000000000000000001")).to.equal("@province");
    expect(communes.homeOfOa(b.zalo!.oaId)).to.equal("phu-xa");
    expect(communes.homeOfOa("4000000000000000002")).to.equal(undefined);
    expect(communes.homeIds).to.deep.equal(["kieu-phu", "phu-xa", "@province"]);
    // Without the province OA, a commune without an OA is refused as before.
    const withoutProvinceOa = await write("p2.json", PROVINCE);
    expect(() => loadCommunes({ communesDir, communeConfig: "/unused", provinceConfig: withoutProvinceOa })).to.throw(
      /zalo\.oaId: is required when the deployment has several communes/,
    );
    // The province OA is never a commune's own: one OA shared by accident is refused.
    const clash = await write("clash.json", { ...PROVINCE, oa: { oaId: b.zalo!.oaId } });
    expect(problemsOf(() => loadCommunes({ communesDir, communeConfig: "/unused", provinceConfig: clash }))).to.deep.equal([
      `${clash}: oa.oaId: OA ${b.zalo!.oaId} is also the OA of commune phu-xa (the province OA serves every commune; a commune's own OA is another)`,
    ]);
  });

  it("without it a province of one takes everything from its commune file, as before", () => {
    const [c] = loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH }).list;
    const example = exampleConfig();
    expect(c!.province).to.equal(undefined);
    expect(c!.officeHours.closedDates).to.deep.equal(example.officeHours.closedDates);
    expect(c!.privacy.contact).to.equal(example.privacy.contact);
  });

  it("adds the province's holidays to each commune's own closed dates, and deadlines skip them", async () => {
    const { a, b } = provinceOfTwo();
    const communesDir = path.join(dir, "communes");
    await mkdir(communesDir);
    await writeFile(path.join(communesDir, "kieu-phu.json"), JSON.stringify(a));
    await writeFile(
      path.join(communesDir, "phu-xa.json"),
      JSON.stringify({ ...b, officeHours: { ...b.officeHours, closedDates: ["2026-12-11"] } }),
    );
    const communes = loadCommunes({ communesDir, communeConfig: "/unused", provinceConfig: await write("province.json", PROVINCE) });
    const kieuPhu = communes.get("kieu-phu");
    const phuXa = communes.get("phu-xa");
    expect(kieuPhu.officeHours.closedDates).to.include.members(["2026-12-10", "2026-01-01", "2026-09-02"]);
    expect(new Set(kieuPhu.officeHours.closedDates).size).to.equal(kieuPhu.officeHours.closedDates.length);
    expect(phuXa.officeHours.closedDates).to.deep.equal(["2026-01-01", "2026-12-10", "2026-12-11"]);
    // One working day after Wednesday 9 December: Thursday 10 is the province's holiday.
    const wednesday = new Date("2026-12-09T03:00:00Z");
    expect(endOfWorkingDays(exampleConfig(), wednesday, 1).toISOString()).to.equal("2026-12-10T10:00:00.000Z");
    expect(endOfWorkingDays(kieuPhu, wednesday, 1).toISOString()).to.equal("2026-12-11T10:00:00.000Z");
    // Phú Xá is also closed on Friday 11 (its own date): it opens on Saturday, but Monday is the next working day.
    expect(endOfWorkingDays(phuXa, wednesday, 1).toISOString()).to.equal("2026-12-14T10:00:00.000Z");
    expect(kieuPhu.province).to.deep.equal({ name: "Thành phố Hà Nội", hotline: "1022" });
  });

  it("the privacy notice names the data-protection officer; a commune's own contact wins", async () => {
    const provinceConfig = await write("province.json", PROVINCE);
    const own = await write("kieu-phu.json", { ...exampleConfig(), privacy: { contact: "Văn phòng UBND xã, 024 3366 0000" } });
    const [withProvinceDpo] = loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH, provinceConfig }).list;
    expect(privacySay.notice(withProvinceDpo!).text).to.include(
      "Liên hệ về dữ liệu cá nhân: Phòng Bảo vệ dữ liệu, Sở KH&CN, 024 3825 0000, baove.dulieu@hanoi.gov.vn.",
    );
    const [withOwn] = loadCommunes({ communeConfig: own, provinceConfig }).list;
    expect(privacySay.notice(withOwn!).text).to.include("Liên hệ về dữ liệu cá nhân: Văn phòng UBND xã, 024 3366 0000.");
  });

  it("a pin outside every village refers the citizen to the province's general hotline", async () => {
    const [c] = loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH, provinceConfig: await write("province.json", PROVINCE) }).list;
    const far = { latitude: 21.2, longitude: 105.2 };
    const said = setPin(draftSchema.parse({}), far, handMadeContext(c!))
      .said.map((r) => ("text" in r ? r.text : ""))
      .join("\n");
    expect(said).to.include("Nếu nơi này không thuộc xã Kiều Phú, ông/bà có thể gọi đường dây nóng của Thành phố Hà Nội (1022)");
    // Without PROVINCE_CONFIG there is no province hotline to give: as before.
    const before = setPin(draftSchema.parse({}), far, handMadeContext(exampleConfig()))
      .said.map((r) => ("text" in r ? r.text : ""))
      .join("\n");
    expect(before).to.not.include("đường dây nóng");
  });

  it("a bad file names the file and the field", async () => {
    const bad = await write("bad.json", { ...PROVINCE, hotline: "gọi xã", dataProtectionOfficer: { name: "Sở" }, extra: 1 });
    expect(problemsOf(() => loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH, provinceConfig: bad }))).to.have.members([
      `${bad}: hotline: must be a phone number`,
      `${bad}: dataProtectionOfficer: give a phone or an email to reach the data-protection officer`,
      `${bad}: (root): Unrecognized key: "extra"`,
    ]);
    const badOa = await write("bad-oa.json", { ...PROVINCE, oa: { oaId: "OA-1" } });
    expect(problemsOf(() => loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH, provinceConfig: badOa }))).to.deep.equal([
      `${badOa}: oa.oaId: must be a Zalo OA id (digits)`,
    ]);
    const missing = path.join(dir, "none.json");
    expect(problemsOf(() => loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH, provinceConfig: missing }))[0]).to.match(
      /none\.json: cannot read the file/,
    );
  });
});
