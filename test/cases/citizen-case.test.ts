import { formatDateTimeVN } from "../../src/core/local-time.js";
import { expect } from "chai";
import { findCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import { followCase } from "../../src/cases/followers.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";

// The citizen's side of a case through the real webhook, queues, workers and PostgreSQL: asking
// about a case by its code, "phản ánh của tôi", the resolution question, reopening and rating.

const BAC_OFFICER = "5210000000000000002"; // tran-thi-lan, Tổ trật tự xây dựng khu Bắc
const BAC_LEAD = "5210000000000000001";
const DESCRIPTION = "Nhà số 7 dựng lán tôn lấn ra hành lang đường liên thôn";

describe("citizens and their cases: look-ups by code, own cases, resolution feedback", function () {
  this.timeout(90_000);
  let h: Harness;
  let officer: Citizen;
  let n = 0;
  before(async () => {
    h = await Harness.start();
    officer = h.citizen(BAC_OFFICER);
  });
  after(async () => {
    await h?.stop();
  });

  async function newCase(reporter = h.citizen(), description = DESCRIPTION): Promise<{ code: string; reporter: Citizen }> {
    const { case: c } = await fileCase(h.db, h.commune, {
      sourceKey: `test:${Date.now()}:${++n}`,
      category: "lan_chiem",
      areaId: "dong-but",
      description,
      reporter: { channel: "zalo", userId: reporter.userId },
    });
    return { code: c.code, reporter };
  }

  it("a look-up shows the reporter everything, a follower the status and result (no description), a stranger the public fields", async () => {
    const { code, reporter } = await newCase();
    // One who joined from a nearby report, and the reporter of a case closed into this one.
    const nearby = h.citizen();
    await followCase(h.db, code, "zalo", nearby.userId);
    const dup = await newCase(h.citizen(), "Lán tôn nhà số 7 lấn ra đường liên thôn, chắn lối đi");
    expect(textOf(await officer.send(`#trung ${dup.code} ${code}`))).to.include("đã đóng");
    await officer.send(`#nhan ${code}`);
    await officer.send(`#xong ${code} Đã lập biên bản, chủ nhà tự tháo dỡ lán tôn`);
    await h.quiet();
    const result = "Kết quả xử lý: Đã lập biên bản, chủ nhà tự tháo dỡ lán tôn";

    const own = textOf(await reporter.send(code));
    expect(own).to.include(`Phản ánh ${code}`).and.include(DESCRIPTION).and.include(result);
    for (const follower of [nearby, dup.reporter]) {
      const r = textOf(await follower.send(code));
      expect(r).to.include(`Phản ánh ${code}`).and.include("Đã xử lý xong").and.include(result);
      expect(r).to.not.include(DESCRIPTION);
    }
    // The duplicate's reporter still sees their own report in full.
    expect(textOf(await dup.reporter.send(dup.code)))
      .to.include("chắn lối đi")
      .and.include(code);

    const stranger = textOf(await h.citizen().send(code));
    expect(stranger).to.include(`Phản ánh ${code}`).and.include("Lấn chiếm đất công").and.include("Thôn Đồng Bụt");
    expect(stranger).to.include("Đã xử lý xong").and.include("Ngày gửi");
    expect(stranger).to.not.include(DESCRIPTION).and.not.include("biên bản");

    // Nor a rejection's reason.
    const rejected = await newCase();
    await officer.send(`#tuchoi ${rejected.code} Chủ hộ Trần Văn Bình đã có giấy phép số 12/GPXD`);
    await h.quiet();
    expect(textOf(await rejected.reporter.send(rejected.code))).to.include("Lý do: Chủ hộ Trần Văn Bình");
    const strangerOnRejected = textOf(await h.citizen().send(rejected.code));
    expect(strangerOnRejected).to.include("Không được chấp nhận xử lý").and.not.include("Trần Văn Bình");
  });

  it("finds the code inside a sentence, in lower case with stray spaces, and from inside another flow", async () => {
    const { code, reporter } = await newCase();
    const [, ymd, suffix] = code.split("-");
    expect(textOf(await reporter.send(`cho em hỏi phản ánh ${code} đến đâu rồi ạ`))).to.include("Đã ghi nhận, đang chờ cán bộ tiếp nhận");
    expect(textOf(await reporter.send(`pa - ${ymd} - ${suffix!.toLowerCase()} sao rồi`))).to.include(`Phản ánh ${code}`);
    // In the middle of a dossier look-up: the case is answered, the dossier step still waits.
    expect(textOf(await reporter.send("tra cứu hồ sơ"))).to.include("mã hồ sơ");
    expect(textOf(await reporter.send(code.toLowerCase()))).to.include(`Phản ánh ${code}`);
    expect(textOf(await reporter.send("abc"))).to.include("mã hồ sơ");
  });

  it("case codes count against the per-user look-up limit", async () => {
    const { code } = await newCase();
    const asker = h.citizen();
    for (let i = 0; i < 10; i++) await asker.send(code);
    expect(textOf(await asker.send(code))).to.include("tra cứu nhiều lần");
  });

  it('"Phản ánh của tôi" lists the citizen\'s cases, newest first, reported or followed', async () => {
    const me = h.citizen();
    const first = await newCase(me, "Lán tôn lấn đường đầu ngõ 3 thôn Đồng Bụt");
    const other = await newCase();
    await followCase(h.db, other.code, "zalo", me.userId);
    const r = textOf(await me.send("phản ánh của tôi"));
    expect(r).to.include(first.code).and.include(other.code);
    expect(r.indexOf(other.code)).to.be.lessThan(r.indexOf(first.code));
    expect(textOf(await h.citizen().send("xem phản ánh"))).to.include("chưa gửi hoặc theo dõi phản ánh nào");
  });

  it('resolution → "Chưa" reopens the case, tells the team, restarts the deadline; then a rating is stored', async () => {
    const { code, reporter } = await newCase();
    await officer.send(`#nhan ${code}`);
    await reporter.waitForReplies(1);
    await officer.send(`#xong ${code} Đã yêu cầu tháo dỡ lán tôn`);
    const notice = await reporter.waitForReplies(1);
    expect(textOf(notice))
      .to.include("Kết quả xử lý: Đã yêu cầu tháo dỡ lán tôn")
      .and.include("Sự việc ông/bà phản ánh đã được xử lý chưa?");
    expect(notice[0]!.buttons.map((b) => b.title)).to.deep.equal(["Đã xử lý", "Chưa"]);
    const before = (await findCase(h.db, code))!;
    await h.db.query("UPDATE cases SET resolve_due_at = now() - interval '1 day' WHERE code = $1", [code]);

    const lead = h.citizen(BAC_LEAD);
    lead.unread();
    const answer = textOf(await reporter.tap("Chưa"));
    expect(answer).to.include(`Đã mở lại phản ánh ${code}`).and.not.include("⭐");
    const reopened = (await findCase(h.db, code))!;
    expect(reopened).to.include({ status: "in_progress", citizenConfirmed: false, reopenedCount: 1 });
    expect(reopened.resolveDueAt!.getTime()).to.be.greaterThan(Date.now());
    expect(before.resolvedAt).to.not.equal(null);
    const told = textOf(await lead.waitForReplies(1));
    // The team sees the new deadline the reopening set.
    expect(told)
      .to.include(`${code} CHƯA được xử lý`)
      .and.include(`hạn xử lý mới ${formatDateTimeVN(reopened.resolveDueAt!)}`);
    // Back in the team's work list.
    expect(textOf(await officer.send("#ds"))).to.include(code);
    // The followers hear it was reopened (maybe already, with the answer).
    if (!textOf(reporter.all()).includes("được mở lại")) await reporter.waitForReplies(1);
    expect(textOf(reporter.all())).to.include("được mở lại và đang được cán bộ xử lý tiếp");
    reporter.unread();

    // Not rated while it is handled again: the rating waits for the next resolution.
    expect(textOf(await reporter.send(`Đánh giá 4 sao ${code}`))).to.include("đang được xử lý lại");
    expect((await findCase(h.db, code))!.rating).to.equal(null);
    await officer.send(`#xong ${code} Đã cưỡng chế tháo dỡ`);
    expect(textOf(await reporter.waitForReplies(1))).to.include("Sự việc ông/bà phản ánh đã được xử lý chưa?");
    expect(textOf(await reporter.tap("Đã xử lý"))).to.include("[5 ⭐]");
    expect(textOf(await reporter.tap("4 ⭐"))).to.include("đánh giá 4/5");
    expect((await findCase(h.db, code))!.rating).to.equal(4);
  });

  it("answers typed in the reporter's words count like the buttons: 'chưa xử lý, …' reopens, '2 sao thôi' rates", async () => {
    const { code, reporter } = await newCase();
    await officer.send(`#nhan ${code}`);
    await officer.send(`#xong ${code} Đã lập biên bản`);
    await reporter.waitForReplies(2);
    reporter.unread();
    expect(textOf(await reporter.send("chưa xử lý, nhà đấy vẫn đang đổ bê tông"))).to.include(`Đã mở lại phản ánh ${code}`);
    expect((await findCase(h.db, code))!).to.include({ status: "in_progress", citizenConfirmed: false, reopenedCount: 1 });
    // The words after "chưa xử lý," are the reporter's reason, kept with the reopening.
    const [reopening] = await h.db.query<{ detail: { reason?: string } }>(
      "SELECT detail FROM case_events WHERE case_code = $1 AND to_status = 'in_progress' AND actor = 'citizen'",
      [code],
    );
    expect(reopening?.detail.reason).to.equal("nhà đấy vẫn đang đổ bê tông");
    await h.quiet();
    // The team hears it with the reporter's words.
    expect(textOf(officer.unread()))
      .to.include(`${code} CHƯA được xử lý`)
      .and.include('Người phản ánh cho biết: "nhà đấy vẫn đang đổ bê tông"');
    reporter.unread();
    // Resolved again, the typed answers work a second time; the rating comes after "đã xử lý".
    await officer.send(`#xong ${code} Đã tháo dỡ phần đổ thêm`);
    await reporter.waitForReplies(1);
    expect(textOf(await reporter.send("2 sao thoi"))).to.not.include("đánh giá 2/5");
    expect(textOf(await reporter.send("đã xử lý rồi"))).to.include("Cảm ơn ông/bà đã xác nhận");
    expect(textOf(await reporter.send("2 sao thoi"))).to.include("đánh giá 2/5");
    expect((await findCase(h.db, code))!.rating).to.equal(2);
  });

  it('"Đã xử lý" is recorded; "Chưa" after the reopening period is refused; another citizen cannot answer', async () => {
    const { code, reporter } = await newCase();
    await officer.send(`#nhan ${code}`);
    await officer.send(`#xong ${code} Đã tháo dỡ`);
    await reporter.waitForReplies(2);
    expect(textOf(await h.citizen().send(`Chưa xử lý ${code}`))).to.include("Chỉ người gửi phản ánh");
    await h.db.query("UPDATE cases SET resolved_at = now() - interval '15 days' WHERE code = $1", [code]);
    expect(textOf(await reporter.tap("Chưa"))).to.include("hơn 14 ngày");
    expect((await findCase(h.db, code))!.status).to.equal("resolved");
    expect(textOf(await reporter.tap("Đã xử lý"))).to.include("Cảm ơn ông/bà đã xác nhận");
    const c = (await findCase(h.db, code))!;
    expect(c.citizenConfirmed).to.equal(true);
  });

  it("held outside Zalo's window: the question and rating reach the reporter in order when they write", async () => {
    const { code, reporter } = await newCase();
    h.zalo.failFor(reporter.userId, -230);
    await officer.send(`#nhan ${code}`);
    await officer.send(`#xong ${code} Đã lập biên bản, yêu cầu tháo dỡ`);
    await h.waitForHeld(reporter.userId, 2);
    h.zalo.clearFailFor(reporter.userId);
    const got = await reporter.sendAndWait("alo", 3);
    const texts = got.map((r) => r.text);
    const ack = texts.findIndex((x) => x.includes("đã được cán bộ tiếp nhận"));
    const done = texts.findIndex((x) => x.includes("Sự việc ông/bà phản ánh đã được xử lý chưa?"));
    expect(ack).to.be.greaterThan(-1);
    expect(done).to.be.greaterThan(ack);
    await reporter.tap("Chưa");
    expect((await findCase(h.db, code))!.status).to.equal("in_progress");
  });
});
