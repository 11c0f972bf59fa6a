import type { Queue } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { Outbox } from "../../src/conversation/session-store.js";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { outboxDispatcher } from "../../src/queues/dispatch.js";
import { createQueue } from "../../src/queues/factory.js";
import { laneKey } from "../../src/queues/lanes.js";
import { jobId, QUEUE } from "../../src/queues/names.js";
import type { OutboundJobData } from "../../src/queues/outbound.js";
import { createWorker } from "../../src/queues/worker.js";
import { createRedis, redisKey } from "../../src/redis.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

describe("dispatching an event's outbox", () => {
  let redis: Redis;
  let prefix: string;
  let inbound: Queue;
  let outbound: Queue<OutboundJobData>;
  let cases: Queue;

  beforeEach(() => {
    redis = createRedis(TEST_REDIS_URL, "worker");
    prefix = uniquePrefix("dispatch");
    inbound = createQueue(QUEUE.inbound, { connection: redis, prefix });
    outbound = createQueue<OutboundJobData>(QUEUE.outbound, { connection: redis, prefix });
    cases = createQueue(QUEUE.cases, { connection: redis, prefix });
  });

  afterEach(async () => {
    await Promise.all([inbound.close(), outbound.close(), cases.close()]);
    redis.disconnect();
    await dropPrefix(prefix);
  });

  const event: PlatformEvent = {
    kind: "text",
    text: "xin chào",
    eventId: "m1",
    channel: "zalo",
    communeId: "kieu-phu",
    userId: "u1",
    at: Date.now(),
  };
  const outbox: Outbox = { userId: "u1", replies: [{ type: "text", text: "Kính chào ông/bà" }], effects: [{ type: "deliverHeldNotices" }] };
  const outboxKey = (eventId: string) => redisKey(prefix, "outbox", eventId);

  it("enqueues the replies in the user's outbound lane and the effects, and ends the event, in one step", async () => {
    const place = { lane: laneKey(inbound, "zalo", "u1"), member: jobId("in", "zalo", "m1") };
    await redis.zadd(place.lane, "1", place.member, "2", "in-zalo-m2");
    await redis.hset(outboxKey("m1"), "body", JSON.stringify(outbox));
    await outboxDispatcher({ outbound, cases }, outboxKey)(event, outbox, place);

    const reply = jobId("reply", "zalo", "m1");
    expect((await outbound.getJob(reply))?.data.replies).to.deep.equal(outbox.replies);
    expect(await cases.getJob(jobId("effect", "zalo", "m1", "0"))).to.not.equal(undefined);
    expect(await redis.zrange(laneKey(outbound, "zalo", "u1"), "0", "-1")).to.deep.equal([reply]);
    expect(await redis.exists(outboxKey("m1"))).to.equal(0);
    expect(await redis.zrange(place.lane, "0", "-1")).to.deep.equal(["in-zalo-m2"]);
  });

  it("adds nothing when a run of the event that froze dispatches the same outbox again after its jobs were done", async () => {
    const place = { lane: laneKey(inbound, "zalo", "u1"), member: jobId("in", "zalo", "m1") };
    const dispatch = outboxDispatcher({ outbound, cases }, outboxKey);
    await dispatch(event, outbox, place);
    // The jobs ran (removed once done, as dispatched); the user's lane moved on.
    const reply = jobId("reply", "zalo", "m1");
    const effect = jobId("effect", "zalo", "m1", "0");
    const done = [QUEUE.outbound, QUEUE.cases].map((name) =>
      createWorker(name, () => Promise.resolve(), { connection: redis, prefix, concurrency: 1 }),
    );
    try {
      for (const [queue, id] of [
        [outbound, reply],
        [cases, effect],
      ] as const) {
        const deadline = Date.now() + 5000;
        while (await (queue as Queue).getJob(id)) {
          if (Date.now() > deadline) throw new Error(`${id} not done`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    } finally {
      await Promise.all(done.map((w) => w.close()));
    }
    await redis.del(laneKey(outbound, "zalo", "u1"));

    await dispatch(event, outbox, place);
    expect(await outbound.getJob(reply)).to.equal(undefined);
    expect(await cases.getJob(effect)).to.equal(undefined);
    expect(await redis.exists(laneKey(outbound, "zalo", "u1"))).to.equal(0);
  });
});
