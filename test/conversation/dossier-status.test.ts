import { expect } from "chai";
import { createReadStream } from "node:fs";
import { Redis } from "ioredis";
import { importDossiers } from "../../src/dossiers/import.js";
import { upsertDossiers } from "../../src/dossiers/repository.js";
import { redisKey } from "../../src/redis.js";
import { Harness, textOf } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

const SAMPLE = DOSSIERS_SAMPLE;
const PROCESSING = "000.00.21.H26-251117-0001"; // Trợ cấp xã hội hàng tháng, status 4
const SUPPLEMENT = "000.00.21.H26-251118-0001"; // status 5: bring documents

describe("conversation: dossier status look-up", function () {
  this.timeout(60000);
  let h: Harness;
  let now = new Date("2025-11-25T03:00:00Z");
  before(async () => {
    h = await Harness.start({ clock: () => now });
    const summary = await importDossiers(h.db, h.commune.id, createReadStream(SAMPLE));
    expect(summary.rejected).to.deep.equal([]);
  });
  after(async () => {
    await h?.stop();
  });
  beforeEach(() => {
    now = new Date("2025-11-25T03:00:00Z");
  });

  it("answers a code typed inside free text, without diacritics, with status and next step", async () => {
    const c = h.citizen();
    const r = textOf(await c.send(`chao ad, cho e hoi hs ${PROCESSING.toLowerCase()} cua e den dau roi a`));
    expect(r).to.include(`Hồ sơ ${PROCESSING}`);
    expect(r).to.include("Trợ cấp xã hội hàng tháng");
    expect(r).to.include("Đang được giải quyết");
    expect(r).to.include("Ngày hẹn trả kết quả: 15/12/2025 17:00");
    expect(r).to.include("[Theo dõi hồ sơ này]");
  });

  it("asks for the code when the citizen asks about a dossier without one, then answers it", async () => {
    const c = h.citizen();
    expect(textOf(await c.send("tra cứu hồ sơ"))).to.include("Mời ông/bà nhập mã hồ sơ");
    const r = textOf(await c.send(`  ${SUPPLEMENT.replace(/-/g, " - ")} `));
    expect(r).to.include("Cần bổ sung giấy tờ");
  });

  it("works from the menu button, with and without diacritics", async () => {
    const c = h.citizen();
    await c.send("menu");
    expect(textOf(await c.tap("Tra cứu hồ sơ"))).to.include("nhập mã hồ sơ");
    expect(textOf(await c.send(SUPPLEMENT))).to.include(SUPPLEMENT);
    const d = h.citizen();
    expect(textOf(await d.send("tra cuu ho so"))).to.include("nhập mã hồ sơ");
  });

  it("says when a dossier is not found and how to check the code", async () => {
    const c = h.citizen();
    const r = textOf(await c.send("000.00.21.H26-251231-9999"));
    expect(r).to.include("Không tìm thấy hồ sơ 000.00.21.H26-251231-9999");
    expect(r).to.include("giấy tiếp nhận");
  });

  it("shows the expected form for a malformed code, and re-prompts", async () => {
    const c = h.citizen();
    const r = textOf(await c.send("ma hs cua toi la 000.00.21.H26-2511-0001"));
    expect(r).to.include("chưa đúng dạng mã hồ sơ");
    expect(r).to.include("000.00.21.H26-251126-0001");
    const again = textOf(await c.send("không nhớ"));
    expect(again).to.include("cần mã hồ sơ");
  });

  it("after three inputs it cannot use, offers the menu and an officer", async () => {
    const c = h.citizen();
    await c.send("tra cuu ho so");
    await c.send("abc");
    await c.send("xyz");
    const third = await c.send("khong biet nua");
    expect(textOf(third)).to.include("[Gặp cán bộ]");
    expect(textOf(third)).to.include("[Menu chính]");
  });

  it("obeys every global command from inside the flow", async () => {
    const c = h.citizen();
    await c.send("tra cuu ho so");
    expect(textOf(await c.send("?"))).to.include("nhập mã hồ sơ");
    expect(textOf(await c.send("quay lai"))).to.include("Không thể quay lại");
    expect(textOf(await c.send("HUY"))).to.include("Đã hủy tra cứu hồ sơ");
    expect(textOf(await c.send("hủy"))).to.include("không có việc gì đang làm dở");
    await c.send("tra cuu ho so");
    const menu = textOf(await c.send("0"));
    expect(menu).to.include("[Phản ánh, kiến nghị]");
    // Back at the menu: a code is a fresh look-up, not an answer to a stale step.
    expect(textOf(await c.send("Menu"))).to.include("[Tra cứu hồ sơ]");
  });

  it("drops a flow left idle and says so", async () => {
    const c = h.citizen();
    await c.send("tra cuu ho so");
    now = new Date(now.getTime() + 31 * 60_000);
    const r = textOf(await c.send(PROCESSING));
    expect(r).to.include("đã bị hủy vì quá lâu không có trả lời");
    expect(r).to.include("[Tra cứu hồ sơ]");
  });

  it("limits look-ups per user and says when to try again", async () => {
    const c = h.citizen();
    for (let i = 0; i < 10; i++) await c.send(`000.00.21.H26-251231-${String(1000 + i)}`);
    const r = textOf(await c.send(PROCESSING));
    expect(r).to.include("tra cứu nhiều lần");
    expect(r).to.match(/thử lại sau \d\d:\d\d/);
    now = new Date(now.getTime() + 11 * 60_000);
    expect(textOf(await c.send(PROCESSING))).to.include("Đang được giải quyết");
  });

  it("five events of one user at once: one consistent session, every input applied once", async () => {
    const c = h.citizen();
    const codes = ["251126-0001", "251114-0001", "251117-0001", "251103-0001", "251118-0001"].map((s) => `000.00.21.H26-${s}`);
    const posted = await Promise.all(codes.map((code) => h.post({ type: "text", text: code }, c.userId)));
    expect(posted.map((p) => p.status)).to.deep.equal([200, 200, 200, 200, 200]);
    await Promise.all(posted.map((p) => h.settle(p.msgId)));
    const replies = c.unread();
    expect(replies).to.have.length(5);
    for (const code of codes) expect(replies.filter((r) => r.text.includes(`Hồ sơ ${code}`))).to.have.length(1);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const session = JSON.parse((await redis.get(redisKey(h.prefix, "session", "zalo", c.userId))) ?? "{}") as {
        version: number;
        lookups: number[];
      };
      expect(session.version).to.equal(5);
      expect(session.lookups).to.have.length(5);
    } finally {
      redis.disconnect();
    }
  });

  it("follows a dossier and tells the citizen when its status changes", async () => {
    const c = h.citizen();
    await c.send(PROCESSING);
    expect(textOf(await c.tap("Theo dõi hồ sơ này"))).to.include("Đã đăng ký theo dõi hồ sơ");
    await upsertDossiers(h.db, h.commune.id, [
      {
        code: PROCESSING,
        procedure: "Trợ cấp xã hội hàng tháng",
        channel: "online",
        status: 9,
        receivedAt: new Date("2025-11-17T03:25:00Z"),
        dueAt: new Date("2025-12-15T10:00:00Z"),
        finishedAt: new Date("2025-11-25T02:00:00Z"),
      },
    ]);
    await h.triggerDossierNotices();
    const fresh = textOf(await c.waitForReplies(1));
    expect(fresh).to.include(`Hồ sơ ${PROCESSING}`);
    expect(fresh).to.include("Đã có kết quả, chờ ông/bà nhận");
  });
});

