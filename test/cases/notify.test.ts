import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Queue } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import { CASE_NOTICE_JOB, caseNoticeJobId } from "../../src/cases/case-notices.js";
import { wakeRemoteRelays } from "../../src/cases/outbox-relay.js";
import { escalationJobId, type EscalationJob } from "../../src/cases/escalation-jobs.js";
import { escalationDueAt } from "../../src/cases/escalation.js";
import { transition } from "../../src/cases/case-changes.js";
import { findCase } from "../../src/cases/case-queries.js";
import type { CaseReport } from "../../src/conversation/flow.js";
import type { EffectJob } from "../../src/queues/dispatch.js";
import { jobId, QUEUE, queueOptions } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { exampleConfig, openRoundTheClock } from "../commune/fixture.js";
import { runDelayedNow } from "../support/delayed-jobs.js";
import { Harness } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// A 1×1 transparent PNG, served as the platform's photos (the photo keeper downloads them).
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

// "khac" must be acknowledged within 0.01 h = 36 s; the leadership hears 36 s after the lead. The
// tests run each escalation at once after checking when it was due: the time only has to leave the
// filing's follow-up (relayed from the case outbox, seconds on a loaded machine) well before it.
const commune = exampleConfig();
commune.categories = commune.categories.map((k) => (k.id === "khac" ? { ...k, ackHours: 0.01 } : k));
commune.escalation = { toLeadAfterAckHours: 0, toLeadershipAfterHours: 0.01 };
openRoundTheClock(commune);

/** Zalo ids of the example config's officers (src/commune/kieu-phu.json). */
const ZALO = {
  bacLead: "5210000000000000001", // Nguyễn Văn Hùng, Tổ trật tự xây dựng khu Bắc
  bacOfficer: "5210000000000000002",
  namLead: "5210000000000000003", // Lê Quang Vinh, Tổ trật tự xây dựng khu Nam
  namOfficer: "5210000000000000004",
  diaChinhLead: "5210000000000000005", // Vũ Thanh Sơn, Bộ phận Địa chính – Xây dựng – Nông nghiệp
  diaChinhOfficer: "5210000000000000006",
  moiTruongLead: "5210000000000000007",
  chairman: "5210000000000000101",
  viceChairman: "5210000000000000102",
};
/** Points inside areas of the example config. */
const DONG_BUT = { latitude: 21.005, longitude: 105.61 };
const YEN_THAI = { latitude: 20.99, longitude: 105.61 };
const NGOC_BAI = { latitude: 20.99, longitude: 105.63 };

