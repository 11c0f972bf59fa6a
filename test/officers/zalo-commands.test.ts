import { expect } from "chai";
import { CASE_JOB } from "../../src/cases/case-jobs.js";
import { findCase, getCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import { followersOf } from "../../src/cases/followers.js";
import { getOfficer } from "../../src/officers/officer-queries.js";
import { jobId, QUEUE } from "../../src/queues/names.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";

// Officers work cases from Zalo: every command through the real webhook, queues, workers and
// PostgreSQL; the reporter hears each step from the same notices as the API's changes.

/** Officers of the example commune (src/commune/kieu-phu.json) and their Zalo ids. */
const BAC_LEAD = "5210000000000000001"; // nguyen-van-hung, lead of trat-tu-bac
const BAC_OFFICER = "5210000000000000002"; // tran-thi-lan, trat-tu-bac
const NAM_OFFICER = "5210000000000000004"; // do-thu-trang, trat-tu-nam
const NAM_LEAD = "5210000000000000003"; // le-quang-vinh, lead of trat-tu-nam
const CHAIRMAN = "5210000000000000101";

describe("officers: case commands from Zalo", function () {
  this.timeout(90_000);
  let h: Harness;
  let bac: Citizen;
  let nam: Citizen;
  let n = 0;
  before(async () => {
    h = await Harness.start();
    bac = h.citizen(BAC_OFFICER);
    nam = h.citizen(NAM_OFFICER);
  });
  after(async () => {
    await h?.stop();
  });

  /** A case in Thôn Đồng Bụt (team trat-tu-bac) reported by a fresh citizen. */
  async function newCase(description = "Nhà số 5 xây lấn ra hành lang đường liên thôn"): Promise<{ code: string; reporter: Citizen }> {
    const reporter = h.citizen();
    const { case: c } = await fileCase(h.db, h.commune, {
      sourceKey: `test:${Date.now()}:${++n}`,
      category: "lan_chiem",
      areaId: "dong-but",
      description,
      reporter: { channel: "zalo", userId: reporter.userId },
    });
    expect(c.teamId).to.equal("trat-tu-bac");
    return { code: c.code, reporter };
  }
  const status = async (code: string) => (await findCase(h.db, code))!.status;
  // The last event of the case's own work: a notice's path (`notice_sent`, written when the
  // notice goes out, after the command's answer) may come later or not yet.
  const lastEvent = async (code: string) => (await getCase(h.db, code))!.events.filter((e) => e.action !== "notice_sent").at(-1)!;

  it("#nhan: any spelling acknowledges; the audit names the officer and Zalo; the reporter is told", async () => {
    const { code, reporter } = await newCase();
    const typed = `#Nhận  ${code.toLowerCase().replace(/-/g, " - ")}`;
    expect(textOf(await bac.send(typed))).to.include(`${code}: Mới → Đã tiếp nhận`);
    expect(await status(code)).to.equal("acknowledged");
    const e = await lastEvent(code);
    expect(e).to.include({ actor: "tran-thi-lan", action: "transition", fromStatus: "new", toStatus: "acknowledged" });
    expect(e.detail).to.deep.include({ channel: "zalo" });
    expect(textOf(await reporter.waitForReplies(1)))
      .to.include(`Phản ánh ${code}`)
      .and.include("đã được cán bộ tiếp nhận");

    // Decomposed Unicode and capitals work too.
    expect(textOf(await bac.send(`#XỬ LÝ ${code} đang đo đạc hiện trạng`.normalize("NFD")))).to.include("Đã tiếp nhận → Đang xử lý");
    expect(await status(code)).to.equal("in_progress");
  });

  it("refuses another team's case, a move the life cycle forbids (naming the allowed ones), an unknown code", async () => {
    const { code } = await newCase();
    expect(textOf(await nam.send(`#nhan ${code}`))).to.include("thuộc tổ khác");
    expect(await status(code)).to.equal("new");
    expect(textOf(await nam.send(`#xem ${code}`))).to.include("thuộc tổ khác");

    expect(textOf(await bac.send(`#xong ${code} đã xong`)))
      .to.include('đang ở trạng thái "Mới"')
      .and.include("#nhan (đã tiếp nhận)")
      .and.include("#tuchoi");
    expect(await status(code)).to.equal("new");

    expect(textOf(await bac.send("#nhan PA-010101-AAAA"))).to.include("Không có phản ánh PA-010101-AAAA");
    // Leadership acts on every team's case.
    expect(textOf(await h.citizen(CHAIRMAN).send(`#nhan ${code}`))).to.include("Mới → Đã tiếp nhận");
  });

  it("malformed or unknown commands and plain text get the list of commands", async () => {
    const { code } = await newCase();
    expect(textOf(await bac.send("#nhan"))).to.include("Cách gõ: #nhan MÃ");
    expect(textOf(await bac.send(`#xong ${code}`))).to.include("Cách gõ: #xong MÃ kết quả");
    expect(textOf(await bac.send(`#tuchoi ${code}`))).to.include("Cách gõ: #tuchoi MÃ lý do");
    expect(textOf(await bac.send("#abc xyz")))
      .to.include('Không có lệnh "#abc"')
      .and.include("#huongdan");
    expect(textOf(await bac.send("cho hỏi tình hình"))).to.include("#ds");
    expect(textOf(await bac.send("#Hướng dẫn"))).to.include("#trung MÃ MÃ_GỐC");
    expect(await status(code)).to.equal("new");
  });

  it("#xong tells the reporter the result; a photo within 2 minutes is attached as proof", async () => {
    const { code, reporter } = await newCase();
    await bac.send(`#nhan ${code}`);
    await reporter.waitForReplies(1);
    const done = textOf(await bac.send(`#xong ${code} Đã tháo dỡ phần mái tôn lấn chiếm`));
    expect(done).to.include("Đã tiếp nhận → Đã xử lý xong").and.include("Gửi ảnh");
    expect(textOf(await bac.act({ type: "image", urls: ["https://photo-stal-1.zdn.vn/proof.jpg"] }))).to.include(
      `Đã đính kèm 1 ảnh minh chứng vào ${code}`,
    );
    const detail = (await getCase(h.db, code))!;
    expect(detail.status).to.equal("resolved");
    expect(detail.photos.map((p) => p.sourceUrl)).to.include("https://photo-stal-1.zdn.vn/proof.jpg");
    expect(detail.events.map((e) => e.action)).to.include("proof_added");
    const rows = await h.db.query<{ proof: boolean }>("SELECT proof FROM case_photos WHERE case_code = $1", [code]);
    expect(rows.map((r) => r.proof)).to.deep.equal([true]);
    // The photo keeper is asked for the proof in the transaction that added it (the case outbox).
    await h.outboxDrained();
    const keep = await h.db.query<{ ref: string }>(
      "SELECT payload->>'proofRef' AS ref FROM case_outbox WHERE case_code = $1 AND kind = 'keep-photos'",
      [code],
    );
    expect(keep).to.have.length(1);
    expect(await h.queue(QUEUE.photos).getJob(jobId(CASE_JOB.keepPhotos, code, "proof", keep[0]!.ref))).to.not.equal(undefined);
    const notice = textOf(await reporter.waitForReplies(1));
    expect(notice).to.include("đã được xử lý xong").and.include("Kết quả xử lý: Đã tháo dỡ phần mái tôn lấn chiếm");
  });

  it("#tuchoi tells the reason; #ghichu stays internal; #trung moves the followers to the original", async () => {
    const a = await newCase();
    await bac.send(`#tuchoi ${a.code} Công trình đã có giấy phép số 12/GPXD`);
    expect(await status(a.code)).to.equal("rejected");
    expect(textOf(await a.reporter.waitForReplies(1))).to.include("Lý do: Công trình đã có giấy phép số 12/GPXD");

    const b = await newCase();
    expect(textOf(await bac.send(`#ghichu ${b.code} Chủ nhà hẹn làm việc thứ Hai`))).to.include("ghi chú nội bộ");
    const notes = (await getCase(h.db, b.code))!.notes;
    expect(notes.map((x) => x.body)).to.deep.equal(["Chủ nhà hẹn làm việc thứ Hai"]);
    expect((await lastEvent(b.code)).detail).to.deep.include({ channel: "zalo" });

    const c = await newCase();
    expect(textOf(await bac.send(`#trung ${c.code} ${b.code}`))).to.include(`${c.code} đã đóng: trùng với ${b.code}`);
    expect(await status(c.code)).to.equal("closed");
    expect((await followersOf(h.db, b.code)).map((f) => f.userId)).to.include(c.reporter.userId);
    // Nothing of the internal note reached b's reporter.
    await h.quiet();
    expect(textOf(b.reporter.all())).to.not.include("hẹn làm việc");
    // c's reporter is told which case theirs joined, by its public fields (issue 26).
    expect(textOf(c.reporter.all()))
      .to.include(`Phản ánh ${c.code}`)
      .and.include("gộp vào phản ánh đó để xử lý chung")
      .and.include(`• Mã: ${b.code}`)
      .and.include("• Tình trạng: Đã ghi nhận, đang chờ cán bộ tiếp nhận")
      .and.not.include("hẹn làm việc");
  });

  it("#trung into another team's case is refused with a clear answer: nothing changes, nobody follows it", async () => {
    const mine = await newCase();
    const { case: theirs } = await fileCase(h.db, h.commune, {
      sourceKey: `test:${Date.now()}:${++n}`,
      category: "lan_chiem",
      areaId: "ngoc-bai",
      description: "Lấn chiếm vỉa hè để vật liệu xây dựng trước cổng chợ",
    });
    expect(theirs.teamId).to.equal("trat-tu-nam");
    expect(textOf(await bac.send(`#trung ${mine.code} ${theirs.code}`)))
      .to.include(`Phản ánh gốc ${theirs.code} thuộc tổ khác`)
      .and.not.include("đã đóng");
    expect(await status(mine.code)).to.equal("new");
    expect((await followersOf(h.db, theirs.code)).map((f) => f.userId)).to.not.include(mine.reporter.userId);
  });

  it("#chuyen: leads only; the new team is told", async () => {
    const { code } = await newCase();
    expect(textOf(await bac.send(`#chuyen ${code} trat-tu-nam`))).to.include("Chỉ tổ trưởng");
    expect(textOf(await h.citizen(BAC_LEAD).send(`#chuyen ${code} khong-co`))).to.include('Không có tổ "khong-co"');
    // Notices of earlier tests' cases (relayed from the case outbox after their commit) land first.
    await h.quiet();
    const namLead = h.citizen(NAM_LEAD);
    namLead.unread();
    expect(textOf(await h.citizen(BAC_LEAD).send(`#chuyển ${code} trat-tu-nam`))).to.include(
      `Đã chuyển ${code} cho Tổ trật tự xây dựng khu Nam`,
    );
    expect((await findCase(h.db, code))!.teamId).to.equal("trat-tu-nam");
    expect((await lastEvent(code)).action).to.equal("reassigned");
    const told = await namLead.waitForReplies(1);
    expect(textOf(told)).to.include(`🔁 Phản ánh ${code} được chuyển đến Tổ trật tự xây dựng khu Nam`).and.include("[Tiếp nhận]");
    // Now the south team's case: the north officer may not act on it any more.
    expect(textOf(await bac.send(`#nhan ${code}`))).to.include("thuộc tổ khác");
  });

  // Issue 26: forgiving team names and command names; no promise to tell a reporter nobody can tell;
  // no duplicate warning pointing at a case closed into this one.
  it("a team by its name or a near spelling; a mistyped command gets 'ý đồng chí là …?'", async () => {
    const { code } = await newCase();
    expect(textOf(await bac.send(`#nhna ${code}`)))
      .to.include("Ý đồng chí là #nhan?")
      .and.not.include("#trucban");
    await h.quiet();
    expect(textOf(await h.citizen(BAC_LEAD).send(`#chuyen ${code} tổ khu nam`))).to.include(
      `Đã chuyển ${code} cho Tổ trật tự xây dựng khu Nam`,
    );
    expect((await findCase(h.db, code))!.teamId).to.equal("trat-tu-nam");
    const other = await newCase();
    expect(textOf(await h.citizen(BAC_LEAD).send(`#chuyen ${other.code} khu nma`))).to.include("cho Tổ trật tự xây dựng khu Nam");
    // Two teams fit "tổ": refused with the list, nothing moves.
    const third = await newCase();
    expect(textOf(await h.citizen(BAC_LEAD).send(`#chuyen ${third.code} tổ trật tự`))).to.include("Không có tổ");
    expect((await findCase(h.db, third.code))!.teamId).to.equal("trat-tu-bac");
  });

  it("'Người phản ánh sẽ được báo' only for a reporter on Zalo; a closed duplicate is not offered as one", async () => {
    const { case: byPhone } = await fileCase(h.db, h.commune, {
      sourceKey: `test:${Date.now()}:${++n}`,
      category: "lan_chiem",
      areaId: "dong-but",
      description: "Người dân gọi điện báo lấn chiếm vỉa hè trước chợ",
    });
    const moved = textOf(await bac.send(`#nhan ${byPhone.code}`));
    expect(moved).to.include("Mới → Đã tiếp nhận").and.include("không báo được").and.not.include("Người phản ánh sẽ được báo");
    const zalo = await newCase();
    expect(textOf(await bac.send(`#nhan ${zalo.code}`))).to.include("Người phản ánh sẽ được báo");

    // A case closed into `kept`, then `kept` handed to the south team: its notice warns of no duplicate.
    const kept = await newCase();
    const dup = await newCase();
    await bac.send(`#trung ${dup.code} ${kept.code}`);
    await h.quiet();
    const namLead = h.citizen(NAM_LEAD);
    namLead.unread();
    await h.citizen(BAC_LEAD).send(`#chuyen ${kept.code} trat-tu-nam`);
    const told = textOf(await namLead.waitForReplies(1));
    // (Other open cases at the same pin may be named: not the one closed into it.)
    const warning = told.split("\n").find((l) => l.includes("Có thể trùng")) ?? "";
    expect(told).to.include(kept.code);
    expect(warning).to.not.include(dup.code);
  });

  it("#ds lists the team's open cases, overdue first; #xem shows the case", async () => {
    const late = await newCase("Đổ vật liệu lấn ra đường đã hơn một tuần nay");
    await h.db.query("UPDATE cases SET ack_due_at = now() - interval '1 hour' WHERE code = $1", [late.code]);
    const list = textOf(await bac.send("#ds"));
    expect(list).to.include("Phản ánh đang mở (Tổ trật tự xây dựng khu Bắc)");
    const first = list.split("\n").find((l) => /^1\. /.test(l))!;
    expect(first).to.include(`⚠️ ${late.code}`).and.include("Lấn chiếm đất công").and.include("Thôn Đồng Bụt");
    const card = await bac.send(`#xem ${late.code}`);
    expect(textOf(card)).to.include("Đổ vật liệu lấn ra đường").and.include("quá hạn").and.include("[Tiếp nhận]");
  });

  it("#xem never sends on a photo whose address the keeper refused; an allowed one is still shown", async () => {
    const { case: c } = await fileCase(h.db, h.commune, {
      sourceKey: `test:${Date.now()}:${++n}`,
      category: "lan_chiem",
      areaId: "dong-but",
      description: "Đổ vật liệu lấn ra đường liên thôn, có ảnh",
      photos: ["https://attacker.example/a.jpg", "https://photo-stal-1.zdn.vn/b.jpg"],
    });
    // What the photo keeper records for an address outside PHOTO_URL_HOSTS.
    await h.db.query(
      "UPDATE case_photos SET copy_failed_at = now(), copy_failure = 'not_allowed: host attacker.example is not in PHOTO_URL_HOSTS' WHERE case_code = $1 AND position = 1",
      [c.code],
    );
    const card = JSON.stringify((await bac.send(`#xem ${c.code}`)).map((r) => r.raw));
    expect(card).to.include("photo-stal-1.zdn.vn/b.jpg").and.not.include("attacker.example");
  });

  it("#nghi and #trucban put the officer off and on duty", async () => {
    expect(textOf(await bac.send("#nghỉ"))).to.include("tạm nghỉ");
    expect((await getOfficer(h.db, "tran-thi-lan"))!.onDuty).to.equal(false);
    expect(textOf(await bac.send("#truc ban"))).to.include("trực");
    expect((await getOfficer(h.db, "tran-thi-lan"))!.onDuty).to.equal(true);
  });

  it("a citizen typing #xong changes nothing and gets a citizen's answer", async () => {
    const { code } = await newCase();
    await bac.send(`#nhan ${code}`);
    const stranger = h.citizen();
    const r = textOf(await stranger.send(`#xong ${code} đã xử lý`));
    expect(r).to.not.include("→");
    expect(await status(code)).to.equal("acknowledged");
    expect((await getCase(h.db, code))!.events.filter((e) => e.action === "transition")).to.have.length(1);
  });
});
