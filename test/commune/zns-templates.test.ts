import { expect } from "chai";
import { readFileSync } from "node:fs";
import { CommuneConfigError, parseCommuneConfig } from "../../src/commune/config.js";
import { templateData } from "../../src/commune/zns-templates.js";
import { EXAMPLE_CONFIG_PATH } from "./fixture.js";

// Issue 24: a commune's ZNS templates in its file, validated at start with errors that name the field.

const raw = () => JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, "utf8")) as Record<string, unknown>;
const withZns = (zns: unknown) => ({ ...raw(), zns });

describe("commune file: ZNS templates", () => {
  it("takes templates whose params name what fills them (a value, or a value and a length)", () => {
    const c = parseCommuneConfig(
      withZns({
        templates: {
          status: { templateId: "300001", params: { ma_phan_anh: "code", trang_thai: "status" } },
          result: { templateId: "300002", params: { ket_qua: { value: "result", maxLength: 10 } } },
        },
      }),
      "x.json",
    );
    expect(c.zns?.templates.status?.templateId).to.equal("300001");
    expect(c.zns?.templates.rating).to.equal(undefined);
    expect(templateData(c.zns!.templates.result!, { result: "Đã tháo dỡ toàn bộ lán tôn" })).to.deep.equal({ ket_qua: "Đã tháo d…" });
    expect(templateData(c.zns!.templates.status!, { code: "PA-261207-AB12" })).to.deep.equal({
      ma_phan_anh: "PA-261207-AB12",
      trang_thai: "",
    });
  });

  it("a commune without `zns` has none (its notices are held after the window)", () => {
    expect(parseCommuneConfig(raw(), "x.json").zns).to.equal(undefined);
  });

  for (const [zns, problem] of [
    [
      { templates: { status: { templateId: "abc", params: { a: "code" } } } },
      /zns\.templates\.status\.templateId: must be a ZNS template id \(digits\)/,
    ],
    [
      { templates: { status: { templateId: "1", params: { a: "phone" } } } },
      /zns\.templates\.status\.params\.a\.value: must be one of code, category, status, at, result, commune, hotline/,
    ],
    [{ templates: { status: { templateId: "1", params: {} } } }, /zns\.templates\.status\.params: must name at least one parameter/],
    [{ templates: {} }, /zns\.templates: must configure at least one of status, result, rating/],
    [{ templates: { result: { templateId: "1", params: { a: "code" } }, survey: {} } }, /zns\.templates: .*survey/],
    [
      { templates: { status: { templateId: "1", params: { mã: "code" } } } },
      /zns\.templates\.status\.params\.mã: must be a ZNS parameter name/,
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(zns)} naming the field`, () => {
      expect(() => parseCommuneConfig(withZns(zns), "x.json")).to.throw(CommuneConfigError, problem);
    });
  }
});
