import { expect } from "chai";
import { captureLogs } from "../support/logs.js";
import { fileReportWithContact } from "../support/filed-by.js";
import { Redis } from "ioredis";
import { CONSENT_TEXT, PRIVACY_BUTTON } from "../../flows/messages.privacy.vi.js";
import { Harness, textOf } from "../support/harness.js";
import { BACKENDS } from "../support/db.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { columnsHolding, everythingUnder } from "./support.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";

const NOTICE = /^Về dữ liệu cá nhân/;

describe("personal data in the chat, through the webhook (issue 25)", function () {
  this.timeout(60_000);
  let h: Harness;
  let redis: Redis;
  before(async () => {
    h = await Harness.start({ privacyNotice: true });
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  it("gives the notice on a follow and on a first message, once, with the normal answer", async () => {
    const follower = h.citizen();
    const welcome = await follower.act({ type: "follow" });
    expect(welcome.map((r) => r.text)[1]).to.match(NOTICE);
    expect(welcome.at(-1)!.buttons.map((b) => b.title)).to.include("Tra cứu hồ sơ");
    expect((await follower.send("giờ làm việc")).filter((r) => NOTICE.test(r.text))).to.have.length(0);

    const writer = h.citizen();
    const first = await writer.send("giờ làm việc");
    expect(first.filter((r) => NOTICE.test(r.text))).to.have.length(1);
    expect(textOf(first)).to.include("Giờ làm việc").and.include("[Xem dữ liệu của tôi]");
    expect((await writer.send("giờ làm việc")).filter((r) => NOTICE.test(r.text))).to.have.length(0);
    // Asked for in their words: given again, whenever.
    expect((await writer.send("du lieu cua toi")).map((r) => r.text)[0]).to.match(NOTICE);
  });

  it("records a consent given and withdrawn with the text shown, naming the person by a keyed hash", async () => {
    const c = h.citizen();
    await c.send("quyền riêng tư");
    const screen = await c.tap(PRIVACY_BUTTON.consents);
    expect(screen[0]!.buttons.map((b) => b.title)).to.include(PRIVACY_BUTTON.grant("callback_phone"));
    expect(textOf(await c.tap(PRIVACY_BUTTON.grant("callback_phone")))).to.include("Đã ghi nhận ông/bà đồng ý");
    expect(textOf(await c.send("rut dong y goi lai"))).to.include("rút đồng ý");
    await h.quiet();
    const rows = await h.db.query<{ commune_id: string; person_hash: string; purpose: string; granted: boolean; text_shown: string }>(
      "SELECT commune_id, person_hash, purpose, granted, text_shown FROM consent_records ORDER BY id",
    );
    // The database's stable hash key (src/privacy/key-store.ts).
    const hash = currentDataKeys().personHash("zalo", c.userId);
    expect(rows.map((r) => [r.purpose, r.granted])).to.deep.equal([
      ["callback_phone", true],
      ["callback_phone", false],
    ]);
    for (const r of rows) {
      expect(r.commune_id).to.equal("kieu-phu");
      expect(r.text_shown).to.equal(CONSENT_TEXT.callback_phone);
      expect(r.person_hash).to.equal(hash);
    }
    expect(await columnsHolding(h.db, c.userId)).to.deep.equal([]);
    const shown = textOf(await c.tap(PRIVACY_BUTTON.holdings));
    expect(shown).to.include("gọi lại – chưa đồng ý");
  });
});

for (const backend of BACKENDS) {
  describe(`erasure on request through the webhook, ${backend} (issue 25)`, function () {
    this.timeout(60_000);
    let h: Harness;
    let redis: Redis;
    before(async () => {
      h = await Harness.start({ backend });
      redis = new Redis(TEST_REDIS_URL);
    });
    after(async () => {
      redis?.disconnect();
      await h?.stop();
    });

    it("erases the citizen's account, name and phone everywhere on request, and keeps the case; the logs never held them", async () => {
      const needles: string[] = [];
      // Every log line of the whole exchange, as the log files would keep it (after redaction).
      const { lines } = await captureLogs(async () => {
        const c = h.citizen();
        const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
        const name = "Phạm Thị Hồng Nhung";
        const code = await fileReportWithContact(h, c, { name, phone });
        await h.quiet(20_000);
        expect(code).to.be.a("string");
        const digits = phone.slice(1);
        // Kept, but only sealed: no column holds the number or the name in clear, even before erasure.
        const sealedContact = async () =>
          (await h.db.query<{ phone: string | null }>("SELECT contact_phone_sealed AS phone FROM cases WHERE code = $1", [code]))[0]?.phone;
        expect(await sealedContact()).to.be.a("string");
        expect(await columnsHolding(h.db, digits), "before").to.deep.equal([]);
        expect(await columnsHolding(h.db, name), "before").to.deep.equal([]);
        expect(textOf(await c.send("tổng đài lưu gì về tôi")))
          .to.include(code)
          .and.include("Số điện thoại: có lưu");

        expect(textOf(await c.tap(PRIVACY_BUTTON.erase))).to.include("Không thể hoàn tác");
        expect(textOf(await c.tap(PRIVACY_BUTTON.eraseConfirm))).to.include("đang xóa");
        await h.quiet();
        const done = await h.db.query<{ done_at: Date | null; outcome: Record<string, number> }>(
          "SELECT done_at, outcome FROM privacy_requests WHERE kind = 'erasure'",
        );
        expect(done).to.have.length(1);
        expect(done[0]!.done_at).to.not.equal(null);
        expect(done[0]!.outcome).to.include({ casesDeidentified: 1 });

        for (const needle of [c.userId, digits, name]) {
          expect(await columnsHolding(h.db, needle), needle).to.deep.equal([]);
          expect(await everythingUnder(redis, h.prefix), needle).to.not.include(needle);
        }
        expect(await sealedContact()).to.equal(null);
        const kept = await h.db.query<{ code: string; description: string }>("SELECT code, description FROM cases WHERE code = $1", [code]);
        expect(kept).to.have.length(1);
        expect(kept[0]!.description).to.include("đổ móng");
        needles.push(c.userId, digits, name);
      });
      const logged = JSON.stringify(lines);
      expect(lines.length).to.be.greaterThan(0);
      for (const needle of needles) expect(logged.includes(needle), `the logs hold ${needle}`).to.equal(false);
    });
  });
}
