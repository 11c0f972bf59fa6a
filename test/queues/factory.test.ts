import { Queue } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import { DOSSIER_NOTICES_JOB, triggerDossierNotices } from "../../src/dossiers/notices.js";
import { createQueue } from "../../src/queues/factory.js";
import { DEFAULT_JOB_OPTIONS, EVENT_STREAM_LENGTH, QUEUE, queueOptions } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

describe("queue factory", () => {
  let redis: Redis;
  let prefix: string;
  const queues: Queue[] = [];
  const open = (name: (typeof QUEUE)[keyof typeof QUEUE], retryDelayMs?: number) => {
    const q = createQueue(name, { connection: redis, prefix, ...(retryDelayMs ? { retryDelayMs } : {}) });
    queues.push(q);
    return q;
  };

  before(() => {
    redis = createRedis(TEST_REDIS_URL, "worker");
    prefix = uniquePrefix("factory");
  });
  after(async () => {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it("gives a job of every queue retries with backoff and a bounded life", async () => {
    for (const name of Object.values(QUEUE)) {
      const job = await open(name).add("probe", {});
      expect(job.opts.attempts, name).to.equal(DEFAULT_JOB_OPTIONS.attempts);
      expect(job.opts.backoff, name).to.deep.equal(DEFAULT_JOB_OPTIONS.backoff);
      expect(job.opts.removeOnComplete, name).to.deep.equal(name === QUEUE.inbound ? true : DEFAULT_JOB_OPTIONS.removeOnComplete);
      expect(job.opts.removeOnFail, name).to.deep.equal(DEFAULT_JOB_OPTIONS.removeOnFail);
    }
  });

  it("keeps a queue's event stream short: nothing reads it, and 10,000 entries cost Redis about a megabyte", async () => {
    const q = open(QUEUE.notify);
    await q.waitUntilReady();
    // A second Queue object of the same queue, as tests and tools make them, keeps the length.
    const other = new Queue(QUEUE.notify, queueOptions(prefix, redis));
    await other.waitUntilReady();
    await other.close();
    await q.addBulk(Array.from({ length: 2000 }, (_, i) => ({ name: "probe", data: { i } })));
    // Redis trims a stream by whole nodes (~100 entries), so the cap is approximate; BullMQ's
    // default would keep all 2,000+ events of this burst.
    expect(await redis.xlen(q.keys.events ?? "missing")).to.be.at.most(EVENT_STREAM_LENGTH * 3);
  });

  it("shortens the backoff when asked (tests)", async () => {
    const job = await open(QUEUE.notify, 50).add("probe", {});
    expect(job.opts.backoff).to.deep.equal({ type: "exponential", delay: 50 });
    expect(job.opts.attempts).to.equal(DEFAULT_JOB_OPTIONS.attempts);
  });

  it("keeps one dossier-notices run waiting however often it is triggered", async () => {
    const notify = open(QUEUE.notify);
    for (let i = 0; i < 5; i++) await triggerDossierNotices(notify);
    const waiting = (await notify.getWaiting()).filter((j) => j.name === DOSSIER_NOTICES_JOB);
    expect(waiting).to.have.length(1);
  });
});
