import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import { escalationJobId } from "../../src/cases/escalation-jobs.js";
import { getCase } from "../../src/cases/case-queries.js";
import type { CaseReport } from "../../src/conversation/flow.js";
import { formatDateTimeVN } from "../../src/core/local-time.js";
import type { EffectJob } from "../../src/queues/dispatch.js";
import { jobId, QUEUE, queueOptions } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { Harness } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";

// A 1×1 transparent PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Inside Thôn Đồng Bụt of the example config: routed to "Tổ trật tự xây dựng khu Bắc". */
const DONG_BUT = { latitude: 21.005, longitude: 105.61 };

describe("submitting a report (cases queue → case, confirmation, jobs)", function () {
  this.timeout(30_000);
  let h: Harness;
  let redis: Redis;
  let cases: Queue;
  let photoQueue: Queue;
  let outbound: Queue;
  let escalation: Queue;
  let photoServer: Server;
  let photoBase: string;
  let dataDir: string;
  // The first two requests for /flaky.png fail: the photo keeper's job must retry.
  let flakyFailures = 2;
  let n = 0;
  // Requests for /slow/… get no answer until the test lets them go.
  const slowRequests: ServerResponse[] = [];
  const answerSlowPhotos = () => slowRequests.splice(0).forEach((res) => res.writeHead(200, { "content-type": "image/png" }).end(PNG));

  before(async () => {
    photoServer = createServer((req, res) => {
      if (req.url?.startsWith("/slow/")) return void slowRequests.push(res);
      if (req.url?.startsWith("/flaky.png") && flakyFailures-- > 0) return void res.writeHead(503).end();
      if (req.url?.endsWith(".png") || req.url?.includes(".png?")) return void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoBase = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), "submit-"));
    h = await Harness.start({ env: { DATA_DIR: dataDir } });
    redis = createRedis(TEST_REDIS_URL, "worker");
    cases = new Queue(QUEUE.cases, queueOptions(h.prefix, redis));
    photoQueue = new Queue(QUEUE.photos, queueOptions(h.prefix, redis));
    outbound = new Queue(QUEUE.outbound, queueOptions(h.prefix, redis));
    escalation = new Queue(QUEUE.escalation, queueOptions(h.prefix, redis));
  });
  after(async () => {
    answerSlowPhotos();
    await Promise.all([cases, photoQueue, outbound, escalation].map((q) => q?.close()));
    redis?.disconnect();
    await h?.stop();
    photoServer?.closeAllConnections();
    await new Promise((resolve) => photoServer?.close(resolve));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const report = (over: Partial<CaseReport> = {}): CaseReport => ({
    category: "xay_dung_khong_phep",
    ...DONG_BUT,
    photos: [],
    description: "Nhà ven đường đang đổ trần tầng 3, không thấy biển cấp phép",
    ...over,
  });

  /** Add a `submitCase` job as the engine would, and wait until it has run. */
  async function submit(r: CaseReport, ids: { eventId?: string; userId?: string; jobSuffix?: string } = {}) {
    const eventId = ids.eventId ?? `msg-${Date.now()}-${++n}`;
    const userId = ids.userId ?? `citizen-${Date.now()}-${n}`;
    const data: EffectJob = { channel: "zalo", userId, eventId, effect: { type: "submitCase", report: r } };
    const id = jobId("effect", "zalo", eventId, "0") + (ids.jobSuffix ?? "");
    await cases.add("submitCase", data, { jobId: id });
    return { id, eventId, userId, done: () => h.waitForJob(cases, id) };
  }

  async function caseCodesOf(eventId: string): Promise<string[]> {
    const rows = await h.db.query<{ code: string }>("SELECT code FROM cases WHERE source_key = $1", [`zalo:${eventId}`]);
    return rows.map((r) => r.code);
  }

  it("files the same report once and confirms once, with code, team and acknowledgement time", async () => {
    const first = await submit(report());
    await first.done();
    // The same job data again (a re-dispatched outbox after its job was gone): nothing new.
    const again = await submit(report(), { eventId: first.eventId, userId: first.userId, jobSuffix: "-again" });
    await again.done();

    const codes = await caseCodesOf(first.eventId);
    expect(codes).to.have.length(1);
    const code = codes[0]!;
    expect(code).to.match(/^PA-\d{6}-[ACDEFGHJKMNPRTUVWXY34679]{4}$/);
    await h.waitForJob(outbound, jobId("case-filed", code, "reporter"));
    await h.quiet();
    const messages = h.zalo.messagesFor(first.userId);
    expect(messages).to.have.length(1);

    const c = (await getCase(h.db, code))!;
    expect(c).to.include({
      teamId: "trat-tu-bac",
      areaId: "dong-but",
      channel: "zalo",
      anonymous: true,
      contactName: null,
      contactPhone: null,
    });
    const text = String(messages[0]!.message.text);
    expect(text).to.include(code);
    expect(text).to.include("Tổ trật tự xây dựng khu Bắc");
    expect(text).to.include("Xây dựng không có giấy phép");
    expect(text).to.include(formatDateTimeVN(c.ackDueAt!));
    expect(text).to.include(h.commune.hotline);
  });

  it("keeps the contact of a named report and schedules its escalation once", async () => {
    const s = await submit(report({ contact: { name: "Nguyễn Thị Mai", phone: "0912345678" } }));
    await s.done();
    const [code] = await caseCodesOf(s.eventId);
    const c = (await getCase(h.db, code!))!;
    expect(c).to.include({ anonymous: false, contactName: "Nguyễn Thị Mai", contactPhone: "0912345678", reporterUserId: s.userId });
    // Scheduled from the case outbox, written with the case.
    await h.outboxDrained();
    const esc = await escalation.getJob(escalationJobId(code!, 1));
    expect(esc, "level-1 escalation scheduled").to.not.equal(undefined);
    expect(await esc!.isDelayed()).to.equal(true);
    // Running the filing again does not add a second escalation job.
    await (
      await submit(report({ contact: { name: "Nguyễn Thị Mai", phone: "0912345678" } }), {
        eventId: s.eventId,
        userId: s.userId,
        jobSuffix: "-again",
      })
    ).done();
    expect((await escalation.getDelayed()).filter((j) => j.data && (j.data as { code?: string }).code === code)).to.have.length(1);
  });

  it("keeps copies of the photos, retrying while a download fails", async () => {
    const photos = [`${photoBase}/a.png?token=x`, `${photoBase}/flaky.png`];
    const s = await submit(report({ photos }));
    await s.done();
    const [code] = await caseCodesOf(s.eventId);
    await h.waitForJob(photoQueue, jobId("keep-photos", code!), 15_000);
    const c = (await getCase(h.db, code!))!;
    expect(c.photos.map((p) => p.sourceUrl)).to.deep.equal(photos);
    for (const p of c.photos) {
      expect(p.storedPath).to.match(/^photos\/[0-9a-f]{64}\.png$/);
      expect(existsSync(path.join(dataDir, p.storedPath!))).to.equal(true);
    }
    const job = await photoQueue.getJob(jobId("keep-photos", code!));
    expect(job!.attemptsMade, "the keeper retried after the 503s").to.be.greaterThan(1);
  });

  it("files a report and sends its tracking code while slow photo servers hold every photo copy", async () => {
    // More reports with photos than the case worker has slots (4): before photos had a queue of
    // their own, these copies held every slot and the next citizen's filing waited behind them.
    const slow = await Promise.all([1, 2, 3, 4, 5].map((i) => submit(report({ photos: [`${photoBase}/slow/${i}.png`] }))));
    await Promise.all(slow.map((s) => s.done()));
    const copies = await Promise.all(slow.map(async (s) => jobId("keep-photos", (await caseCodesOf(s.eventId))[0]!)));
    for (let i = 0; i < 400 && slowRequests.length < 4; i++) await sleep(25);
    expect(slowRequests.length, "the photo worker is busy with the slow servers").to.be.at.least(4);

    const other = await submit(report());
    await other.done();
    const [code] = await caseCodesOf(other.eventId);
    await h.waitForJob(outbound, jobId("case-filed", code!, "reporter"));
    const [msg] = await h.zalo.waitForMessages(other.userId, 1);
    expect(String(msg!.message.text)).to.include(code!);
    const states = await Promise.all(copies.map(async (id) => (await photoQueue.getJob(id))?.getState()));
    expect(
      states.filter((s) => s === "active"),
      "the slow copies are still running",
    ).to.have.length(4);

    answerSlowPhotos();
    for (const id of copies) {
      // The fifth copy waited for a free photo slot; it asks once the others are answered.
      for (let i = 0; i < 400 && (await (await photoQueue.getJob(id))?.getState()) !== "completed"; i++) {
        answerSlowPhotos();
        await sleep(25);
      }
      expect(await (await photoQueue.getJob(id))?.getState()).to.equal("completed");
    }
  });

  it("tells the resident when a report cannot be filed, and files nothing", async () => {
    const s = await submit(report({ category: "no-such-category" }));
    const job = async () => (await cases.getJob(s.id))!;
    for (let i = 0; i < 200 && (await (await job()).getState()) !== "failed"; i++) await sleep(25);
    expect(await (await job()).getState()).to.equal("failed");
    expect((await job()).attemptsMade, "not retried").to.equal(1);
    expect(await caseCodesOf(s.eventId)).to.deep.equal([]);
    const [msg] = await h.zalo.waitForMessages(s.userId, 1);
    expect(String(msg!.message.text)).to.include("chưa gửi được");
  });

  it("tells the resident once when the database refuses the filing through every retry, and not before", async () => {
    const eventId = `msg-${Date.now()}-db-down`;
    const userId = `citizen-${Date.now()}-db-down`;
    const data: EffectJob = { channel: "zalo", userId, eventId, effect: { type: "submitCase", report: report() } };
    const id = jobId("effect", "zalo", eventId, "0");
    await h.db.exec("ALTER TABLE cases RENAME TO cases_away");
    try {
      await cases.add("submitCase", data, { jobId: id, attempts: 2, backoff: { type: "fixed", delay: 300 } });
      const job = async () => (await cases.getJob(id))!;
      for (let i = 0; i < 400 && (await (await job()).getState()) !== "failed"; i++) await sleep(25);
      expect(await (await job()).getState()).to.equal("failed");
      expect((await job()).attemptsMade).to.equal(2);
    } finally {
      await h.db.exec("ALTER TABLE cases_away RENAME TO cases");
    }
    const [msg] = await h.zalo.waitForMessages(userId, 1);
    expect(String(msg!.message.text)).to.include("chưa gửi được");
    await h.quiet();
    expect(h.zalo.messagesFor(userId), "told once, after the last attempt").to.have.length(1);
  });
});
