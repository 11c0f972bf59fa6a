import { setTimeout as sleep } from "node:timers/promises";
import type { Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import { notifyCaseFollowers } from "../../src/cases/case-jobs.js";
import type { CaseStatus } from "../../src/cases/case.js";
import { fileCase } from "../../src/cases/file-case.js";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Database } from "../../src/db/database.js";
import { AfterWindow } from "../../src/notices/after-window.js";
import { HeldNotices } from "../../src/notices/held-notices.js";
import { ZnsQuota } from "../../src/notices/zns-quota.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { recordConsent } from "../../src/privacy/consents.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { createOutboundWorker, type OutboundJobData, type OutboundQueue, type OutboundResult } from "../../src/queues/outbound.js";
import { createRedis, redisKey } from "../../src/redis.js";
import { toLocal } from "../../src/core/local-time.js";
import { ZaloClient } from "../../webhooks/zalo/client.js";
import { zaloSender } from "../../webhooks/zalo/sender.js";
import { ZnsClient, znsSender } from "../../webhooks/zalo/zns.js";
import { caseWording } from "../../flows/messages.injected.vi.js";
import { znsSettingsSchema } from "../../src/commune/zns-templates.js";
import { exampleConfig } from "../commune/fixture.js";
import { openTestDatabase } from "../support/db.js";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";
import { SANDBOX } from "../support/sign.js";

// Issue 24: a case notice that finds Zalo's window closed goes by the commune's ZNS template to
// the reporter's phone with their consent, within the OA's daily quota, never twice; otherwise it
// is held as before. Real outbound worker, Redis and PGlite; the fake Zalo plays the OA API and ZNS.

const STATUS_TEMPLATE = "300001";
const RESULT_TEMPLATE = "300002";
const RATING_TEMPLATE = "300003";

function znsCommune(): CommuneConfig {
  return {
    ...exampleConfig(),
    zns: znsSettingsSchema.parse({
      templates: {
        status: { templateId: STATUS_TEMPLATE, params: { ma_phan_anh: "code", trang_thai: "status", thoi_gian: "at" } },
        result: { templateId: RESULT_TEMPLATE, params: { ma_phan_anh: "code", ket_qua: { value: "result", maxLength: 30 } } },
        rating: { templateId: RATING_TEMPLATE, params: { ma_phan_anh: "code", ket_qua: "result", don_vi: "commune" } },
      },
    }),
  };
}

const onlyClient = <C>(client: C) => ({ of: () => client });

