import { createReadStream } from "node:fs";
import { expect } from "chai";
import { importDossiers } from "../../src/dossiers/import.js";
import { Harness, textOf } from "../support/harness.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

// The procedure guide, dossiers asked about in citizens' words, through the real webhook, queues,
// workers and database, with the example commune's example catalogue.

const MARRIAGE_SUPPLEMENT = "000.00.21.H26-251124-0002"; // Đăng ký kết hôn, status 5 (bring documents)
const ALLOWANCE = "000.00.21.H26-251117-0001"; // Trợ cấp xã hội hàng tháng, status 4

describe("conversation: procedure guide", function () {
  this.timeout(60000);
  let h: Harness;
  const now = new Date("2025-11-25T03:00:00Z");
  before(async () => {
    h = await Harness.start({ clock: () => now });
    expect((await importDossiers(h.db, h.commune.id, createReadStream(DOSSIERS_SAMPLE))).rejected).to.deep.equal([]);
  });
  after(async () => {
    await h?.stop();
  });

  it("answers the papers for a birth registration, with a link to submit online and buttons for the rest", async () => {
    const r = await h.citizen().send("lam giay khai sinh cho con can giay to gi a");
    expect(r).to.have.length(1);
    const [card] = r;
    expect(card!.text).to.include("Đăng ký khai sinh – giấy tờ cần có").and.include("Tờ khai đăng ký khai sinh (bản chính)");
    expect(card!.text).to.include("Giấy chứng sinh").and.include("Mang theo để xuất trình").and.include("Nguồn: Luật Hộ tịch 2014");
    expect(card!.buttons.map((b) => b.title)).to.deep.equal(["Thời gian", "Lệ phí", "Nơi nộp", "Nộp trực tuyến", "Tra cứu hồ sơ"]);
    expect(card!.buttons.find((b) => b.title === "Nộp trực tuyến")!.url, JSON.stringify(card!.raw)).to.equal("https://dichvucong.gov.vn");
    // The link is a Zalo URL button: it opens the portal and sends nothing back.
    expect(JSON.stringify(card!.raw)).to.include('"type":"oa.open.url"');
  });

  it("answers the part asked first, and each button its part", async () => {
    const c = h.citizen();
    const fee = await c.send("đăng ký khai sinh có mất phí không ạ");
    expect(fee[0]!.text).to.include("Đăng ký khai sinh – lệ phí: Miễn lệ phí khi đăng ký trong 60 ngày");
    expect(fee[0]!.buttons.map((b) => b.title))
      .to.include("Giấy tờ")
      .and.not.include("Lệ phí");
    expect(textOf(await c.tap("Thời gian"))).to.include("thời gian giải quyết: Ngay trong ngày tiếp nhận hồ sơ");
    expect(textOf(await c.tap("Nơi nộp")))
      .to.include("nơi nộp: Bộ phận một cửa UBND xã Kiều Phú")
      .and.include("Người quyết định: Chủ tịch UBND xã");
    expect(textOf(await c.tap("Giấy tờ"))).to.include("Tờ khai đăng ký khai sinh");
  });

  it("says a fact the catalogue lacks is missing, and where to ask, instead of guessing", async () => {
    const r = textOf(await h.citizen().send("xin giấy phép xây dựng nhà ở mất bao lâu"));
    expect(r).to.include("Cấp giấy phép xây dựng nhà ở riêng lẻ: danh mục của xã chưa ghi thời gian giải quyết");
    expect(r).to.include("024 3384 3115").and.not.include("Nộp trực tuyến");
  });

  it("offers the procedures a question fits, and the common ones with the hotline when it names none", async () => {
    const several = (await h.citizen().send("chứng thực"))[0]!;
    expect(several.text).to.include("Ông/bà hỏi thủ tục nào?");
    expect(several.buttons.map((b) => b.title)).to.deep.equal([
      "Chứng thực bản sao từ bản chính",
      "Chứng thực chữ ký",
      "Chứng thực hợp đồng, giao dịch",
    ]);

    const c = h.citizen();
    await c.send("menu");
    const common = (await c.tap("Thủ tục hành chính"))[0]!;
    expect(common.text).to.include("Ông/bà muốn hỏi thủ tục nào?").and.include("024 3384 3115");
    expect(common.buttons).to.have.length(5);
    expect(textOf(await c.tap("Đăng ký kết hôn"))).to.include("Tờ khai đăng ký kết hôn");

    // A part asked without a procedure: the buttons ask for that part.
    const fees = (await h.citizen().send("lệ phí bao nhiêu vậy ad"))[0]!;
    expect(fees.buttons[0]!.payload).to.equal("Lệ phí: Đăng ký khai sinh");
  });

  it("links a dossier's card to its procedure: 'Giấy tờ cần bổ sung?' while supplements are awaited", async () => {
    const c = h.citizen();
    const card = (await c.send(MARRIAGE_SUPPLEMENT))[0]!;
    expect(card.text).to.include("Đăng ký kết hôn");
    expect(card.buttons.map((b) => b.title)).to.include("Giấy tờ cần bổ sung?");
    const papers = textOf(await c.tap("Giấy tờ cần bổ sung?"));
    expect(papers).to.include("Giấy tờ cụ thể cần bổ sung được ghi trong thông báo yêu cầu bổ sung").and.include("Tờ khai đăng ký kết hôn");

    const other = (await h.citizen().send(ALLOWANCE))[0]!;
    expect(other.buttons.map((b) => b.title))
      .to.include("Hướng dẫn thủ tục")
      .and.include("Theo dõi hồ sơ này");
    expect(other.buttons.length).to.be.at.most(5);
  });

  it("answers each of several dossier codes in one message, and follows any of them afterwards", async () => {
    const c = h.citizen();
    const r = await c.send(`cho em hỏi 2 hồ sơ ${ALLOWANCE} và ${MARRIAGE_SUPPLEMENT} ạ`);
    expect(r.map((m) => m.text.split("\n")[0])).to.deep.equal([`📄 Hồ sơ ${ALLOWANCE}`, `📄 Hồ sơ ${MARRIAGE_SUPPLEMENT}`]);
    expect(textOf(await c.send(`Theo dõi hồ sơ ${ALLOWANCE}`))).to.include(`Đã đăng ký theo dõi hồ sơ ${ALLOWANCE}`);
  });

  it("looks up no more codes than the citizen's allowance, and says which were left", async () => {
    const c = h.citizen();
    const codes = ["251126-0001", "251114-0001", "251117-0001", "251103-0001", "251118-0001"].map((t) => `000.00.21.H26-${t}`);
    // 10 look-ups per 10 minutes: 8 single ones first, then 5 codes in one message.
    for (let i = 0; i < 8; i++) await c.send(codes[i % 5]!);
    const r = await c.send(codes.join(" "));
    expect(r.filter((m) => m.text.startsWith("📄 Hồ sơ"))).to.have.length(2);
    expect(r.at(-1)!.text).to.include(`Tổng đài chưa tra được 3 hồ sơ ${codes.slice(2).join(", ")}`);
    expect(textOf(await c.send(codes[4]!))).to.include("đã tra cứu nhiều lần");
  });

  it("asks for the code, and where to find it, when 'my dossier' comes without one", async () => {
    for (const asked of ["sổ đỏ nhà em đã làm xong chưa ạ", "kq hs cua e co chua", "hồ sơ trợ cấp của mẹ em duyệt chưa ạ"]) {
      const r = textOf(await h.citizen().send(asked));
      expect(r, asked).to.include("Mời ông/bà nhập mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả").and.include("không nhớ mã");
    }
  });

  it("answers a procedure question asked in the middle of a report, then goes on with the report", async () => {
    const c = h.citizen();
    await c.send("tôi muốn phản ánh");
    await c.send("1");
    const r = textOf(await c.send("làm khai sinh cần giấy tờ gì"));
    expect(r).to.include("Tờ khai đăng ký khai sinh").and.include("Tiếp tục phản ánh (bước 2/5)");
  });

  it("answers a quick question asked alongside: the procedure first, then the hours", async () => {
    const r = await h.citizen().send("cho hỏi thủ tục đăng ký khai sinh cần gì và giờ làm việc của xã");
    expect(r).to.have.length(2);
    expect(r[0]!.text).to.include("Tờ khai đăng ký khai sinh");
    expect(r[1]!.text).to.include("Giờ làm việc của Bộ phận một cửa");
  });
});
