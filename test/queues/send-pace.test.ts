import type { Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { Database } from "../../src/db/database.js";
import { HeldNotices } from "../../src/notices/held-notices.js";
import {
  createOutboundWorker,
  enqueueReplies,
  type OutboundJobData,
  type OutboundQueue,
  type OutboundResult,
  type OutboundWorkerDeps,
} from "../../src/queues/outbound.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { ZaloClient } from "../../webhooks/zalo/client.js";
import { zaloSender } from "../../webhooks/zalo/sender.js";
import { openTestDatabase } from "../support/db.js";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";
import { SANDBOX } from "../support/sign.js";

/**
 * ZALO_SEND_RATE_PER_MINUTE is a pace per OA (Zalo counts per OA), and the app's budget
 * (ZALO_APP_SEND_RATE_PER_MINUTE) one for all its OAs: a flooding OA's messages wait for their
 * slots in the delayed set, another OA's go at once. Real Redis, the fake Zalo with two OAs.
 * 3 a minute: one slot every 20 s, so whatever is paced stays delayed for the whole test (no
 * assertion on how long anything took, only on what went out and what waits).
 */
describe("outbound: sends paced per OA, and per app when set", () => {
  const OA_B = "4100000000000000002";
  const PAIR_B = { accessToken: "pace-access-b", refreshToken: "pace-refresh-b" };
  let fake: FakeZalo;
  let prefix: string;
  let redis: Redis;
  let db: Database;
  let queue: OutboundQueue;
  let worker: Worker<OutboundJobData, OutboundResult> | undefined;

  before(async () => {
    db = await openTestDatabase("pglite");
  });
  after(() => db.close());

  beforeEach(async () => {
    fake = await startFakeZalo();
    fake.addOa(OA_B, PAIR_B);
    prefix = uniquePrefix("pace");
    redis = createRedis(TEST_REDIS_URL, "worker");
    queue = createQueue<OutboundJobData>(QUEUE.outbound, { connection: redis, prefix, retryDelayMs: 10 });
  });

  afterEach(async () => {
    await worker?.close(true);
    worker = undefined;
    await queue.close();
    redis.disconnect();
    await fake.close();
    await dropPrefix(prefix);
  });

  /** Commune xa-a sends as the fake's first OA, xa-b as OA_B, each with its own token pair. */
  const start = (over: Partial<OutboundWorkerDeps> = {}) => {
    const clients = {
      "xa-a": new ZaloClient({ apiBaseUrl: fake.url, tokens: fake.tokenStore(redis, prefix) }),
      "xa-b": new ZaloClient({ apiBaseUrl: fake.url, tokens: fake.tokenStore(redis, prefix, { oaId: OA_B, seed: PAIR_B }) }),
    };
    worker = createOutboundWorker({
      queue,
      connection: redis,
      prefix,
      sender: zaloSender({ of: (communeId: string) => clients[communeId as keyof typeof clients] }),
      held: new HeldNotices(db),
      ratePerMinute: 3,
      oaOf: (communeId) => (communeId === "xa-a" ? "oa-a" : OA_B),
      concurrency: 4,
      ...over,
    });
  };
  const say = (communeId: string, userId: string, n: number) =>
    enqueueReplies(queue, { jobId: `${userId}-${n}`, communeId, userId, replies: [{ type: "text", text: `tin ${n}` }] });
  const sentBy = (oaId: string) => fake.allMessages.filter((m) => m.oaId === oaId).length;
  const stateOf = async (id: string) => (await queue.getJob(id))!.getState();

  it("a flooding OA waits for its own slots; another OA's message goes out at once", async () => {
    start();
    // OA a: five citizens, a message each (no lane holds one behind another).
    for (let i = 1; i <= 5; i++) await say("xa-a", `a${i}`, 1);
    for (let i = 0; i < 500 && fake.allMessages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await say("xa-b", "b1", 1);
    await fake.waitForMessages("b1", 1, 10_000);
    const statesOfA = () => Promise.all([1, 2, 3, 4, 5].map((i) => stateOf(`a${i}-1`)));
    let states = await statesOfA();
    for (let i = 0; i < 200 && states.some((s) => s === "waiting" || s === "active"); i++) {
      await new Promise((r) => setTimeout(r, 20));
      states = await statesOfA();
    }
    // Only the first slot of OA a was free (3 a minute, a second's burst); the rest wait in the delayed set.
    expect(sentBy(SANDBOX.oaId), "OA a's messages sent").to.equal(1);
    expect(states.filter((s) => s === "delayed").length, "OA a's messages waiting for their slots").to.equal(4);
    expect(sentBy(OA_B), "OA b's message").to.equal(1);
  });

  it("the app's budget is shared by its OAs: the second OA waits too", async () => {
    start({ ratePerMinute: 4000, appPace: { perMinute: 3, appOf: () => "one-app", connection: redis, prefix } });
    await say("xa-a", "a1", 1);
    await fake.waitForMessages("a1", 1, 10_000);
    await say("xa-b", "b1", 1);
    // b1 cannot go before the app's next slot: it waits in the delayed set, unsent.
    for (let i = 0; i < 200 && (await stateOf("b1-1")) !== "delayed"; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await stateOf("b1-1")).to.equal("delayed");
    expect(sentBy(OA_B)).to.equal(0);
  });

  it("a citizen's replies keep their order while they wait for their OA's slots", async () => {
    start({ ratePerMinute: 600 });
    for (let n = 1; n <= 15; n++) await say("xa-a", "a1", n);
    const got = await fake.waitForMessages("a1", 15, 20_000);
    expect(got.map((m) => m.message.text)).to.deep.equal(Array.from({ length: 15 }, (_, i) => `tin ${i + 1}`));
  });
});
