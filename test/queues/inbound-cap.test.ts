import { setTimeout as sleep } from "node:timers/promises";
import type { Queue, Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { createQueue } from "../../src/queues/factory.js";
import { createInboundWorker, QueueInboundSink } from "../../src/queues/inbound.js";
import { QUEUE } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { communeText } from "../support/commune-text.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// Issue 23: one commune's flood cannot fill the workers. The cap holds across the worker's
// slots, another commune's events run beside the flood, and each citizen's order holds.
describe("inbound worker: a commune's events in flight are capped", function () {
  this.timeout(60_000);
  let redis: Redis;
  let prefix: string;
  let queue: Queue;
  let worker: Worker<PlatformEvent> | undefined;

  beforeEach(() => {
    redis = createRedis(TEST_REDIS_URL, "worker");
    prefix = uniquePrefix("cap");
    queue = createQueue(QUEUE.inbound, { connection: redis, prefix });
  });
  afterEach(async () => {
    await worker?.close(true);
    await queue.close();
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it("runs at most the cap of one commune at once, others beside it, each citizen in order", async () => {
    const CAP = 2;
    const sink = new QueueInboundSink(queue, prefix);
    const running = new Map<string, number>();
    let mostFlood = 0;
    const handled: PlatformEvent[] = [];
    const floodLeftWhenQuietRan: number[] = [];
    const flood = [0, 1, 2].flatMap((n) => ["f1", "f2", "f3", "f4"].map((u) => communeText("flood", u, n)));
    const quiet = ["q1", "q2", "q3"].map((u) => communeText("quiet", u, 0));
    for (const e of [...flood, ...quiet]) expect(await sink.accept(e)).to.equal("queued");

    worker = createInboundWorker(
      queue,
      redis,
      prefix,
      async (e) => {
        running.set(e.communeId, (running.get(e.communeId) ?? 0) + 1);
        if (e.communeId === "flood") mostFlood = Math.max(mostFlood, running.get("flood")!);
        else floodLeftWhenQuietRan.push(flood.length - handled.filter((h) => h.communeId === "flood").length);
        await sleep(80);
        running.set(e.communeId, running.get(e.communeId)! - 1);
        handled.push(e);
      },
      { concurrency: 8, communeInFlight: CAP },
    );
    const deadline = Date.now() + 45_000;
    while (handled.length < flood.length + quiet.length) {
      if (Date.now() > deadline) throw new Error(`${handled.length} of ${flood.length + quiet.length} handled`);
      await sleep(50);
    }
    expect(mostFlood).to.be.at.most(CAP).and.be.greaterThan(0);
    // The quiet commune's events did not wait for the flood to be over.
    expect(floodLeftWhenQuietRan).to.have.length(3);
    expect(Math.min(...floodLeftWhenQuietRan)).to.be.greaterThan(0);
    for (const u of ["f1", "f2", "f3", "f4"])
      expect(handled.filter((h) => h.userId === u).map((h) => h.eventId)).to.deep.equal([0, 1, 2].map((n) => `flood-${u}-${n}`));
  });
});
