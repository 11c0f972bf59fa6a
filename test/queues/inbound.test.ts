import { setTimeout as sleep } from "node:timers/promises";
import type { Queue, Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { ChannelEvent } from "../../src/core/channel-event.js";
import { createQueue } from "../../src/queues/factory.js";
import { createInboundWorker, QueueInboundSink } from "../../src/queues/inbound.js";
import { jobId, QUEUE } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

describe("inbound worker", () => {
  let redis: Redis;
  let prefix: string;
  let queue: Queue;
  let worker: Worker<ChannelEvent> | undefined;

  beforeEach(() => {
    redis = createRedis(TEST_REDIS_URL, "worker");
    prefix = uniquePrefix("inbound");
    queue = createQueue(QUEUE.inbound, { connection: redis, prefix });
  });

  afterEach(async () => {
    await worker?.close(true);
    await queue.close();
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it("queues events whose msg ids differ only by ':' or whitespace as distinct jobs", async () => {
    const sink = new QueueInboundSink(queue, redis, prefix);
    const ids = ["m:1", "m 1", "m_1", "m\t1"];
    const at = Date.now();
    for (const eventId of ids) {
      expect(await sink.accept({ kind: "text", text: "xin chào", eventId, channel: "zalo", userId: "u1", at }), eventId).to.equal("queued");
      expect(await sink.accept({ kind: "text", text: "xin chào", eventId, channel: "zalo", userId: "u1", at }), eventId).to.equal("duplicate");
    }
    const jobs = await queue.getJobs(["waiting"]);
    expect(jobs.map((j) => (j.data as ChannelEvent).eventId).sort()).to.deep.equal([...ids].sort());
  });

  it("fails an event whose handling hangs, and after its attempts leaves it in the failed set", async () => {
    // Handling that never finishes: a look-up stuck on a half-open connection.
    worker = createInboundWorker(redis, prefix, () => new Promise(() => undefined), { deadlineMs: 100 });
    const event: ChannelEvent = { kind: "text", text: "xin chào", eventId: "m1", channel: "zalo", userId: "u1", at: Date.now() };
    const id = jobId("in", "zalo", event.eventId);
    await queue.add(event.kind, event, { jobId: id, attempts: 2, backoff: { type: "fixed", delay: 10 } });

    const deadline = Date.now() + 10_000;
    while ((await queue.getJobState(id)) !== "failed") {
      if (Date.now() > deadline) throw new Error(`job still ${await queue.getJobState(id)}`);
      await sleep(20);
    }
    const job = await queue.getJob(id);
    expect(job?.attemptsMade).to.equal(2);
    expect(job?.failedReason).to.match(/not handled within 100 ms/);
  });
});
