import { expect } from "chai";
import { getCase } from "../../src/cases/case-queries.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";

// Local problems outside construction order (a broken streetlight, rubbish, a fallen tree), from
// the first message to the filed case, through the real webhook, queues, workers and database.

const CODE = /PA-\d{6}-[A-Z0-9]{4}/;
// Pins in Thôn Đồng Bụt, whose area rule sends any category to the northern construction team:
// the category decides here.
const spot = (n: number) => ({ latitude: 21.0 + n * 0.002, longitude: 105.607 });

describe("conversation: other local problems", function () {
  this.timeout(60000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  async function fileWith(c: Citizen, at: { latitude: number; longitude: number }, description: string): Promise<string> {
    await c.act({ type: "location", ...at });
    await c.tap("Bỏ qua ảnh");
    await c.send(description);
    await c.tap("Ẩn danh");
    const summary = textOf(await c.tap("Gửi"));
    expect(summary).to.include("Đang gửi phản ánh");
    const deadline = Date.now() + 10000;
    for (;;) {
      const found = c.all().find((r) => CODE.test(r.text));
      if (found) return found.text.match(CODE)![0];
      if (Date.now() > deadline) throw new Error(`no tracking code; the citizen saw:\n${textOf(c.all())}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it("a broken streetlight starts a lighting report, filed to the team the config routes lighting to", async () => {
    const c = h.citizen();
    const opened = textOf(await c.send("đèn đường trước nhà văn hóa bị hỏng mấy hôm nay rồi ad ơi"));
    expect(opened).to.include("Phản ánh – loại: Đèn chiếu sáng công cộng hỏng").and.include("phản ánh ở đâu");
    const code = await fileWith(c, spot(1), "Bóng đèn đường trước cổng nhà văn hóa thôn Đồng Bụt không sáng từ thứ Hai");
    const filed = await getCase(h.db, code);
    expect(filed).to.include({ category: "chieu_sang", areaId: "dong-but", teamId: "dia-chinh" });
  });

  it("uncollected rubbish goes to the environment team", async () => {
    const c = h.citizen();
    expect(textOf(await c.send("rac o dau ngo 2 tuan nay khong ai thu gom"))).to.include("loại: Rác thải, vệ sinh môi trường, cống rãnh");
    const code = await fileWith(c, spot(2), "Rác ở đầu ngõ 3 thôn Đồng Bụt hai tuần nay không ai thu gom");
    expect(await getCase(h.db, code)).to.include({ category: "ve_sinh_moi_truong", teamId: "moi-truong" });
  });

  it("a problem no category covers is filed as 'Khác' to the fallback team, never 'not understood'", async () => {
    const c = h.citizen();
    const opened = textOf(await c.send("cây to trước cổng trường bị đổ chắn ngang đường"));
    expect(opened).to.include("loại: Khác").and.not.include("chưa hiểu");
    const code = await fileWith(c, spot(3), "Cây xà cừ trước cổng trường tiểu học đổ chắn ngang đường từ sáng");
    expect(await getCase(h.db, code)).to.include({ category: "khac_chung", teamId: h.commune.fallbackTeam });
  });

  it("thanks in the middle of a report get the polite word and where the report stands, never taken for the address", async () => {
    const c = h.citizen();
    await c.send("đèn đường ngõ 5 bị hỏng");
    const r = textOf(await c.send("cảm ơn ad ạ"));
    expect(r)
      .to.include("Rất vui được hỗ trợ ông/bà")
      .and.include("Tiếp tục phản ánh (bước 2/5)")
      .and.not.include("Tổng đài đã ghi địa chỉ");
    expect(textOf(await c.send("ngõ 5 thôn Phú Mỹ"))).to.include("ảnh hiện trường");
  });

  it("a construction report still asks its category when none is named", async () => {
    const asked = textOf(await h.citizen().send("có nhà xây trái phép ở đầu ngõ"));
    expect(asked)
      .to.include("Bước 1/5 – Ông/bà muốn phản ánh việc gì?")
      .and.include("[Xây dựng không có giấy phép]")
      .and.include("[Đèn chiếu sáng công cộng hỏng]");
  });
});
