import { expect } from "chai";
import { fileCase } from "../../src/cases/file-case.js";
import { testEnv } from "../support/env.js";
import { Harness } from "../support/harness.js";

/** Vũ Thanh Sơn and Bùi Thị Hoa, on duty in team dia-chinh. */
const DIA_CHINH = ["5210000000000000005", "5210000000000000006"];

describe("a case handed to another team through the API reaches that team over Zalo (real queues, fake Zalo)", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it("queues a case-reassigned job the workers turn into the new-case notice", async () => {
    const { case: c } = await fileCase(h.db, h.commune, {
      sourceKey: `reassign-${Date.now()}`,
      category: "xay_dung_khong_phep",
      location: { lat: 21.005, lng: 105.61 },
      description: "Xây tường rào lấn ra mương thoát nước của thôn",
    });
    const res = await fetch(`${h.url}/api/v1/cases/${c.code}/reassign`, {
      method: "POST",
      headers: { authorization: `Bearer ${testEnv().ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ teamId: "dia-chinh" }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
    for (const officer of DIA_CHINH) {
      const msgs = await h.zalo.waitForMessages(officer, 1, 20_000);
      expect(String(msgs[0]!.message.text)).to.contain(c.code);
    }
    // Told as a transfer, not as a new report. (The filing's own notice, relayed after the
    // hand-over in this quick test, may reach the new team too, as a new report.)
    await h.quiet();
    for (const officer of DIA_CHINH) {
      const texts = h.zalo.messagesFor(officer).map((m) => String(m.message.text));
      expect(
        texts.some((t) => t.includes(`🔁 Phản ánh ${c.code} được chuyển đến`)),
        texts.join("\n---\n"),
      ).to.equal(true);
    }
  });

  it("an acknowledged case handed over arrives with its resolution deadline and no 'Tiếp nhận' to do", async () => {
    const { case: c } = await fileCase(h.db, h.commune, {
      sourceKey: `reassign-ack-${Date.now()}`,
      category: "xay_dung_khong_phep",
      location: { lat: 21.005, lng: 105.61 },
      description: "Đổ trần tầng 3 khi giấy phép chỉ cho 2 tầng",
    });
    await h.quiet();
    const call = (path: string, body: unknown) =>
      fetch(`${h.url}/api/v1/cases/${c.code}/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${testEnv().ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await call("transitions", { to: "acknowledged" })).status).to.equal(200);
    expect((await call("reassign", { teamId: "dia-chinh" })).status).to.equal(200);
    await h.quiet();
    const [officer] = DIA_CHINH;
    const transfer = h.zalo
      .messagesFor(officer!)
      .map((m) => m.message as { text?: unknown; attachment?: { payload?: { buttons?: { title: string }[] } } })
      .find((m) => String(m.text).includes(`🔁 Phản ánh ${c.code} được chuyển đến`))!;
    expect(String(transfer.text)).to.contain("⏰ Hạn giải quyết:").and.not.contain("Hạn tiếp nhận");
    expect((transfer.attachment?.payload?.buttons ?? []).map((b) => b.title)).to.deep.equal(["Đang xử lý", "Xem chi tiết"]);
  });
});
