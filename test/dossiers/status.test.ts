import { expect } from "chai";
import { DOSSIER_STATUS_WORDS } from "../../flows/messages.dossier-status.vi.js";
import { DOSSIER_STATUSES, DOSSIER_STATUS_CODES, foldVietnamese, parseStatus } from "../../src/dossiers/status.js";

describe("dossiers/status", () => {
  it("describes all ten national codes with an official label, and flows word each for citizens", () => {
    for (const code of DOSSIER_STATUS_CODES) {
      const info = DOSSIER_STATUSES[code];
      expect(info.code).to.equal(code);
      expect(info.officialLabel).to.match(/\p{L}/u);
      expect(DOSSIER_STATUS_WORDS[code].label).to.match(/\p{L}/u);
      expect(DOSSIER_STATUS_WORDS[code].nextStep.length).to.be.greaterThan(10);
    }
  });

  it("maps the steps the issue lists", () => {
    expect(DOSSIER_STATUSES[2].nextStep).to.equal("wait"); // received
    expect(DOSSIER_STATUSES[4].nextStep).to.equal("wait"); // being processed
    expect(DOSSIER_STATUSES[5].nextStep).to.equal("bring_documents"); // supplement requested
    expect(DOSSIER_STATUSES[6].nextStep).to.equal("pay"); // fees due
    expect(DOSSIER_STATUSES[9].nextStep).to.equal("collect"); // processed
    expect(DOSSIER_STATUSES[10].nextStep).to.equal("nothing"); // result returned
  });

  const cases: Array<[string, number | null]> = [
    ["1", 1],
    [" 10 ", 10],
    ["04", 4],
    ["0", null],
    ["11", null],
    ["4.5", null],
    ["Mới đăng ký", 1],
    ["Chờ tiếp nhận", 1],
    ["Được tiếp nhận", 2],
    ["đã tiếp nhận", 2],
    ["Không được tiếp nhận", 3],
    ["khong duoc tiep nhan", 3],
    ["Đang xử lý", 4],
    ["dang xu ly", 4],
    ["ĐANG GIẢI QUYẾT", 4],
    ["Yêu cầu bổ sung giấy tờ", 5],
    ["Chờ bổ sung hồ sơ", 5],
    ["Yêu cầu thực hiện nghĩa vụ tài chính", 6],
    ["Chờ nộp phí / lệ phí", 6],
    ["cho nop phi, le phi", 6],
    ["Công dân yêu cầu rút hồ sơ", 7],
    ["Dừng xử lý", 8],
    ["Đã xử lý xong", 9],
    ["da xu ly xong", 9],
    ["Đã trả kết quả", 10],
    ["  đã   trả  kết quả. ", 10],
    // NFD input (as some keyboards and Excel on macOS produce)
    ["Đang xử lý".normalize("NFD"), 4],
    ["xử lý", null],
    ["", null],
  ];
  for (const [input, expected] of cases) {
    it(`parseStatus(${JSON.stringify(input)}) = ${expected}`, () => {
      expect(parseStatus(input)).to.equal(expected);
    });
  }

  it("folds Vietnamese for comparison", () => {
    expect(foldVietnamese("  Đường  Lê Lợi, P.Bến Nghé ")).to.equal("duong le loi p ben nghe");
  });
});
