import { expect } from "chai";
import { abbreviationTable, expandAbbreviations, fold, tokens } from "../../../flows/text/normalize.js";

describe("fold", () => {
  const CASES: ReadonlyArray<readonly [string, string]> = [
    ["Hủy", "huy"],
    ["huỷ", "huy"], // old-style tone placement
    ["HỦY BỎ", "huy bo"],
    ["Đường dây nóng", "duong day nong"],
    ["tra cứu hồ sơ", "tra cuu ho so"],
    ["Chào ad,   cho e hỏi!!!", "chao ad cho e hoi"],
    ["cảm ơn ❤️🙏", "cam on"],
    ["hs 000.00.21.H26-251126-0001 ạ", "hs 000.00.21.h26-251126-0001 a"],
    ["000.00.21.H26–251126–0001", "000.00.21.h26-251126-0001"], // en dashes from a phone keyboard
    ["sđt: 0912.345.678.", "sdt 0912.345.678"],
    ["xây-dựng...trái phép", "xay dung trai phep"],
    ["hs.", "hs"],
    ["thứ 7", "thu 7"],
    ["?", ""],
    ["  \n\t ", ""],
    ["NFD: ho\u0302\u0300 so\u031b", "nfd ho so"],
  ];
  for (const [input, folded] of CASES) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(folded)}`, () => {
      expect(fold(input)).to.equal(folded);
    });
  }
});

describe("tokens", () => {
  it("splits folded text into words", () => {
    expect(tokens("Cho em hỏi, hồ sơ?")).to.deep.equal(["cho", "em", "hoi", "ho", "so"]);
    expect(tokens("")).to.deep.equal([]);
    expect(tokens("👍")).to.deep.equal([]);
  });
});

describe("abbreviations", () => {
  const table = abbreviationTable({ hs: "hồ sơ", sđt: "số điện thoại", ko: "không" });

  it("folds both sides of the data", () => {
    expect(table.get("sdt")).to.deep.equal(["so", "dien", "thoai"]);
  });

  it("expands whole words only", () => {
    expect(expandAbbreviations(["hs", "cua", "e", "ko", "thay"], table)).to.deep.equal(["ho", "so", "cua", "e", "khong", "thay"]);
    expect(expandAbbreviations(["hsbc", "000.00.21.hs"], table)).to.deep.equal(["hsbc", "000.00.21.hs"]);
  });

  it("refuses a multi-word abbreviation", () => {
    expect(() => abbreviationTable({ "h s": "hồ sơ" })).to.throw(/one word/);
  });
});
