import { expect } from "chai";
import { Harness, textOf } from "../support/harness.js";

describe("conversation: menu, contact and the OA's followers", function () {
  this.timeout(60000);
  let h: Harness;
  // Tuesday 24/11/2026, local time is set per test.
  let now = new Date("2026-11-24T03:00:00Z");
  before(async () => {
    h = await Harness.start({ clock: () => now });
  });
  after(async () => {
    await h?.stop();
  });

  it("welcomes a new follower with the menu", async () => {
    const c = h.citizen();
    const r = textOf(await c.act({ type: "follow" }));
    expect(r).to.include("Kính chào ông/bà! Cảm ơn ông/bà đã quan tâm Zalo của UBND xã Kiều Phú");
    expect(r).to.include("[Tra cứu hồ sơ]");
    expect(r).to.include("[Phản ánh, kiến nghị]");
    expect(r).to.include("[Thủ tục hành chính]");
    expect(r).to.include("[Giờ làm việc & liên hệ]");
    expect(r).to.include("[Gặp cán bộ]");
  });

  it("keeps to Zalo's five buttons on the menu, and numbers them as shown", async () => {
    const menu = (await h.citizen().send("menu")).flatMap((m) => m.buttons);
    expect(menu).to.have.length(5);
    const c = h.citizen();
    expect(textOf(await c.send("2"))).to.include("Ông/bà muốn hỏi thủ tục nào?");
    expect(textOf(await c.send("5"))).to.include("cán bộ");
  });

  it("closes the session on unfollow", async () => {
    const c = h.citizen();
    await c.send("tra cuu ho so");
    expect(await c.act({ type: "unfollow" })).to.deep.equal([]);
    // Back later: no stale step waiting for a dossier code.
    const r = textOf(await c.act({ type: "follow" }));
    expect(r).to.include("[Tra cứu hồ sơ]");
    expect(textOf(await c.send("hello"))).to.include("[Tra cứu hồ sơ]");
  });

  it("tells the hours, that the centre is open now, the address and the hotline", async () => {
    now = new Date("2026-11-24T03:00:00Z"); // Tuesday 10:00 in Hà Nội
    const r = textOf(await h.citizen().send("may gio mo cua vay ad"));
    expect(r).to.include("07:30–11:30");
    expect(r).to.include("17:30–19:30 (buổi tối)");
    expect(r).to.include("đang mở cửa (đến 11:30)");
    expect(r).to.include("Trụ sở UBND xã Kiều Phú");
    expect(r).to.include("024 3384 3115");
  });

  it("says when the centre opens next when it is closed, evening hours included", async () => {
    now = new Date("2026-11-24T10:45:00Z"); // Tuesday 17:45: extended evening hours
    expect(textOf(await h.citizen().send("giờ làm việc"))).to.include("đang mở cửa (đến 19:30, buổi tối)");
    now = new Date("2026-11-28T12:00:00Z"); // Saturday 19:00
    expect(textOf(await h.citizen().send("Giờ làm việc & liên hệ"))).to.include("Mở cửa lại Thứ Hai 30/11 lúc 07:30");
  });

  it("answers the hotline number and the address asked in free text", async () => {
    expect(textOf(await h.citizen().send("cho xin sdt duong day nong"))).to.include("024 3384 3115");
    expect(textOf(await h.citizen().send("bộ phận một cửa ở đâu vậy ạ"))).to.include("Địa chỉ:");
  });

  it("'gặp cán bộ' when the centre is closed: says when it opens, offers to leave a message, gives the hotline", async () => {
    now = new Date("2026-11-28T12:00:00Z"); // Saturday 19:00
    const c = h.citizen();
    const r = textOf(await c.send("cho toi gap can bo"));
    expect(r).to.include("mở cửa lại Thứ Hai 30/11 lúc 07:30").and.include("để lại lời nhắn").and.include("024 3384 3115");
    expect(r).not.to.include("đang được xây dựng");
    expect(textOf(await c.send("hủy"))).to.include("Đã hủy lời nhắn cho cán bộ");
  });

  it("says in one line what it can do and offers a person when it does not understand", async () => {
    const r = await h.citizen().send("asdfgh");
    expect(r).to.have.length(1);
    expect(r[0]!.text).to.include("chưa hiểu").and.include("tra cứu hồ sơ, hướng dẫn thủ tục, nhận phản ánh").and.not.include("\n");
    expect(r[0]!.buttons.map((b) => b.title)).to.include("Gặp cán bộ");
  });

  it("answers thanks, a nod, an emoji, a sticker and a goodbye with a short word, not the menu again", async () => {
    const c = h.citizen();
    for (const [said, answer] of [
      ["cảm ơn ad nhiều ạ", "Rất vui được hỗ trợ ông/bà"],
      ["xin cảm ơn cán bộ", "Rất vui được hỗ trợ ông/bà"],
      ["vâng", "Dạ."],
      ["😊", "Dạ."],
      ["tạm biệt", "Kính chào ông/bà"],
    ] as const) {
      const r = await c.send(said);
      expect(r, said).to.have.length(1);
      expect(r[0]!.text, said).to.include(answer);
      expect(r[0]!.buttons, said).to.deep.equal([]);
    }
    const sticker = await c.act({ type: "sticker" });
    expect(sticker).to.have.length(1);
    expect(sticker[0]!.buttons).to.deep.equal([]);
  });

  it("tells the hours, evening hours included, to who is on duty tonight, at lunch or on Sunday", async () => {
    now = new Date("2026-11-24T03:00:00Z"); // Tuesday 10:00 in Hà Nội
    for (const asked of ["tối nay ai trực ạ", "trưa có ai làm việc không", "chu nhat co ai truc khong"]) {
      const r = textOf(await h.citizen().send(asked));
      expect(r, asked).to.include("07:30–11:30").and.include("13:30–17:00").and.include("17:30–19:30 (buổi tối)");
    }
  });

  it("understands menu numbers and English commands", async () => {
    const c = h.citizen();
    expect(textOf(await c.send("1"))).to.include("nhập mã hồ sơ");
    expect(textOf(await c.send("cancel"))).to.include("Đã hủy tra cứu hồ sơ");
    expect(textOf(await c.send("help"))).to.include("Lệnh nhanh");
  });
});
