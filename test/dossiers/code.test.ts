import { expect } from "chai";
import { codeProblems, DOSSIER_CODE_EXAMPLE, findDossierCode, isDossierCode, normalizeDossierCode } from "../../src/dossiers/code.js";

const CODE = "000.00.21.H26-251126-0001";

describe("dossiers/code", () => {
  describe("findDossierCode: a code is found", () => {
    const cases: Array<[string, string]> = [
      ["cho hỏi hs 000.00.21.h26-251126-0001 đến đâu rồi ạ", CODE],
      ["cho hoi hs 000.00.21.h26-251126-0001 den dau roi a", CODE],
      ["000.00.21.H26-251126-0001", CODE],
      ["  000.00.21.H26-251126-0001  ", CODE],
      ["Mã hồ sơ: 000.00.21.H26-251126-0001.", CODE],
      ["Mã hồ sơ của em là 000.00.21.H26 - 251126 - 0001 ạ", CODE],
      ["ma ho so 000 . 00 . 21 . H26-251126-0001", CODE],
      ["hs 000.00.21.H26–251126–0001 (gạch ngang dài)", CODE],
      ["000.00.21.H26—251126—0001", CODE],
      ["000.00.21.H26－251126－0001", CODE],
      ["(000.00.21.H26-251126-0001)", CODE],
      ['Tra cứu giúp: "000.00.21.H26-251126-0001"', CODE],
      ["hs000.00.21.H26-251126-0001", CODE],
      ["hs.000.00.21.H26-251126-0001", CODE],
      ["Mã:000.00.21.H26-251126-0001", CODE],
      ["Chào anh chị, tôi nộp hồ sơ đăng ký kết hôn hôm 26/11, mã 000.00.21.H26-251126-0001, sđt 0912345678", CODE],
      ["sđt 0912345678 mã 000.00.21.H26-251126-0001", CODE],
      ["hồ sơ cấp sổ đỏ 000.00.21.H26-251118-0003 sao lâu vậy", "000.00.21.H26-251118-0003"],
      ["2 hồ sơ: 000.00.21.H26-251103-0001 và 000.00.21.H26-251103-0002", "000.00.21.H26-251103-0001"],
      ["hồ sơ huyện 000.22.35.H26-240229-12345 ạ", "000.22.35.H26-240229-12345"],
      ["tỉnh khác: 000.00.01.G01-250101-0001", "000.00.01.G01-250101-0001"],
      ["HS 000.00.21.H26-251126-0001\nCảm ơn", CODE],
      // a malformed one before a good one: the good one wins
      ["nhầm 000.00.21.H26-2511-0001, đúng là 000.00.21.H26-251126-0001", CODE],
      // as people write it: spaces for separators, the letter O for zero
      ["000 00 21 H26 251126 0001", CODE],
      ["ma ho so 000 00 21 h26 251126 0001 a", CODE],
      ["000.00.21.H26 251126 0001", CODE],
      ["OOO.OO.21.H26-251126-OOO1", CODE],
    ];
    for (const [text, code] of cases) {
      it(JSON.stringify(text), () => {
        expect(findDossierCode(text)).to.deep.equal({ kind: "code", code });
      });
    }
  });

  describe("findDossierCode: a malformed attempt", () => {
    const cases: Array<[string, string]> = [
      ["000.00.21.H26-2511-0001", "000.00.21.H26-2511-0001"],
      ["hồ sơ 000.00.21.H26-251326-0001 (tháng 13)", "000.00.21.H26-251326-0001"],
      ["000.00.21.H26-250230-0001", "000.00.21.H26-250230-0001"],
      ["ma ho so 000.00.21.h26-251126", "000.00.21.h26-251126"],
      ["ma ho so 000.00.21.h26-251126-", "000.00.21.h26-251126-"],
      ["hs 000.00.21.H26-251126-001 ạ", "000.00.21.H26-251126-001"],
      ["mã 000.00.21.H26 thôi ạ", "000.00.21.H26"],
      ["00.21.H26-251126-0001", "00.21.H26-251126-0001"],
      ["H26-2511-0001 ạ", "H26-2511-0001"],
      ["mã hồ sơ h26-251126-0001", "h26-251126-0001"],
      ["000,00,21,H26-251126-0001", "000,00,21,H26-251126-0001"],
      ["1.000.00.21.H26-251126-0001", "1.000.00.21.H26-251126-0001"],
    ];
    for (const [text, fragment] of cases) {
      it(JSON.stringify(text), () => {
        expect(findDossierCode(text)).to.deep.equal({ kind: "malformed", fragment });
      });
    }
  });

  describe("findDossierCode: the agency part left out", () => {
    for (const [text, tail] of [
      ["251126-0001", "251126-0001"],
      ["cho hỏi hồ sơ 251126 - 0001 ạ", "251126-0001"],
      ["hs 251126-00012", "251126-00012"],
    ] as const) {
      it(JSON.stringify(text), () => expect(findDossierCode(text)).to.deep.equal({ kind: "partial", tail }));
    }
    it("not a date, or part of a longer number: nothing", () => {
      for (const text of ["251326-0001", "1.251126-0001", "0912-345-678", "12-2025"]) expect(findDossierCode(text), text).to.equal(null);
    });
  });

  describe("codeProblems: what looks wrong", () => {
    const cases: Array<[string, string[]]> = [
      ["OOO.00.21.H26-251126-OO1", ["letter_o", "short_sequence"]],
      ["000.00.21.H26-251326-0001", ["bad_date"]],
      ["000.00.21.H26-2511-0001", ["bad_date"]],
      ["000.00.21.H26-251126", ["missing_sequence"]],
      ["000.00.21.H26", ["missing_date"]],
      ["00.21.H26-251126-0001", ["missing_agency"]],
      ["000,00,21,H26-251126-0001", ["comma"]],
    ];
    for (const [fragment, kinds] of cases) {
      it(`${fragment} → ${kinds.join(", ")}`, () => {
        expect(codeProblems(fragment).map((p) => p.kind)).to.deep.equal(kinds);
      });
    }
  });

  describe("findDossierCode: nothing that looks like a code", () => {
    const cases = [
      "0",
      "1",
      "xin chào",
      "Tôi muốn tra cứu hồ sơ",
      "toi muon tra cuu ho so",
      "0912345678",
      "sđt 0912.345.678",
      "+84 912 345 678",
      "chuyển khoản 1.000.000 đồng",
      "nộp ngày 26/11/2025 lúc 16:34",
      "2025-11-26",
      "CCCD 001203004567",
      "nhà số 12A ngõ 5",
      "phòng B12 tầng 3",
      "lô A12-05",
      "",
    ];
    for (const text of cases) {
      it(JSON.stringify(text), () => {
        expect(findDossierCode(text)).to.equal(null);
      });
    }
  });

  describe("isDossierCode / normalizeDossierCode", () => {
    it("accepts the canonical form and the example", () => {
      expect(isDossierCode(CODE)).to.equal(true);
      expect(isDossierCode(DOSSIER_CODE_EXAMPLE)).to.equal(true);
      expect(isDossierCode("000.00.21.H26-240229-0001")).to.equal(true); // leap day
    });
    it("rejects lower case, spaces, bad dates and short sequences", () => {
      for (const s of [
        "000.00.21.h26-251126-0001",
        " 000.00.21.H26-251126-0001",
        "000.00.21.H26-251126-001",
        "000.00.21.H26-250229-0001",
        "000.00.21.H26-251200-0001",
        "000.00.21.H26-251301-0001",
        "000.00.21.126-251126-0001",
        "",
      ]) {
        expect(isDossierCode(s), s).to.equal(false);
      }
    });
    it("normalizes case, spaces and dashes of a whole code", () => {
      expect(normalizeDossierCode(" 000.00.21.h26 – 251126 - 0001 ")).to.equal(CODE);
      expect(normalizeDossierCode("000.00.21.H26-2511-0001")).to.equal(null);
    });
  });
});
