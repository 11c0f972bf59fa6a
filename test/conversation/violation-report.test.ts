import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { CaseDetail } from "../../src/cases/case.js";
import { getCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import { followersOf } from "../../src/cases/followers.js";
import { routeCase } from "../../src/commune/routing.js";
import { QUEUE } from "../../src/queues/names.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { captureLogs } from "../support/logs.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";

// Whole report conversations through the real webhook, queues, workers and PostgreSQL, with a
// fake Zalo OA API on the other side.

// Pins in Thôn Đồng Bụt, a few hundred metres apart: reports of one test are no duplicates of another's.
const spot = (n: number) => ({ latitude: 20.996 + n * 0.002, longitude: 105.605 });
// A 1×1 PNG: what the photo server answers, so that the case worker can keep real copies.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const DESCRIPTION = "Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay";
const CODE = /PA-\d{6}-[A-Z0-9]{4}/;

describe("conversation: violation report", function () {
  this.timeout(60000);
  let h: Harness;
  let photos: Server;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "report-"));
    photos = createServer((_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end(PNG));
    await new Promise<void>((resolve) => photos.listen(0, "127.0.0.1", resolve));
    h = await Harness.start({ env: { DATA_DIR: dataDir } });
  });
  after(async () => {
    await h?.stop();
    photos?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A photo as Zalo's CDN would link it. */
  const photo = (n: number) =>
    `http://127.0.0.1:${(photos.address() as AddressInfo).port}/p/${n}-${Math.random().toString(36).slice(2)}.jpg`;

  const shareInfo = (c: Citizen, name: string, phone: string) => c.act({ type: "submit_info", name, phone });

  /** The case worker answers after filing, outside the event's own replies: wait for the code. */
  async function trackingCode(c: Citizen, timeoutMs = 10000): Promise<{ code: string; text: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = c.all().find((r) => CODE.test(r.text) && !r.text.includes("Theo dõi"));
      if (found) return { code: found.text.match(CODE)![0], text: found.text };
      if (Date.now() > deadline) throw new Error(`no tracking code; the citizen saw:\n${textOf(c.all())}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function casesReportedBy(c: Citizen): Promise<string[]> {
    const rows = await h.db.query<{ code: string }>("SELECT code FROM cases WHERE reporter_hash = $1", [
      currentDataKeys().personHash("zalo", c.userId),
    ]);
    return rows.map((r) => r.code);
  }

  async function caseOf(code: string): Promise<CaseDetail> {
    const c = await getCase(h.db, code);
    if (!c) throw new Error(`case ${code} not stored`);
    return c;
  }

  /** From "phản ánh" to the photos step with a pin in Đồng Bụt. */
  async function upToPhotos(c: Citizen, at: { latitude: number; longitude: number }): Promise<void> {
    expect(textOf(await c.send("phan anh"))).to.include("[Xây dựng không có giấy phép]");
    expect(textOf(await c.tap("Xây dựng không có giấy phép"))).to.include("phản ánh ở đâu");
    expect(textOf(await c.act({ type: "location", ...at }))).to.include("Thôn Đồng Bụt");
  }

  it("pin + 3 photos + anonymous → a case with a tracking code, its team and the acknowledge-by time", async () => {
    const c = h.citizen();
    await upToPhotos(c, spot(1));
    for (let i = 1; i <= 3; i++) expect(textOf(await c.act({ type: "image", urls: [photo(i)] }))).to.include(`${i}/5`);
    expect(textOf(await c.tap("Xong"))).to.include("mô tả sự việc");
    expect(textOf(await c.send(DESCRIPTION))).to.include("[Ẩn danh]");
    const summary = textOf(await c.tap("Ẩn danh"));
    expect(summary).to.include("Ảnh: 3 ảnh").and.include("Liên hệ: Ẩn danh").and.include("Thôn Đồng Bụt").and.include("[Gửi]");
    expect(textOf(await c.tap("Gửi"))).to.include("Đang gửi phản ánh");

    const { code, text } = await trackingCode(c);
    const filed = await caseOf(code);
    const team = h.commune.teams.find((t) => t.id === routeCase(h.commune, "dong-but", "xay_dung_khong_phep"))!;
    expect(text)
      .to.include(team.name)
      .and.match(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(filed).to.include({
      category: "xay_dung_khong_phep",
      areaId: "dong-but",
      teamId: team.id,
      anonymous: true,
      contactName: null,
      contactPhone: null,
      description: DESCRIPTION,
    });
    expect(filed.photos).to.have.length(3);
  });

  it("a description holding U+0000 (which PostgreSQL refuses) is filed without it", async () => {
    const c = h.citizen();
    // A spot of its own: a case at another test's spot would be offered as a nearby duplicate there.
    await upToPhotos(c, spot(6.5));
    await c.tap("Bỏ qua ảnh");
    await c.send(`${DESCRIPTION}\u0000`);
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    const filed = await caseOf((await trackingCode(c)).code);
    expect(filed.description).to.equal(DESCRIPTION);
  });

  it("typed address + village buttons + shared Zalo contact", async () => {
    const c = h.citizen();
    await c.send("Phản ánh vi phạm");
    await c.send("lan chiem");
    const village = textOf(await c.send("số 12 ngõ 5 đường liên thôn"));
    expect(village).to.include("thuộc thôn nào").and.include("[Thôn Ngọc Bài]");
    expect(textOf(await c.tap("Thôn Ngọc Bài"))).to.include("ảnh hiện trường");
    await c.tap("Bỏ qua ảnh");
    await c.send(DESCRIPTION);
    const asked = await c.tap("Chia sẻ thông tin Zalo");
    expect(JSON.stringify(asked.map((r) => r.raw))).to.include("request_user_info");
    const summary = textOf(await shareInfo(c, "Nguyễn Văn An", "84912345678"));
    expect(summary).to.include("Nguyễn Văn An – 0912345678").and.include("số 12 ngõ 5 đường liên thôn (Thôn Ngọc Bài)");
    await c.tap("Gửi");

    const filed = await caseOf((await trackingCode(c)).code);
    expect(filed).to.include({
      category: "lan_chiem",
      address: "số 12 ngõ 5 đường liên thôn",
      areaId: "ngoc-bai",
      teamId: routeCase(h.commune, "ngoc-bai", "lan_chiem"),
      anonymous: false,
      contactName: "Nguyễn Văn An",
      contactPhone: "0912345678",
      lat: null,
    });
  });

  it("edit from the summary changes one part and comes straight back", async () => {
    const c = h.citizen();
    await upToPhotos(c, spot(2));
    await c.act({ type: "image", urls: [photo(1)] });
    await c.tap("Xong");
    await c.send(DESCRIPTION);
    await c.tap("Ẩn danh");
    expect(textOf(await c.tap("Sửa"))).to.include("[Mô tả]");
    await c.tap("Mô tả");
    const changed = "Nhà số 14 xây thêm tầng ba không có giấy phép, đang đổ bê tông";
    const summary = textOf(await c.send(changed));
    expect(summary).to.include(`Mô tả: ${changed}`).and.include("Ảnh: 1 ảnh").and.include("Thôn Đồng Bụt");
    await c.tap("Gửi");
    const filed = await caseOf((await trackingCode(c)).code);
    expect(filed.description).to.equal(changed);
    expect(filed.photos).to.have.length(1);
  });

  it("a free-text opening that names the kind of violation skips the category question", async () => {
    const c = h.citizen();
    const r = textOf(await c.send("ad oi nha ben canh lan chiem via he lam quan"));
    expect(r).to.include("loại: Lấn chiếm đất công, hành lang đường bộ").and.include("phản ánh ở đâu");
    expect(textOf(await c.send("huy"))).to.include("Đã hủy phản ánh");
  });

  it("cancel midway asks once, then ends the report and files nothing", async () => {
    const c = h.citizen();
    await upToPhotos(c, spot(3));
    expect(textOf(await c.send("huỷ")))
      .to.include("Ông/bà muốn dừng phản ánh?")
      .and.include("[Đúng, hủy bỏ]");
    const cancelled = textOf(await c.tap("Đúng, hủy bỏ"));
    expect(cancelled).to.include("Đã hủy phản ánh").and.include("[Tra cứu hồ sơ]");
    // The flow is closed: "xong" is no longer an answer to the photos question.
    expect(textOf(await c.send("xong"))).not.to.include("mô tả sự việc");
    expect(await casesReportedBy(c)).to.deep.equal([]);
  });

  it("a bad phone number is re-prompted saying what is expected", async () => {
    const c = h.citizen();
    await upToPhotos(c, spot(4));
    await c.tap("Bỏ qua ảnh");
    await c.send(DESCRIPTION);
    expect(textOf(await c.tap("Nhập số điện thoại"))).to.include("số điện thoại");
    const again = textOf(await c.send("0123 45"));
    expect(again).to.include("Số điện thoại chưa đúng").and.include("10 chữ số");
    expect(textOf(await c.send("0912 345 678"))).to.include("Liên hệ: 0912345678");
    await c.tap("Gửi");
    const filed = await caseOf((await trackingCode(c)).code);
    expect(filed).to.include({ anonymous: false, contactPhone: "0912345678", contactName: null });
  });

  it('the same final "Gửi" delivered twice at once makes one case and one confirmation', async () => {
    const c = h.citizen();
    await upToPhotos(c, { latitude: 20.999, longitude: 105.607 });
    await c.tap("Bỏ qua ảnh");
    await c.send(DESCRIPTION);
    await c.tap("Ẩn danh");
    const msgId = "resent-submit-" + c.userId;
    const posts = await Promise.all([
      h.post({ type: "text", text: "Gửi" }, c.userId, msgId),
      h.post({ type: "text", text: "Gửi" }, c.userId, msgId),
    ]);
    expect(posts.map((p) => p.status)).to.deep.equal([200, 200]);
    await h.settle(msgId);
    const { code } = await trackingCode(c);
    await h.quiet();
    expect(await casesReportedBy(c)).to.deep.equal([code]);
    expect(c.all().filter((r) => r.text.includes(`Mã phản ánh: ${code}`))).to.have.length(1);
  });

  it("five photos posted at once all count", async () => {
    const c = h.citizen();
    await upToPhotos(c, spot(5));
    const urls = [1, 2, 3, 4, 5].map(photo);
    const posted = await Promise.all(urls.map((u) => h.post({ type: "image", urls: [u] }, c.userId)));
    for (const p of posted) expect(p.status).to.equal(200);
    for (const p of posted) await h.settle(p.msgId);
    expect(textOf(c.unread())).to.include("Đã đủ 5 ảnh").and.include("mô tả sự việc");
    await c.send(DESCRIPTION);
    expect(textOf(await c.tap("Ẩn danh"))).to.include("Ảnh: 5 ảnh");
    await c.tap("Gửi");
    const { code } = await trackingCode(c);
    expect((await caseOf(code)).photos.map((p) => p.sourceUrl).sort()).to.deep.equal([...urls].sort());
    // The platform's links expire: the case worker keeps a copy of each.
    const deadline = Date.now() + 10000;
    while ((await caseOf(code)).photos.some((p) => !p.storedPath) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await caseOf(code)).photos.map((p) => p.storedPath)).to.satisfy((paths: (string | null)[]) =>
      paths.every((p) => p?.startsWith("photos/")),
    );
  });

  it("offers an open case of the same kind nearby, and following it files nothing new", async () => {
    const pin = spot(6);
    const first = await fileCase(h.db, h.commune, {
      sourceKey: `test-nearby-${Date.now()}`,
      category: "vat_lieu_phe_thai",
      location: { lat: pin.latitude, lng: pin.longitude },
      description: "Đổ cát đá chiếm hết lòng đường trước cổng chùa",
    });
    const c = h.citizen();
    await c.act({ type: "location", ...pin });
    await c.send("Vật liệu xây dựng, phế thải trên đường");
    await c.tap("Bỏ qua ảnh");
    await c.send("Xe chở vật liệu đổ đống cát trên đường từ hôm qua");
    const offer = textOf(await c.tap("Ẩn danh"));
    expect(offer).to.include(first.case.code).and.include("[Vẫn gửi phản ánh mới]");
    // Still new: not said to be "being handled".
    expect(offer).to.include("đang chờ cán bộ tiếp nhận").and.not.include("đang được xử lý");
    expect(textOf(await c.tap(`Theo dõi phản ánh ${first.case.code}`))).to.include(`Đã đăng ký theo dõi phản ánh ${first.case.code}`);
    expect(await followersOf(h.db, first.case.code)).to.deep.include({ channel: "zalo", userId: c.userId, communeId: h.commune.id });
    expect(await casesReportedBy(c)).to.deep.equal([]);
  });

  // Issue 26: without a pin there is no distance; the same kind in the same village is offered the same way, within the commune.
  it("offers an open case of the same kind in the same village to a report without a pin (this commune's only)", async () => {
    const stamp = Date.now();
    const theirs = await fileCase(
      h.db,
      { ...h.commune, id: "commune-next-door" },
      {
        sourceKey: `test-village-other-${stamp}`,
        category: "duong_giao_thong",
        address: "đường trục thôn Phú Mỹ",
        description: "Ổ gà lớn giữa đường trục thôn, xe máy hay ngã",
      },
    );
    const c0 = h.citizen();
    await c0.send("Đường sá hư hỏng, ổ gà, sụt lún");
    await c0.send("cổng làng thôn Phú Mỹ");
    await c0.tap("Bỏ qua ảnh");
    await c0.send("Đường vào cổng làng sụt một hố lớn từ hôm mưa");
    // Another commune's case of that village name and kind is not offered.
    const none = textOf(await c0.tap("Ẩn danh"));
    expect(none).to.include("Ông/bà kiểm tra lại phản ánh").and.not.include(theirs.case.code);

    const ours = await fileCase(h.db, h.commune, {
      sourceKey: `test-village-ours-${stamp}`,
      category: "duong_giao_thong",
      address: "đường trục thôn Phú Mỹ",
      description: "Ổ gà lớn giữa đường trục thôn, xe máy hay ngã",
    });
    const c = h.citizen();
    await c.send("Đường sá hư hỏng, ổ gà, sụt lún");
    await c.send("đường trục thôn Phú Mỹ");
    await c.tap("Bỏ qua ảnh");
    await c.send("Ổ gà giữa đường trục thôn to lắm rồi, tối qua có người ngã");
    const offer = textOf(await c.tap("Ẩn danh"));
    expect(offer).to.include(`Ở Thôn Phú Mỹ đã có phản ánh ${ours.case.code} cùng loại`).and.include("[Vẫn gửi phản ánh mới]");
    expect(offer).to.not.include(theirs.case.code);
    expect(textOf(await c.tap(`Theo dõi phản ánh ${ours.case.code}`))).to.include(`Đã đăng ký theo dõi phản ánh ${ours.case.code}`);
    expect(await followersOf(h.db, ours.case.code)).to.deep.include({ channel: "zalo", userId: c.userId, communeId: h.commune.id });
  });

  it("an officer acknowledges through the API; the reporter is told and escalation stops", async () => {
    const c = h.citizen();
    await upToPhotos(c, spot(7));
    await c.tap("Bỏ qua ảnh");
    await c.send(DESCRIPTION);
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    const { code } = await trackingCode(c);
    const escalation = h.queue(QUEUE.escalation);
    expect(await (await escalation.getJob(`esc-${code}-L1`))?.getState()).to.equal("delayed");
    const res = await fetch(`${h.url}/api/v1/cases/${code}/transitions`, {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-0123456789-abcdefghij", "content-type": "application/json" },
      body: JSON.stringify({ to: "acknowledged" }),
    });
    expect(res.status).to.equal(200);
    const notice = await c.waitForReplies(1);
    expect(textOf(notice)).to.include(code);
    expect((await caseOf(code)).status).to.equal("acknowledged");
    for (let i = 0; i < 100 && (await escalation.getJob(`esc-${code}-L1`)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await escalation.getJob(`esc-${code}-L1`)).to.equal(undefined);
  });

  it("logs nothing that identifies the reporter, even at debug level", async () => {
    const c = h.citizen();
    const { result: code, lines } = await captureLogs(async () => {
      await upToPhotos(c, spot(0));
      await c.tap("Bỏ qua ảnh");
      await c.send(DESCRIPTION);
      await c.tap("Nhập số điện thoại");
      await c.send("0987 123 456");
      await c.tap("Gửi");
      const { code } = await trackingCode(c);
      await fetch(`${h.url}/api/v1/cases/${code}/transitions`, {
        method: "POST",
        headers: { authorization: "Bearer test-admin-token-0123456789-abcdefghij", "content-type": "application/json" },
        body: JSON.stringify({ to: "acknowledged" }),
      });
      await c.waitForReplies(1);
      return code;
    });
    const all = lines.map((l) => JSON.stringify(l)).join("\n");
    // The capture works (filing and the officers' notice are logged) …
    expect(all).to.include(code);
    // … and none of it names the reporter: not their Zalo id, not their phone.
    expect(all).not.to.include(c.userId);
    expect(all).not.to.include("987123456");
    expect(all).not.to.include("0987 123 456");
  });
});