describe("case notifications over Zalo: officers, escalation, followers", function () {
  this.timeout(30_000);
  let h: Harness;
  let redis: Redis;
  let cases: Queue;
  let outbound: Queue;
  let escalation: Queue<EscalationJob>;
  let notify: Queue;
  let photoServer: Server;
  let photoBase: string;
  let n = 0;

  before(async () => {
    photoServer = createServer((_req, res) => void res.writeHead(200, { "content-type": "image/png" }).end(PNG));
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoBase = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}`;
    h = await Harness.start({ commune });
    redis = createRedis(TEST_REDIS_URL, "worker");
    cases = new Queue(QUEUE.cases, queueOptions(h.prefix, redis));
    outbound = new Queue(QUEUE.outbound, queueOptions(h.prefix, redis));
    escalation = new Queue<EscalationJob>(QUEUE.escalation, queueOptions(h.prefix, redis));
    notify = new Queue(QUEUE.notify, queueOptions(h.prefix, redis));
  });
  after(async () => {
    await Promise.all([cases, outbound, escalation, notify].map((q) => q?.close()));
    redis?.disconnect();
    await h?.stop();
    photoServer?.closeAllConnections();
    await new Promise((resolve) => photoServer?.close(resolve));
  });

  /** File a report through the `cases` queue as the engine would; resolves with its case code. */
  async function file(report: CaseReport, userId = `citizen-${Date.now()}-${++n}`): Promise<{ code: string; userId: string }> {
    const eventId = `msg-${Date.now()}-${++n}`;
    const data: EffectJob = { channel: "zalo", userId, eventId, effect: { type: "submitCase", report } };
    const id = jobId("effect", "zalo", eventId, "0");
    await cases.add("submitCase", data, { jobId: id });
    await h.waitForJob(cases, id);
    const rows = await h.db.query<{ code: string }>("SELECT code FROM cases WHERE source_key = $1", [`zalo:${eventId}`]);
    return { code: rows[0]!.code, userId };
  }

  /** A change made here, not through the API or Zalo: wake the hotline's relay as another process would. */
  async function change(made: Promise<unknown>): Promise<void> {
    await made;
    wakeRemoteRelays(notify);
  }

  const textsFor = (userId: string) => h.zalo.messagesFor(userId).map((m) => String(m.message.text ?? ""));
  /** Messages to a user that mention a case. */
  const about = (userId: string, code: string) => textsFor(userId).filter((t) => t.includes(code));
  async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  it("notifies the on-duty officers of the routed team with the case, photos and how to act", async () => {
    const photos = [`${photoBase}/a.png?exp=1`, `${photoBase}/b.png?exp=1`];
    // Building on farmland goes to Địa chính wherever it is (the category rule beats the area's).
    const { code } = await file({
      category: "xay_tren_dat_nong_nghiep",
      ...DONG_BUT,
      address: "Cánh đồng sau chùa Đồng Bụt",
      photos,
      description: "Đang đổ móng xây nhà trên ruộng lúa, đã được 3 ngày",
      contact: { name: "Trần Văn Bình", phone: "0987654321" },
    });
    for (const officer of [ZALO.diaChinhLead, ZALO.diaChinhOfficer]) {
      const msgs = await h.zalo.waitForMessages(officer, 3);
      const [first, ...images] = msgs.slice(-3);
      const text = String(first!.message.text);
      expect(text).to.include(`Phản ánh mới ${code}`);
      expect(text).to.include("Xây dựng trên đất nông nghiệp");
      expect(text).to.include("• Địa bàn: Thôn Đồng Bụt").and.not.include("Thôn: Thôn");
      expect(text).to.include("Cánh đồng sau chùa Đồng Bụt");
      expect(text).to.include("https://maps.google.com/?q=21.005000,105.610000");
      expect(text).to.include("Đang đổ móng xây nhà trên ruộng lúa");
      expect(text).to.include("Trần Văn Bình – 0987654321");
      // One tap acts: the buttons send the officer commands.
      const buttons = (first!.message as { attachment: { payload: { buttons: { title: string; payload: string }[] } } }).attachment.payload
        .buttons;
      expect(buttons.map((b) => b.payload)).to.deep.equal([`#nhan ${code}`, `#xem ${code}`]);
      const urls = images.map(
        (m) => (m.message as { attachment: { payload: { elements: { url: string }[] } } }).attachment.payload.elements[0]!.url,
      );
      expect(urls).to.deep.equal(photos);
    }
    await h.quiet();
    // Nobody of another team heard about it.
    for (const other of [ZALO.bacLead, ZALO.namLead, ZALO.moiTruongLead]) expect(about(other, code)).to.deep.equal([]);
    // The notification run again (a retried job) sends nothing more.
    const rerun = await notify.add("case-filed", { code }, { jobId: `case-filed-${code}-rerun` });
    await h.waitForJob(notify, rerun.id!);
    await h.quiet();
    expect(h.zalo.messagesFor(ZALO.diaChinhOfficer)).to.have.length(3);
  });

  it("points officers at a likely duplicate nearby", async () => {
    const report = (d: string): CaseReport => ({
      category: "xay_tren_dat_nong_nghiep",
      latitude: 21.0071,
      longitude: 105.6123,
      photos: [],
      description: d,
    });
    const first = await file(report("Dựng khung thép trên đất trồng màu cạnh mương"));
    const second = await file(report("Có người xây tường bao trên ruộng màu cạnh mương nước"));
    await waitFor(() => about(ZALO.diaChinhLead, second.code).length > 0, 5000, "the second notification");
    const text = about(ZALO.diaChinhLead, second.code)[0]!;
    expect(text).to.include("Có thể trùng");
    expect(text).to.include(first.code);
  });

  it("never shows an anonymous reporter to officers", async () => {
    const userId = `anon-${Date.now()}`;
    // Materials on the road in Yên Thái go to the environment team.
    const { code } = await file(
      { category: "vat_lieu_phe_thai", ...YEN_THAI, photos: [], description: "Đổ cát đá chắn nửa lòng đường trước cổng trường" },
      userId,
    );
    await waitFor(() => about(ZALO.moiTruongLead, code).length > 0, 5000, "the notification");
    const text = about(ZALO.moiTruongLead, code)[0]!;
    expect(text).to.include("Người phản ánh: ẩn danh");
    expect(text).to.not.include(userId);
    expect(text).to.not.match(/0\d{9}/);
    expect((await findCase(h.db, code))!).to.include({ anonymous: true, contactName: null, contactPhone: null });
  });

  it("escalates an unacknowledged case to the team lead, then the leadership, over Zalo", async () => {
    const { code } = await file({ category: "khac", ...DONG_BUT, photos: [], description: "Dựng lán tạm lấn ra vỉa hè trước nhà văn hoá" });
    const filed = (await findCase(h.db, code))!;
    // Each level is due at its time after the deadline (checked as a number), then run at once.
    const dueToLead = await runDelayedNow(escalation, escalationJobId(code, 1));
    expect(Math.abs(dueToLead.getTime() - escalationDueAt(filed, commune, 1)!.getTime())).to.be.below(250);
    await waitFor(() => about(ZALO.bacLead, code).some((t) => t.includes("chưa được tiếp nhận")), 8000, "the escalation to the lead");
    const toLead = about(ZALO.bacLead, code).filter((t) => t.includes("chưa được tiếp nhận"));
    expect(toLead).to.have.length(1);
    expect(toLead[0]).to.include("quá hạn");
    expect(toLead[0]).to.include("Tổ trật tự xây dựng khu Bắc");
    expect(toLead[0]).to.include("Vi phạm khác về trật tự xây dựng");
    // The other officer of the team (not a lead) gets the new-case notice but not the escalation.
    expect(about(ZALO.bacOfficer, code).filter((t) => t.includes("chưa được tiếp nhận"))).to.deep.equal([]);

    const dueToLeadership = await runDelayedNow(escalation, escalationJobId(code, 2));
    expect(Math.abs(dueToLeadership.getTime() - escalationDueAt(filed, commune, 2)!.getTime())).to.be.below(250);
    for (const leader of [ZALO.chairman, ZALO.viceChairman]) {
      await waitFor(() => about(leader, code).length > 0, 8000, `the escalation to ${leader}`);
      expect(about(leader, code)[0]).to.include("Báo cáo lãnh đạo");
    }
    expect((await findCase(h.db, code))!.escalationLevel).to.equal(2);
  });

  it("does not escalate a case acknowledged in time, and tells its reporter", async () => {
    const { code, userId } = await file({
      category: "khac",
      ...YEN_THAI,
      photos: [],
      description: "Xây bậc tam cấp lấn ra rãnh thoát nước chung",
    });
    await change(transition(h.db, code, "acknowledged", "le-quang-vinh"));

    const msgs = await h.zalo.waitForMessages(userId, 2);
    expect(String(msgs[0]!.message.text)).to.include(code);
    const notice = String(msgs[1]!.message.text);
    expect(notice).to.include(`Phản ánh ${code}`);
    expect(notice).to.include("đã được cán bộ tiếp nhận");

    // The escalation clock is stopped (its jobs are gone), so nobody can be told it is late.
    await h.quiet();
    await expectNoEscalationJobs(escalation, code);
    for (const who of [ZALO.namLead, ZALO.chairman, ZALO.viceChairman]) {
      expect(about(who, code).filter((t) => t.includes("chưa được tiếp nhận"))).to.deep.equal([]);
    }
    expect((await findCase(h.db, code))!.escalationLevel).to.equal(0);
    // The change's outbox row queued again (a relay that died before recording it relayed), its
    // first job done and gone: the row is done, so nothing more is sent.
    const [row] = await h.db.query<{ id: number }>("SELECT id FROM case_outbox WHERE case_code = $1 AND kind = 'status-changed'", [code]);
    const again = await notify.add(CASE_NOTICE_JOB, { id: row!.id, code }, { jobId: caseNoticeJobId(row!.id) });
    await h.waitForJob(notify, again.id!);
    await h.quiet();
    expect(h.zalo.messagesFor(userId)).to.have.length(2);
  });

  it("tells the reporter of a rejection with its reason, and stops the escalation", async () => {
    const { code, userId } = await file({
      category: "khac",
      ...NGOC_BAI,
      photos: [],
      description: "Treo biển quảng cáo lớn lấn ra lòng đường liên thôn",
    });
    await change(transition(h.db, code, "rejected", "do-thu-trang", "Biển đã được cấp phép"));
    const msgs = await h.zalo.waitForMessages(userId, 2);
    const notice = String(msgs[1]!.message.text);
    expect(notice).to.include("không được chấp nhận xử lý");
    expect(notice, "the reason of a rejection is public").to.include("Biển đã được cấp phép");
    await h.quiet();
    await expectNoEscalationJobs(escalation, code);
    expect(h.zalo.messagesFor(userId)).to.have.length(2);
    expect(about(ZALO.namLead, code).filter((t) => t.includes("chưa được tiếp nhận"))).to.deep.equal([]);
    expect((await findCase(h.db, code))!.escalationLevel).to.equal(0);
  });

  it("tells every follower about later status changes", async () => {
    const { code, userId } = await file({
      category: "lan_chiem",
      ...DONG_BUT,
      photos: [],
      description: "Quán nước dựng mái che lấn chiếm hết vỉa hè",
    });
    const neighbour = `neighbour-${Date.now()}`;
    await h.db.query("INSERT INTO case_followers (case_code, channel, user_id) VALUES ($1, 'zalo', $2)", [code, neighbour]);
    await change(transition(h.db, code, "acknowledged", "nguyen-van-hung"));
    // An officer's note on a move other than a result or a reason stays with the officers.
    await change(transition(h.db, code, "in_progress", "nguyen-van-hung", "Hẹn chủ quán sáng mai"));
    await change(transition(h.db, code, "resolved", "nguyen-van-hung"));
    const [reporterMsgs, neighbourMsgs] = await Promise.all([h.zalo.waitForMessages(userId, 4), h.zalo.waitForMessages(neighbour, 3)]);
    expect(String(reporterMsgs[3]!.message.text)).to.include("đã được xử lý xong");
    expect(neighbourMsgs.map((m) => String(m.message.text))).to.satisfy((ts: string[]) =>
      ["đã được cán bộ tiếp nhận", "đang được cán bộ xử lý", "đã được xử lý xong"].every((s, i) => ts[i]!.includes(s)),
    );
    expect(textsFor(neighbour).join("\n")).to.not.include("Hẹn chủ quán");
  });
});

/** Both escalation levels of the case are unscheduled (cancelled, or never queued). */
async function expectNoEscalationJobs(escalation: Queue<EscalationJob>, code: string): Promise<void> {
  for (const level of [1, 2] as const) expect(await escalation.getJob(escalationJobId(code, level)), `level ${level}`).to.equal(undefined);
}