describe("notices after Zalo's window: ZNS with consent, else held", function () {
  this.timeout(60_000);
  let db: Database;
  let fake: FakeZalo;
  let prefix: string;
  let redis: Redis;
  let queue: OutboundQueue;
  let worker: Worker<OutboundJobData, OutboundResult>;
  let communes: Communes;
  let held: HeldNotices;
  let n = 0;

  before(async () => {
    db = await openTestDatabase("pglite");
    held = new HeldNotices(db);
    await syncFromCommune(db, znsCommune());
  });
  after(() => db.close());

  beforeEach(async () => {
    fake = await startFakeZalo();
    fake.zns.approve(STATUS_TEMPLATE, ["ma_phan_anh", "trang_thai", "thoi_gian"]);
    fake.zns.approve(RESULT_TEMPLATE, ["ma_phan_anh", "ket_qua"]);
    fake.zns.approve(RATING_TEMPLATE, ["ma_phan_anh", "ket_qua", "don_vi"]);
    prefix = uniquePrefix("zns");
    redis = createRedis(TEST_REDIS_URL, "worker");
    communes = new Communes([znsCommune()]);
    const tokens = fake.tokenStore(redis, prefix);
    queue = createQueue<OutboundJobData>(QUEUE.outbound, { connection: redis, prefix, retryDelayMs: 10 });
    const afterWindow = new AfterWindow({
      db,
      communes,
      held,
      templates: znsSender(onlyClient(new ZnsClient({ baseUrl: fake.url, tokens }))),
      quota: new ZnsQuota(redis, prefix),
      personHash: currentDataKeys().personHash,
    });
    worker = createOutboundWorker({
      queue,
      connection: redis,
      prefix,
      sender: zaloSender(onlyClient(new ZaloClient({ apiBaseUrl: fake.url, tokens }))),
      held: afterWindow,
      onNoticeDelivered: (d) => afterWindow.delivered(d),
      ratePerMinute: 4000,
      concurrency: 4,
    });
  });

  afterEach(async () => {
    await worker.close();
    await queue.close();
    redis.disconnect();
    await fake.close();
    await dropPrefix(prefix);
  });

  /** A case reported on Zalo by a new citizen who left `phone`, with or without the ZNS consent. */
  async function reported(opts: { phone?: string; consent?: boolean } = {}): Promise<{ code: string; userId: string }> {
    const userId = `u-zns-${Date.now()}-${++n}`;
    const commune = communes.list[0]!;
    const { case: c } = await fileCase(db, commune, {
      sourceKey: `test:zns:${userId}`,
      category: "lan_chiem",
      areaId: "dong-but",
      description: "Nhà số 7 dựng lán tôn lấn ra hành lang đường liên thôn",
      reporter: { channel: "zalo", userId },
      ...(opts.phone ? { contact: { phone: opts.phone } } : {}),
    });
    if (opts.consent !== undefined) {
      const who = { communeId: commune.id, personHash: currentDataKeys().personHash("zalo", userId), channel: "zalo" };
      await recordConsent(db, who, {
        purpose: "zns_notices",
        granted: opts.consent,
        textShown: "Nhận tin ZNS",
        eventId: `evt-${userId}`,
        at: new Date(),
      });
    }
    return { code: c.code, userId };
  }

  async function changed(code: string, to: CaseStatus, note?: string): Promise<void> {
    const from: CaseStatus = to === "acknowledged" ? "new" : "in_progress";
    await notifyCaseFollowers({ db, communes, outbound: queue, say: caseWording }, code, {
      from,
      to,
      at: new Date(Date.now() + ++n),
      ...(note ? { note } : {}),
    });
  }

  /** The paths recorded in the case's audit trail, oldest first (waits for `count` of them). */
  async function paths(code: string, count = 1, timeoutMs = 20_000): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await db.query<{ detail: unknown }>(
        "SELECT detail FROM case_events WHERE case_code = $1 AND action = 'notice_sent' ORDER BY id",
        [code],
      );
      const details = rows.map((r) => (typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>);
      if (details.length >= count) return details;
      if (Date.now() > deadline) throw new Error(`${details.length}/${count} notice paths for ${code}`);
      await sleep(20);
    }
  }

  it("a case resolved after the window goes by ZNS with consent (the rating template), and is held without", async () => {
    const yes = await reported({ phone: "0912 345 678", consent: true });
    const no = await reported({ phone: "0987654321", consent: false });
    const never = await reported({ phone: "0977000111" });
    for (const r of [yes, no, never]) fake.failFor(r.userId, -230);
    for (const r of [yes, no, never]) await changed(r.code, "resolved", "Đã lập biên bản, chủ nhà tự tháo dỡ lán tôn");

    expect(await paths(yes.code)).to.deep.equal([{ path: "zns", kind: "rating", recipient: "reporter", templateId: RATING_TEMPLATE }]);
    const sent = fake.zns.sentTo("84912345678");
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ oaId: SANDBOX.oaId, templateId: RATING_TEMPLATE });
    expect(sent[0]!.templateData).to.deep.equal({
      ma_phan_anh: yes.code,
      ket_qua: "Đã lập biên bản, chủ nhà tự tháo dỡ lán tôn",
      don_vi: communes.list[0]!.name,
    });
    expect(await held.pending("zalo", yes.userId)).to.deep.equal([]);

    for (const r of [no, never]) {
      expect(await paths(r.code)).to.deep.equal([{ path: "held", kind: "rating", recipient: "reporter", because: "no_consent" }]);
      expect(await held.pending("zalo", r.userId)).to.have.length(1);
    }
    expect(fake.zns.requests).to.equal(1);
  });

  it("inside the window the notice is a consultation message, recorded as such; no phone: held", async () => {
    const inWindow = await reported({ phone: "0912000111", consent: true });
    await changed(inWindow.code, "acknowledged");
    expect(await paths(inWindow.code)).to.deep.equal([{ path: "consultation", kind: "status", recipient: "reporter" }]);
    expect(fake.messagesFor(inWindow.userId)).to.have.length(1);

    const noPhone = await reported({ consent: true });
    fake.failFor(noPhone.userId, -230);
    await changed(noPhone.code, "acknowledged");
    expect(await paths(noPhone.code)).to.deep.equal([{ path: "held", kind: "status", recipient: "reporter", because: "no_phone" }]);
    expect(fake.zns.requests).to.equal(0);

    // The reporter writes again: the held notice goes out, and the trail says so, once (a
    // release marked twice, as after a crash between the queue and the mark, writes one event).
    const pending = await held.pending("zalo", noPhone.userId);
    expect(pending).to.have.length(1);
    await held.markDelivered(pending.map((n) => n.id));
    await held.markDelivered(pending.map((n) => n.id));
    expect(await paths(noPhone.code, 2)).to.deep.equal([
      { path: "held", kind: "status", recipient: "reporter", because: "no_phone" },
      { path: "released", kind: "status", recipient: "reporter" },
    ]);
  });

  it("out of quota: held; Zalo's -144 and a reported remainingQuota of 0 both stop further sends that day", async () => {
    fake.zns.setQuota(SANDBOX.oaId, 1);
    const a = await reported({ phone: "0912000222", consent: true });
    const b = await reported({ phone: "0912000333", consent: true });
    for (const r of [a, b]) fake.failFor(r.userId, -230);
    await changed(a.code, "acknowledged");
    expect((await paths(a.code))[0]).to.deep.include({ path: "zns", kind: "status" });
    const status = fake.zns.sentTo("84912000222")[0]!.templateData;
    expect(status.ma_phan_anh).to.equal(a.code);
    expect(status.trang_thai).to.equal("Cán bộ đã tiếp nhận, sẽ kiểm tra, xử lý");
    // Zalo said 0 left: the next notice is held without asking it.
    await changed(b.code, "acknowledged");
    expect(await paths(b.code)).to.deep.equal([{ path: "held", kind: "status", recipient: "reporter", because: "quota" }]);
    expect(fake.zns.requests).to.equal(1);

    // A new day's count unknown, Zalo refuses with -144: held, and remembered.
    const commune = communes.list[0]!;
    await redis.del(redisKey(prefix, "zns-quota", commune.zalo?.oaId ?? commune.id, toLocal(new Date()).date));
    fake.zns.setQuota(SANDBOX.oaId, 0);
    const c = await reported({ phone: "0912000444", consent: true });
    const d = await reported({ phone: "0912000555", consent: true });
    for (const r of [c, d]) fake.failFor(r.userId, -230);
    await changed(c.code, "acknowledged");
    expect(await paths(c.code)).to.deep.equal([{ path: "held", kind: "status", recipient: "reporter", because: "quota", code: "-144" }]);
    await changed(d.code, "acknowledged");
    expect(await paths(d.code)).to.deep.equal([{ path: "held", kind: "status", recipient: "reporter", because: "quota" }]);
    expect(await held.pending("zalo", d.userId)).to.have.length(1);
  });

  it("ZNS error codes: -100 is retried (one message in the end), -139 is held without a retry, an unknown answer is held and never resent", async () => {
    const retried = await reported({ phone: "0912000666", consent: true });
    fake.failFor(retried.userId, -230);
    fake.zns.failNext(2, { zaloError: -100 });
    await changed(retried.code, "acknowledged");
    expect((await paths(retried.code))[0]).to.deep.include({ path: "zns" });
    expect(fake.zns.requests).to.equal(3);
    expect(fake.zns.sentTo("84912000666")).to.have.length(1);

    const refusing = await reported({ phone: "0912000777", consent: true });
    fake.failFor(refusing.userId, -230);
    fake.zns.refuse("84912000777");
    await changed(refusing.code, "acknowledged");
    expect(await paths(refusing.code)).to.deep.equal([
      { path: "held", kind: "status", recipient: "reporter", because: "zns_refused", code: "-139" },
    ]);
    expect(fake.zns.requests).to.equal(4);

    const lost = await reported({ phone: "0912000888", consent: true });
    fake.failFor(lost.userId, -230);
    fake.zns.failNext(1, { network: true });
    await changed(lost.code, "acknowledged");
    const [p] = await paths(lost.code);
    expect(p).to.deep.include({ path: "held", because: "zns_unknown" });
    expect(fake.zns.requests).to.equal(5);
    expect(await held.pending("zalo", lost.userId)).to.have.length(1);
  });

  it("the same notice queued again after its job is gone sends no second ZNS", async () => {
    const r = await reported({ phone: "0912000999", consent: true });
    fake.failFor(r.userId, -230);
    const at = new Date();
    const notify = () =>
      notifyCaseFollowers({ db, communes, outbound: queue, say: caseWording }, r.code, { from: "new", to: "acknowledged", at });
    await notify();
    await paths(r.code);
    // The finished job removed (as after its retention), the same change told again.
    for (const job of await queue.getJobs(["completed"])) await job.remove();
    await notify();
    // The second job ran to its end, and found the ZNS already sent.
    const deadline = Date.now() + 10_000;
    let done = await queue.getJobs(["completed"]);
    while (done.length < 1 && Date.now() < deadline) {
      await sleep(20);
      done = await queue.getJobs(["completed"]);
    }
    expect(done.map((j) => j.returnvalue)).to.deep.equal([{ sent: 0, held: 0, sentBy: "zns" }]);
    expect(fake.zns.requests).to.equal(1);
    expect(await paths(r.code)).to.have.length(1);
    expect(await held.pending("zalo", r.userId)).to.deep.equal([]);
  });
});
