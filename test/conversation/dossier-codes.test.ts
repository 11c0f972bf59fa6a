import { expect } from "chai";
import { createReadStream } from "node:fs";
import { importDossiers } from "../../src/dossiers/import.js";
import { upsertDossiers } from "../../src/dossiers/repository.js";
import { Harness, textOf } from "../support/harness.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

// Issue 11, "dossier codes as people write them", and following only what can still change.

const PROCESSING = "000.00.21.H26-251117-0001"; // Trợ cấp xã hội hàng tháng, status 4
const FINISHED = "000.00.21.H26-251126-0001"; // Đăng ký kết hôn, status 10 (result handed over)

describe("conversation: dossier codes as people write them", function () {
  this.timeout(90000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ clock: () => new Date("2025-11-25T03:00:00Z") });
    const summary = await importDossiers(h.db, h.commune.id, createReadStream(DOSSIERS_SAMPLE));
    expect(summary.rejected).to.deep.equal([]);
    // Another agency's dossier with the same date and number as 251118-0002: that tail alone is ambiguous.
    await upsertDossiers(h.db, h.commune.id, [
      {
        code: "000.00.22.H26-251118-0002",
        procedure: "Chứng thực chữ ký",
        channel: "direct",
        status: 4,
        receivedAt: new Date("2025-11-18T03:00:00Z"),
        dueAt: null,
        finishedAt: null,
      },
    ]);
  });
  after(async () => {
    await h?.stop();
  });

  describe("understood when unambiguous", () => {
    it("spaces instead of dots and dashes", async () => {
      expect(textOf(await h.citizen().send("000 00 21 H26 251117 0001")))
        .to.include(`Hồ sơ ${PROCESSING}`)
        .and.include("Đang được giải quyết");
    });

    it("the letter O for a zero", async () => {
      expect(textOf(await h.citizen().send("hs OOO.OO.21.H26-251117-OOO1 ạ"))).to.include(`Hồ sơ ${PROCESSING}`);
    });

    it("the agency part left out, when one stored dossier fits", async () => {
      expect(textOf(await h.citizen().send("cho hỏi hồ sơ 251117-0001"))).to.include(`Hồ sơ ${PROCESSING}`);
    });

    it("the agency part left out and two dossiers fit: asks for the whole code", async () => {
      const r = textOf(await h.citizen().send("251118-0002"));
      expect(r).to.include('Có nhiều hồ sơ cùng đuôi "251118-0002"').and.include("cả phần mã cơ quan");
    });

    it("the agency part left out and none fits: says so", async () => {
      expect(textOf(await h.citizen().send("251118-0099"))).to.include('Không tìm thấy hồ sơ nào có đuôi "251118-0099"');
    });
  });

  describe("otherwise the reply says exactly what looks wrong, in words a citizen understands", () => {
    it("the letter O in a code that is still wrong", async () => {
      const r = textOf(await h.citizen().send("OOO.00.21.H26-251117-OO1"));
      expect(r).to.include("có vẻ chữ O thay cho số 0").and.include("cần đủ 4 chữ số");
      expect(r).not.to.include("YYMMDD");
    });

    it("a receipt date that is no date, explained with an example instead of YYMMDD", async () => {
      const r = textOf(await h.citizen().send("000.00.21.H26-251317-0001"));
      expect(r).to.include('"251317" không phải ngày nhận hồ sơ').and.include("251126 là ngày 26/11/2025");
      expect(r).not.to.include("YYMMDD");
    });

    it("the question for a code names the form in words too", async () => {
      const r = textOf(await h.citizen().send("tra cứu hồ sơ"));
      expect(r).to.include("Mời ông/bà nhập mã hồ sơ").and.include("không nhớ mã").and.not.include("YYMMDD");
    });
  });

  describe("no code at hand", () => {
    for (const words of ["Tôi không nhớ mã", "mất giấy hẹn rồi"]) {
      it(`"${words}": where else the code can be found, and the alternatives`, async () => {
        const r = textOf(await h.citizen().send(words));
        expect(r).to.include("SMS").and.include("email").and.include("Cổng dịch vụ công");
        expect(r).to.include("căn cước").and.include("UBND xã Kiều Phú").and.include("024 3384 3115");
      });
    }

    it("asked at the code question, it is answered and the code still awaited", async () => {
      const c = h.citizen();
      await c.send("tra cứu hồ sơ");
      const r = textOf(await c.send("em làm mất giấy hẹn rồi"));
      expect(r).to.include("Cổng dịch vụ công").and.include("Tiếp tục tra cứu hồ sơ");
      expect(textOf(await c.send(PROCESSING))).to.include("Đang được giải quyết");
    });
  });

  describe("following", () => {
    it("is not offered for a finished dossier", async () => {
      const r = textOf(await h.citizen().send(FINISHED));
      expect(r).to.include("Đã trả kết quả").and.not.include("[Theo dõi hồ sơ này]");
    });

    it("not offered again once followed; listed; 'bỏ theo dõi …' unfollows", async () => {
      const c = h.citizen();
      expect(textOf(await c.send(PROCESSING))).to.include("[Theo dõi hồ sơ này]");
      expect(textOf(await c.tap("Theo dõi hồ sơ này"))).to.include("Đã đăng ký theo dõi");
      const again = textOf(await c.send(PROCESSING));
      expect(again).to.include("đang theo dõi hồ sơ này").and.include("[Bỏ theo dõi hồ sơ này]").and.not.include("[Theo dõi hồ sơ này]");
      expect(textOf(await c.send(`theo dõi hồ sơ ${PROCESSING}`))).to.include("đã theo dõi hồ sơ");
      const list = textOf(await c.send("tôi đang theo dõi hồ sơ nào"));
      expect(list).to.include("đang theo dõi 1 hồ sơ").and.include(PROCESSING);
      expect(textOf(await c.send(`bỏ theo dõi ${PROCESSING}`))).to.include(`Đã bỏ theo dõi hồ sơ ${PROCESSING}`);
      expect(textOf(await c.send("toi dang theo doi ho so nao"))).to.include("chưa theo dõi hồ sơ nào");
    });

    it("'bỏ theo dõi' without a code unfollows the only one followed", async () => {
      const c = h.citizen();
      await c.send(PROCESSING);
      await c.tap("Theo dõi hồ sơ này");
      expect(textOf(await c.send("bỏ theo dõi"))).to.include(`Đã bỏ theo dõi hồ sơ ${PROCESSING}`);
    });
  });
});
