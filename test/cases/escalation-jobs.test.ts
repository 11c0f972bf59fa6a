import { Communes } from "../../src/commune/communes.js";
import type { Queue, Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import {
  cancelEscalation,
  createEscalationWorker,
  type Escalated,
  type EscalationJob,
  escalationJobId,
  processEscalation,
  scheduleEscalation,
} from "../../src/cases/escalation-jobs.js";
import { transition } from "../../src/cases/case-changes.js";
import { getCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { exampleConfig, openRoundTheClock } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { runDelayedNow } from "../support/delayed-jobs.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// The one test of escalation with real delayed jobs: "khac" acknowledged within 0.0002 h = 0.72 s;
// the leadership 0.72 s after the lead. (The end-to-end tests run the jobs at once, after checking
// when they were due.)
const config = exampleConfig();
config.categories = config.categories.map((k) => (k.id === "khac" ? { ...k, ackHours: 0.0002 } : k));
config.escalation = { toLeadAfterAckHours: 0, toLeadershipAfterHours: 0.0002 };
openRoundTheClock(config);
/** The same commune with an hour to acknowledge: an officer acting "in time" has all of it. */
const unhurried = structuredClone(config);
unhurried.categories = unhurried.categories.map((k) => (k.id === "khac" ? { ...k, ackHours: 1 } : k));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await sleep(50);
}

let n = 0;
const report = (location = { lat: 21.005, lng: 105.61 }) => ({
  sourceKey: `esc-${++n}-${Math.random()}`,
  category: "khac",
  location,
  description: "Dựng lán tạm trên vỉa hè trước cổng trường",
});

for (const backend of BACKENDS) {
  describe(`escalation jobs (${backend})`, function () {
    this.timeout(20_000);
    let db: Database;
    let prefix: string;
    let queueRedis: Redis;
    let workerRedis: Redis;
    let queue: Queue<EscalationJob>;
    let worker: Worker;
    const escalations: Escalated[] = [];

    before(async () => {
      db = await openTestDatabase(backend);
      await syncFromCommune(db, config);
      prefix = uniquePrefix("esc");
      queueRedis = createRedis(TEST_REDIS_URL, "worker");
      workerRedis = createRedis(TEST_REDIS_URL, "worker");
      queue = createQueue<EscalationJob>(QUEUE.escalation, { connection: queueRedis, prefix });
      worker = createEscalationWorker(workerRedis, prefix, {
        db,
        communes: new Communes([config]),
        queue,
        onEscalate: (e) => void escalations.push(e),
      });
      await worker.waitUntilReady();
    });
    after(async () => {
      await worker?.close();
      await queue?.close();
      queueRedis?.disconnect();
      workerRedis?.disconnect();
      if (prefix) await dropPrefix(prefix);
      await db?.close();
    });

    it("escalates an unacknowledged case to the team lead, then to the leadership", async () => {
      const { case: c } = await fileCase(db, config, report());
      const scheduled = await scheduleEscalation(queue, c, config);
      expect(scheduled).to.include({ level: 1, jobId: escalationJobId(c.code, 1) });
      // Scheduling again (a retried filing job) adds nothing.
      await scheduleEscalation(queue, c, config);
      expect(await queue.getDelayedCount()).to.equal(1);

      await until(() => escalations.some((e) => e.case.code === c.code), 6000);
      const first = escalations.filter((e) => e.case.code === c.code);
      expect(first).to.have.length(1);
      expect(first[0]!.level).to.equal(1);
      expect(first[0]!.officers.map((o) => o.id)).to.deep.equal(["nguyen-van-hung"]);
      expect(Date.now() - c.createdAt.getTime()).to.be.greaterThan(700);

      await until(() => escalations.filter((e) => e.case.code === c.code).length >= 2, 6000);
      const second = escalations.filter((e) => e.case.code === c.code)[1]!;
      expect(second.level).to.equal(2);
      expect(second.officers.map((o) => o.id)).to.deep.equal(["chu-tich", "pho-chu-tich"]);

      const d = (await getCase(db, c.code))!;
      expect(d.escalationLevel).to.equal(2);
      expect(d.events.filter((e) => e.action === "escalated").map((e) => e.detail)).to.deep.equal([
        { level: 1, notified: ["nguyen-van-hung"] },
        { level: 2, notified: ["chu-tich", "pho-chu-tich"] },
      ]);
    });

    it("does not escalate a case acknowledged in time (job cancelled)", async () => {
      const { case: c } = await fileCase(db, unhurried, report({ lat: 20.985, lng: 105.61 }));
      await scheduleEscalation(queue, c, unhurried);
      await transition(db, c.code, "acknowledged", "le-quang-vinh");
      expect(await cancelEscalation(queue, c.code)).to.equal(1);
      // No job left, so nothing can escalate later.
      expect(await queue.getJob(escalationJobId(c.code, 1))).to.equal(undefined);
      expect(await queue.getJob(escalationJobId(c.code, 2))).to.equal(undefined);
      expect(escalations.filter((e) => e.case.code === c.code)).to.deep.equal([]);
      expect((await getCase(db, c.code))!.escalationLevel).to.equal(0);
    });

    it("does not escalate when the job runs after the case was acknowledged (re-check)", async () => {
      const { case: c } = await fileCase(db, unhurried, report({ lat: 20.985, lng: 105.63 }));
      await scheduleEscalation(queue, c, unhurried);
      await transition(db, c.code, "acknowledged", "le-quang-vinh");
      // The job is left in place, as if cancelling had failed or raced, and its time comes.
      await runDelayedNow(queue, escalationJobId(c.code, 1));
      const job = (await queue.getJob(escalationJobId(c.code, 1)))!;
      for (let i = 0; i < 200 && (await job.getState()) !== "completed"; i++) await sleep(50);
      expect(await job.getState()).to.equal("completed");
      expect((await queue.getJob(escalationJobId(c.code, 1)))!.returnvalue).to.deep.equal({ escalated: false, reason: "acted_on" });
      expect(escalations.filter((e) => e.case.code === c.code)).to.deep.equal([]);
    });

    it("finishes a retried job's work without recording the escalation twice", async () => {
      const { case: c } = await fileCase(db, config, report({ lat: 21.005, lng: 105.63 }), { now: new Date(Date.now() - 3600_000) });
      const calls: Escalated[] = [];
      let fail = true;
      const deps = {
        db,
        communes: new Communes([config]),
        queue,
        onEscalate: (e: Escalated) => {
          calls.push(e);
          if (fail) throw new Error("notify queue down");
        },
      };
      const job = { data: { code: c.code, level: 1 as const } };
      try {
        await processEscalation(deps, job);
        expect.fail("should throw");
      } catch (err) {
        expect((err as Error).message).to.equal("notify queue down");
      }
      fail = false;
      expect(await processEscalation(deps, job)).to.deep.equal({ escalated: true, level: 1, officers: ["nguyen-van-hung"] });
      expect(calls.map((e) => e.dedupeKey)).to.deep.equal([escalationJobId(c.code, 1), escalationJobId(c.code, 1)]);
      const d = (await getCase(db, c.code))!;
      expect(d.events.filter((e) => e.action === "escalated")).to.have.length(1);
      await cancelEscalation(queue, c.code);
    });
  });
}
