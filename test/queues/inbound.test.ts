import { setTimeout as sleep } from "node:timers/promises";
import type { Queue, Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { createQueue } from "../../src/queues/factory.js";
import { createInboundWorker, QueueInboundSink } from "../../src/queues/inbound.js";
import { jobId, QUEUE } from "../../src/queues/names.js";
import { createRedis, redisKey } from "../../src/redis.js";
import { waitForQuietQueues } from "../support/quiet-queues.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

describe("inbound worker", () => {
  let redis: Redis;
  let prefix: string;
  let queue: Queue;
  let worker: Worker<PlatformEvent> | undefined;

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
    const sink = new QueueInboundSink(queue, prefix);
    const ids = ["m:1", "m 1", "m_1", "m\t1"];
    const at = Date.now();
    for (const eventId of ids) {
      expect(
        await sink.accept({ kind: "text", text: "xin chào", eventId, channel: "zalo", communeId: "kieu-phu", userId: "u1", at }),
        eventId,
      ).to.equal("queued");
      expect(
        await sink.accept({ kind: "text", text: "xin chào", eventId, channel: "zalo", communeId: "kieu-phu", userId: "u1", at }),
        eventId,
      ).to.equal("duplicate");
    }
    const jobs = await queue.getJobs(["waiting"]);
    expect(jobs.map((j) => (j.data as PlatformEvent).eventId).sort()).to.deep.equal([...ids].sort());
  });

  it("fails an event whose handling hangs, leaves it in the failed set, and handles the user's next event", async () => {
    await queue.close();
    queue = createQueue(QUEUE.inbound, { connection: redis, prefix, retryDelayMs: 5 });
    const sink = new QueueInboundSink(queue, prefix);
    const handled: string[] = [];
    let stuck = true;
    // Handling that never finishes (a look-up stuck on a half-open connection), for m1 only.
    worker = createInboundWorker(
      queue,
      redis,
      prefix,
      (event) => (stuck && event.eventId === "m1" ? new Promise(() => undefined) : Promise.resolve(void handled.push(event.eventId))),
      {
        deadlineMs: 50,
        lockDurationMs: 1000,
      },
    );
    const at = Date.now();
    await sink.accept({ kind: "text", text: "xin chào", eventId: "m1", channel: "zalo", communeId: "kieu-phu", userId: "u1", at });
    await sink.accept({ kind: "text", text: "alo", eventId: "m2", channel: "zalo", communeId: "kieu-phu", userId: "u1", at });
    const id = jobId("in", "zalo", "m1");

    const deadline = Date.now() + 15_000;
    while ((await queue.getJobState(id)) !== "failed" || !handled.length) {
      if (Date.now() > deadline) throw new Error(`job still ${await queue.getJobState(id)}, handled ${handled.join()}`);
      await sleep(20);
    }
    const job = await queue.getJob(id);
    expect(job?.attemptsMade).to.equal(8);
    expect(job?.failedReason).to.match(/not handled within 50 ms/);
    // The user's next message waited for it (in order), then was handled, once.
    expect(handled).to.deep.equal(["m2"]);

    // Retried by hand from the queue board once the cause is fixed: it takes a place again and runs.
    stuck = false;
    await job?.retry("failed");
    while (handled.length < 2) {
      if (Date.now() > deadline) throw new Error(`retried event not handled: ${await queue.getJobState(id)}`);
      await sleep(20);
    }
    expect(handled).to.deep.equal(["m2", "m1"]);
  });

  it("takes events queued by a release before lanes into their user's order, unless that release handled them", async () => {
    // As the sink before lanes stored them: the job and a seen key "1"; m2 was handled (its outbox).
    for (const eventId of ["m1", "m2"]) {
      const event: PlatformEvent = {
        kind: "text",
        text: "xin chào",
        eventId,
        channel: "zalo",
        communeId: "kieu-phu",
        userId: "u1",
        at: Date.now(),
      };
      await queue.add(event.kind, event, { jobId: jobId("in", "zalo", eventId) });
      await redis.set(redisKey(prefix, "seen", "zalo", eventId), "1", "EX", 3600);
    }
    await redis.hset(redisKey(prefix, "outbox", "m2"), "body", "{}", "dispatched", "1");
    const handled: string[] = [];
    worker = createInboundWorker(queue, redis, prefix, (event) => Promise.resolve(void handled.push(event.eventId)), {
      lockDurationMs: 1000,
    });
    const deadline = Date.now() + 10_000;
    const gone = async () => !(await queue.getJob(jobId("in", "zalo", "m1"))) && !(await queue.getJob(jobId("in", "zalo", "m2")));
    while (!(await gone())) {
      if (Date.now() > deadline) throw new Error(`handled ${handled.join()}`);
      await sleep(20);
    }
    expect(handled).to.deep.equal(["m1"]);
  });

  it("handles an event once when a worker gets its job before the sink's script places it", async () => {
    // The sink's two commands are not one atomic step: here the job is added, a worker takes it,
    // and only then the sink's script runs (as the add alone, then the sink again).
    const event: PlatformEvent = {
      kind: "text",
      text: "xin chào",
      eventId: "m1",
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "u1",
      at: Date.now(),
    };
    await queue.add(event.kind, event, { jobId: jobId("in", "zalo", "m1") });
    const handled: string[] = [];
    worker = createInboundWorker(queue, redis, prefix, (e) => Promise.resolve(void handled.push(e.eventId)), { lockDurationMs: 1000 });
    const deadline = Date.now() + 10_000;
    while (!handled.length || (await queue.getJob(jobId("in", "zalo", "m1")))) {
      if (Date.now() > deadline) throw new Error("not handled");
      await sleep(20);
    }
    expect(await new QueueInboundSink(queue, prefix).accept(event)).to.equal("duplicate");
    await waitForQuietQueues({ prefix, queues: [QUEUE.inbound] });
    expect(handled).to.deep.equal(["m1"]);
  });

  it("handles one user's events one at a time in the order accepted, with many workers at once", async () => {
    const sink = new QueueInboundSink(queue, prefix);
    const seen: Record<string, string[]> = {};
    const busy = new Set<string>();
    let overlapped = false;
    const handle = async (event: PlatformEvent) => {
      if (busy.has(event.userId)) overlapped = true;
      busy.add(event.userId);
      await sleep(Math.random() * 15);
      (seen[event.userId] ??= []).push(event.eventId);
      busy.delete(event.userId);
    };
    const workers = [1, 2, 3].map(() => createInboundWorker(queue, redis, prefix, handle, { concurrency: 8, lockDurationMs: 2000 }));
    try {
      const users = ["a", "b", "c", "d"];
      const sent: Record<string, string[]> = {};
      await Promise.all(
        users.map(async (u) => {
          for (let i = 0; i < 12; i++) {
            const eventId = `${u}${i}`;
            (sent[u] ??= []).push(eventId);
            await sink.accept({ kind: "text", text: "x", eventId, channel: "zalo", communeId: "kieu-phu", userId: u, at: Date.now() });
          }
        }),
      );
      const deadline = Date.now() + 20_000;
      while (users.some((u) => (seen[u]?.length ?? 0) < 12)) {
        if (Date.now() > deadline) throw new Error(`handled ${JSON.stringify(seen)}`);
        await sleep(20);
      }
      for (const u of users) expect(seen[u], u).to.deep.equal(sent[u]);
      expect(overlapped, "two events of one user ran at once").to.equal(false);
    } finally {
      await Promise.all(workers.map((w) => w.close(true)));
    }
  });
});
