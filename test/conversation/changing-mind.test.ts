import { expect } from "chai";
import { exampleConfig } from "../commune/fixture.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";

// Issue 11, "leaving, changing one's mind, asking something else": whole conversations through
// the real webhook, queues and database, read as the citizen sees them.

const IN_DONG_BUT = { latitude: 21.005, longitude: 105.61 };
// Pins in Thôn Đồng Bụt far enough apart that one test's report is no duplicate of another's.
let pins = 0;
const freshPin = () => ({ latitude: 20.996 + ++pins * 0.0015, longitude: 105.603 });
const DESCRIPTION = "Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay";

describe("conversation: leaving, changing one's mind, asking something else", function () {
  this.timeout(90000);
  let h: Harness;
  before(async () => {
    // A commune that answers "gặp cán bộ" with its hotline (no front desk on Zalo): the answer does
    // not depend on the hour these tests run at. The hand-off itself: test/handoff/.
    const commune = exampleConfig();
    delete commune.handoffTeam;
    h = await Harness.start({ commune });
  });
  after(async () => {
    await h?.stop();
  });

  /** "phản ánh", a category, a pin: at the photos step with something worth keeping. */
  async function reportWithPin(c: Citizen): Promise<void> {
    await c.send("phản ánh");
    await c.tap("Xây dựng không có giấy phép");
    expect(textOf(await c.act({ type: "location", ...freshPin() })))
      .to.include("Thôn Đồng Bụt")
      .and.include("Bước 3/5");
  }

  async function storedCases(c: Citizen): Promise<number> {
    const rows = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE reporter_hash = $1", [
      currentDataKeys().personHash("zalo", c.userId),
    ]);
    return rows[0]!.n;
  }

  describe("cancelling in one's own words", () => {
    for (const words of ["thôi không báo nữa", "không muốn phản ánh nữa", "thôi khỏi", "để sau"]) {
      it(`"${words}" at the address question cancels (nothing given yet) instead of becoming the address`, async () => {
        const c = h.citizen();
        await c.send("phản ánh");
        expect(textOf(await c.tap("Xây dựng không có giấy phép"))).to.include("phản ánh ở đâu");
        const r = textOf(await c.send(words));
        expect(r).to.include("Đã hủy phản ánh").and.include("[Tra cứu hồ sơ]");
        expect(r).not.to.include("thuộc thôn nào");
      });
    }

    it("with a draft that has content, asks once; 'Không, làm tiếp' goes on at the same step", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      const asked = textOf(await c.send("thôi không báo nữa"));
      expect(asked).to.include("Ông/bà muốn dừng phản ánh?").and.include("[Đúng, hủy bỏ]").and.include("[Không, làm tiếp]");
      const back = textOf(await c.tap("Không, làm tiếp"));
      expect(back).to.include("Tiếp tục phản ánh (bước 3/5)").and.include("[Bỏ qua ảnh]");
      expect(textOf(await c.tap("Bỏ qua ảnh"))).to.include("Bước 4/5");
      // Asked again and confirmed in words this time.
      expect(textOf(await c.send("không muốn phản ánh nữa"))).to.include("[Đúng, hủy bỏ]");
      expect(textOf(await c.send("vâng"))).to.include("Đã hủy phản ánh");
      expect(await storedCases(c)).to.equal(0);
    });

    it("'Hủy' on the summary asks once before discarding", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      await c.tap("Bỏ qua ảnh");
      await c.send(DESCRIPTION);
      expect(textOf(await c.tap("Ẩn danh"))).to.include("kiểm tra lại phản ánh");
      expect(textOf(await c.tap("Hủy"))).to.include("Ông/bà muốn dừng phản ánh?");
      // Changed their mind again: the summary's buttons are there, and Gửi files it.
      expect(textOf(await c.tap("Không, làm tiếp"))).to.include("[Gửi]");
      await c.tap("Gửi");
      for (let i = 0; i < 200 && (await storedCases(c)) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await storedCases(c)).to.equal(1);
    });
  });

  describe("a question from another part of the menu, mid-flow", () => {
    it("office hours at the category question: answered, then one line instead of the six categories again", async () => {
      const c = h.citizen();
      await c.send("phản ánh");
      const r = await c.send("mấy giờ mở cửa ạ?");
      expect(textOf(r)).to.include("Giờ làm việc của Bộ phận một cửa");
      const last = r[r.length - 1]!;
      expect(last.text).to.include("Tiếp tục phản ánh (bước 1/5)");
      expect(last.text.split("\n")).to.have.length(1);
      expect(textOf(r)).not.to.include("[Xây dựng sai nội dung giấy phép]");
      // The flow is where it was: the category is still taken.
      expect(textOf(await c.send("1"))).to.include("phản ánh ở đâu");
    });

    it("at the description (free text) a plain question is answered, and is not taken as the description", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      await c.tap("Bỏ qua ảnh");
      const r = textOf(await c.send("cho hỏi số điện thoại đường dây nóng"));
      expect(r).to.include("024 3384 3115").and.include("Tiếp tục phản ánh (bước 4/5)");
      expect(textOf(await c.send(DESCRIPTION))).to.include("Bước 5/5");
    });

    it("a dossier code asked in the middle of a report is looked up, and the report goes on", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      const r = textOf(await c.send("hồ sơ 000.00.21.H26-251126-9999 của tôi đến đâu rồi"));
      expect(r).to.include("Không tìm thấy hồ sơ 000.00.21.H26-251126-9999").and.include("Tiếp tục phản ánh (bước 3/5)");
      expect(textOf(await c.tap("Bỏ qua ảnh"))).to.include("Bước 4/5");
    });

    it("'gặp cán bộ' inside a report is answered instead of looping", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      await c.tap("Bỏ qua ảnh");
      await c.send(DESCRIPTION);
      const r = textOf(await c.send("gặp cán bộ"));
      expect(r).to.include("024 3384 3115").and.include("Tiếp tục phản ánh (bước 5/5)").and.include("[Ẩn danh]");
      expect(textOf(await c.tap("Ẩn danh"))).to.include("kiểm tra lại phản ánh");
    });

    it("at the dossier code question, office hours are answered and the code is still awaited", async () => {
      const c = h.citizen();
      await c.send("tra cứu hồ sơ");
      const r = textOf(await c.send("giờ làm việc"));
      expect(r).to.include("Giờ làm việc của Bộ phận một cửa").and.include("Tiếp tục tra cứu hồ sơ");
      expect(textOf(await c.send("000.00.21.H26-251126-9998"))).to.include("Không tìm thấy hồ sơ");
    });
  });

  describe("the menu in the middle of a report", () => {
    it("keeps the draft: choosing 'Phản ánh' again offers to continue it", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      expect(textOf(await c.send("menu")))
        .to.include("đang làm dở được giữ lại")
        .and.include("[Tra cứu hồ sơ]");
      // Something else in between.
      expect(textOf(await c.send("giờ làm việc"))).to.include("Giờ làm việc");
      const offer = textOf(await c.tap("Phản ánh, kiến nghị"));
      expect(offer).to.include("đang làm dở").and.include("[Làm tiếp]").and.include("[Làm mới từ đầu]");
      expect(textOf(await c.tap("Làm tiếp"))).to.include("Tiếp tục phản ánh (bước 3/5)");
      await c.tap("Bỏ qua ảnh");
      await c.send(DESCRIPTION);
      const summary = textOf(await c.tap("Ẩn danh"));
      expect(summary).to.include("Thôn Đồng Bụt").and.include("Xây dựng không có giấy phép");
    });

    it("'Làm mới từ đầu' starts afresh", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      await c.send("menu");
      await c.send("phan anh vi pham");
      expect(textOf(await c.tap("Làm mới từ đầu"))).to.include("Bước 1/5");
    });
  });

  describe("the bot's own buttons", () => {
    it("after three misses, 'Gặp cán bộ' is answered and the step goes on; 'Menu chính' keeps the draft", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      await c.send("hmm");
      await c.send("abc");
      expect(textOf(await c.send("xyz"))).to.include("[Gặp cán bộ]");
      const r = textOf(await c.tap("Gặp cán bộ"));
      expect(r).to.include("024 3384 3115").and.include("Tiếp tục phản ánh (bước 3/5)");
      expect(textOf(await c.tap("Menu chính"))).to.include("đang làm dở được giữ lại");
    });
  });

  describe("what a citizen sends first", () => {
    it("a pin before the category is kept, and the category asked again", async () => {
      const c = h.citizen();
      await c.send("phản ánh");
      const r = textOf(await c.act({ type: "location", ...IN_DONG_BUT }));
      expect(r).to.include("Đã nhận vị trí").and.include("Bước 1/5").and.include("[Xây dựng không có giấy phép]");
      // The location is not asked again.
      expect(textOf(await c.tap("Xây dựng không có giấy phép"))).to.include("Bước 3/5");
    });

    it("a long first message about a problem becomes the description draft", async () => {
      const c = h.citizen();
      const told =
        "Chào cán bộ, tôi ở thôn Đồng Bụt. Mấy hôm nay nhà hàng xóm số 12 đổ móng, xây tường lấn ra đường làng khoảng một mét, " +
        "xe máy đi qua rất khó, buổi tối còn để cát đá chắn lối đi. Mong xã cho người xuống kiểm tra.";
      const r = textOf(await c.send(told));
      expect(r).to.include("ghi nội dung ông/bà vừa nhắn làm mô tả");
      await c.act({ type: "location", ...IN_DONG_BUT });
      if (!textOf(c.all().slice(-1)).includes("Bước 3/5")) await c.send("1");
      await c.tap("Bỏ qua ảnh");
      const summary = textOf(await c.tap("Ẩn danh"));
      expect(summary).to.include("kiểm tra lại phản ánh").and.include("xây tường lấn ra đường làng");
    });

    it("a description over the limit is shortened with the citizen's agreement", async () => {
      const c = h.citizen();
      await reportWithPin(c);
      await c.tap("Bỏ qua ảnh");
      const long = "Nhà số 12 đổ móng lấn ra mặt đường, để vật liệu chắn lối đi. ".repeat(20);
      const offer = textOf(await c.send(long));
      expect(offer).to.include(`${long.trim().length} ký tự`).and.include("[Dùng bản rút gọn]");
      expect(textOf(await c.tap("Dùng bản rút gọn"))).to.include("Bước 5/5");
      const summary = textOf(await c.tap("Ẩn danh"));
      expect(summary).to.include("Mô tả: Nhà số 12 đổ móng").and.include("…");
    });
  });
});