describe("conversation: a notice the platform will not deliver now", function () {
  this.timeout(60000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await importDossiers(h.db, h.commune.id, createReadStream(SAMPLE));
  });
  after(async () => {
    await h?.stop();
  });

  it("is held outside Zalo's window and delivered when the citizen next writes", async () => {
    const c = h.citizen();
    await c.send(SUPPLEMENT);
    await c.tap("Theo dõi hồ sơ này");
    // 48 hours later Zalo refuses customer-service messages to this user.
    h.zalo.failFor(c.userId, -230);
    await upsertDossiers(h.db, h.commune.id, [
      {
        code: SUPPLEMENT,
        procedure: "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        channel: "online",
        status: 6,
        receivedAt: new Date("2025-11-18T06:15:00Z"),
        dueAt: new Date("2025-12-16T10:00:00Z"),
        finishedAt: null,
      },
    ]);
    await h.triggerDossierNotices();
    await h.waitForHeld(c.userId, 1);
    expect(c.unread()).to.deep.equal([]);

    h.zalo.clearFailFor(c.userId);
    const before = c.all().length;
    await c.send("alo");
    // The menu answering "alo", and the held notice.
    await h.zalo.waitForMessages(c.userId, before + 2);
    await h.quiet(); // a duplicate, if any, has arrived by now
    const all = textOf(c.all().slice(before));
    expect(all).to.include("Chờ nộp phí, lệ phí");
    expect(all.match(/Chờ nộp phí, lệ phí/g)).to.have.length(1);
    const pending = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM held_notices WHERE delivered_at IS NULL");
    expect(pending[0]?.n).to.equal(0);
  });
});
