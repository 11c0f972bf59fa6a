import { setTimeout as sleep } from "node:timers/promises";
import type { Job, Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { Reply } from "../../src/core/reply.js";
import type { Database } from "../../src/db/database.js";
import { deliverHeldNotices } from "../../src/notices/deliver-held.js";
import { HeldNotices } from "../../src/notices/held-notices.js";
import {
  createOutboundWorker,
  enqueueReplies,
  type OutboundJobData,
  type OutboundQueue,
  type OutboundResult,
} from "../../src/queues/outbound.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { ZaloClient } from "../../webhooks/zalo/client.js";
import { zaloSender } from "../../webhooks/zalo/sender.js";
import { openTestDatabase } from "../support/db.js";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

/** The one OA of a province of one. */
const onlyClient = <C>(client: C) => ({ of: () => client });

/** Poll until the job reaches one of `states` (no assertion on how fast). */
async function settled(
  queue: OutboundQueue,
  id: string,
  states = ["completed", "failed"],
  timeoutMs = 15_000,
): Promise<Job<OutboundJobData, OutboundResult>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(id);
    // Read the job again once it is finished: the copy read before may predate its return value.
    if (job && states.includes(await job.getState())) return (await queue.getJob(id)) as Job<OutboundJobData, OutboundResult>;
    if (Date.now() > deadline) throw new Error(`job ${id} did not reach ${states.join("/")}`);
    await sleep(20);
  }
}

const texts = (fake: FakeZalo, userId: string) => fake.messagesFor(userId).map((m) => m.message.text);

describe("outbound queue", () => {
  let fake: FakeZalo;
  let prefix: string;
  let redis: Redis;
  let db: Database;
  let queue: OutboundQueue;
  let worker: Worker<OutboundJobData, OutboundResult>;
  let held: HeldNotices;

  before(async () => {
    db = await openTestDatabase("pglite");
    held = new HeldNotices(db);
  });
  after(() => db.close());

  beforeEach(async () => {
    fake = await startFakeZalo();
    prefix = uniquePrefix("outbound");
    redis = createRedis(TEST_REDIS_URL, "worker");
    const tokens = fake.tokenStore(redis, prefix);
    queue = createQueue<OutboundJobData>(QUEUE.outbound, { connection: redis, prefix, retryDelayMs: 10 });
    worker = createOutboundWorker({
      queue,
      connection: redis,
      prefix,
      sender: zaloSender(onlyClient(new ZaloClient({ apiBaseUrl: fake.url, tokens }))),
      held,
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

  it("sends the replies of one job in order, long text split", async () => {
    const long = Array.from({ length: 500 }, (_, i) => `chữ${i}`).join(" ");
    const replies: Reply[] = [
      { type: "text", text: "một" },
      { type: "text", text: long },
      { type: "buttons", text: "ba", buttons: [{ title: "Có", payload: "yes" }] },
      { type: "image", url: "https://example.invalid/a.jpg" },
    ];
    const job = await enqueueReplies(queue, { jobId: "evt:1", communeId: "kieu-phu", userId: "u1", replies });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).to.equal("completed");
    const msgs = fake.messagesFor("u1").map((m) => m.message);
    expect(msgs.length).to.equal(done.returnvalue.sent).and.be.greaterThan(4);
    expect(msgs[0]).to.deep.equal({ text: "một" });
    expect(
      msgs
        .slice(1, -2)
        .map((m) => m.text)
        .join(" "),
    ).to.equal(long);
    expect(msgs.at(-2)).to.have.property("text", "ba");
    expect(msgs.at(-1)).to.have.nested.property("attachment.payload.template_type", "media");
  });

  it("the same job id enqueued twice sends once", async () => {
    await enqueueReplies(queue, { jobId: "evt-dup", communeId: "kieu-phu", userId: "u1", replies: [{ type: "text", text: "một lần" }] });
    const again = await enqueueReplies(queue, {
      jobId: "evt-dup",
      communeId: "kieu-phu",
      userId: "u1",
      replies: [{ type: "text", text: "một lần" }],
    });
    await settled(queue, again.id!);
    expect(texts(fake, "u1")).to.deep.equal(["một lần"]);
  });

  it("keeps one user's messages in order across jobs: a job being retried holds the later ones, not other users'", async () => {
    // Zalo answers u1 with its rate limit (-32: retried with backoff) while the user's next two
    // jobs and another user's job are queued, until the other user's reply has gone out and u1's
    // first job was refused at least once (events, not a time window: a loaded machine may take
    // longer than any window to queue the jobs).
    fake.failFor("u1", -32);
    await enqueueReplies(queue, { jobId: "ord-1", communeId: "kieu-phu", userId: "u1", replies: [{ type: "text", text: "một" }] });
    await enqueueReplies(queue, {
      jobId: "ord-2",
      communeId: "kieu-phu",
      userId: "u1",
      replies: [
        { type: "text", text: "hai" },
        { type: "text", text: "ba" },
      ],
    });
    await enqueueReplies(queue, { jobId: "ord-3", communeId: "kieu-phu", userId: "u1", replies: [{ type: "text", text: "bốn" }] });
    await enqueueReplies(queue, { jobId: "other", communeId: "kieu-phu", userId: "u2", replies: [{ type: "text", text: "người khác" }] });
    // The other user is not held up by u1's retries: their reply goes out while u1's are refused.
    await fake.waitForMessages("u2", 1, 20_000);
    for (const deadline = Date.now() + 20_000; ((await queue.getJob("ord-1"))?.attemptsMade ?? 0) < 1; await sleep(20))
      if (Date.now() > deadline) throw new Error("u1's first job was never tried");
    expect(fake.messagesFor("u1")).to.deep.equal([]);
    fake.clearFailFor("u1");
    await settled(queue, "ord-3");
    expect(texts(fake, "u1")).to.deep.equal(["một", "hai", "ba", "bốn"]);
    expect((await queue.getJob("ord-1"))?.attemptsMade, "the first job was retried").to.be.at.least(2);
  });

  it("shares sending fairly: a user with a backlog of 20 jobs holds one sending slot, another user's reply goes out at once", async () => {
    for (let i = 1; i <= 20; i++)
      await enqueueReplies(queue, {
        jobId: `flood-${i}`,
        communeId: "kieu-phu",
        userId: "flood",
        replies: [{ type: "text", text: `tin ${i}` }],
      });
    await enqueueReplies(queue, { jobId: "quiet", communeId: "kieu-phu", userId: "quiet", replies: [{ type: "text", text: "trả lời" }] });
    await settled(queue, "quiet");
    await settled(queue, "flood-20");
    const order = fake.messagesFor("flood").length;
    expect(order).to.equal(20);
    // Queued after all 20, sent before most of them: the backlog runs one job at a time (its lane).
    const quietAt = fake.messagesFor("quiet")[0]!.at;
    const floodBefore = fake.messagesFor("flood").filter((m) => m.at < quietAt).length;
    expect(floodBefore, "flood messages sent before the quiet user's reply").to.be.below(10);
    expect(texts(fake, "flood")).to.deep.equal(Array.from({ length: 20 }, (_, i) => `tin ${i + 1}`));
  });

  it("moves a user's lane on past a job refused for good (-201)", async () => {
    fake.failNext(1, { zaloError: -201 });
    await enqueueReplies(queue, { jobId: "bad-1", communeId: "kieu-phu", userId: "u1", replies: [{ type: "text", text: "bị từ chối" }] });
    await enqueueReplies(queue, { jobId: "next-1", communeId: "kieu-phu", userId: "u1", replies: [{ type: "text", text: "tiếp theo" }] });
    await settled(queue, "next-1");
    expect(await (await queue.getJob("bad-1"))?.getState()).to.equal("failed");
    expect(texts(fake, "u1")).to.deep.equal(["tiếp theo"]);
  });

  it("retries on HTTP 500 until delivered", async () => {
    fake.failNext(3, { httpStatus: 500 });
    const job = await enqueueReplies(queue, {
      jobId: "evt-500",
      communeId: "kieu-phu",
      userId: "u1",
      replies: [{ type: "text", text: "sau lỗi 500" }],
    });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).to.equal("completed");
    expect(done.attemptsMade).to.equal(4);
    expect(texts(fake, "u1")).to.deep.equal(["sau lỗi 500"]);
  });

  it("retries on -32 (rate limit) until delivered", async () => {
    fake.failNext(2, { zaloError: -32 });
    const job = await enqueueReplies(queue, {
      jobId: "evt-32",
      communeId: "kieu-phu",
      userId: "u1",
      replies: [{ type: "text", text: "sau -32" }],
    });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).to.equal("completed");
    expect(texts(fake, "u1")).to.deep.equal(["sau -32"]);
  });

  it("a retry resumes after the messages already delivered", async () => {
    const off = fake.onMessage((m) => {
      if (m.message.text === "1") fake.failNext(2, { network: true });
    });
    const job = await enqueueReplies(queue, {
      jobId: "evt-resume",
      communeId: "kieu-phu",
      userId: "u1",
      replies: ["1", "2", "3"].map((text): Reply => ({ type: "text", text })),
    });
    const done = await settled(queue, job.id!);
    off();
    expect(await done.getState()).to.equal("completed");
    expect(done.attemptsMade).to.be.greaterThan(1);
    expect(texts(fake, "u1")).to.deep.equal(["1", "2", "3"]);
    expect(done.data.sent).to.equal(3);
  });

  it("-201 fails the job without a retry", async () => {
    fake.failNext(1, { zaloError: -201 });
    const job = await enqueueReplies(queue, {
      jobId: "evt-201",
      communeId: "kieu-phu",
      userId: "u1",
      replies: [{ type: "text", text: "x" }],
    });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).to.equal("failed");
    expect(done.attemptsMade).to.equal(1);
    expect(done.failedReason).to.contain("-201");
    expect(fake.messagesFor("u1")).to.deep.equal([]);
  });

  it("-230 holds the rest for the user's next message; deliverHeldNotices sends it then", async () => {
    const user = `u-${prefix}`;
    expect(await held.anyPending("zalo", user), "nothing held yet").to.equal(false);
    fake.failFor(user, -230);
    const replies: Reply[] = [
      { type: "text", text: "Hồ sơ 000.00.01.H01-250101-0001 đã có kết quả." },
      { type: "buttons", text: "Anh/chị muốn:", buttons: [{ title: "Xem chi tiết", payload: "#chitiet" }] },
    ];
    const job = await enqueueReplies(queue, { jobId: "notice-1", communeId: "kieu-phu", userId: user, replies });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).to.equal("completed");
    expect(done.returnvalue).to.deep.equal({ sent: 0, held: 2 });
    const pending = await held.pending("zalo", user);
    expect(pending).to.have.length(1);
    expect(pending[0]!.replies).to.deep.equal(replies);
    expect(pending[0]!.reason).to.contain("-230");
    expect(await held.anyPending("zalo", user), "held").to.equal(true);

    // The user writes again: the window is open.
    fake.clearFailFor(user);
    expect(
      await deliverHeldNotices({ notices: held, outbound: queue }, { communeId: "kieu-phu", channel: "zalo", userId: user }, "evt-next"),
    ).to.equal(1);
    const msgs = await fake.waitForMessages(user, 2, 10_000);
    expect(msgs.map((m) => m.message.text)).to.deep.equal([replies[0]!.type === "text" ? replies[0]!.text : "", "Anh/chị muốn:"]);
    expect(await held.pending("zalo", user)).to.deep.equal([]);
    expect(await held.anyPending("zalo", user), "released").to.equal(false);
    // Released once: a second call finds nothing.
    expect(
      await deliverHeldNotices({ db, outbound: queue }, { communeId: "kieu-phu", channel: "zalo", userId: user }, "evt-later"),
    ).to.equal(0);
  });

  it("unreachable midway: only the messages not yet delivered are held", async () => {
    const user = `mid-${prefix}`;
    const off = fake.onMessage((m) => {
      if (m.userId === user && m.message.text === "a") fake.failFor(user, -234);
    });
    const job = await enqueueReplies(queue, {
      jobId: "evt-mid",
      communeId: "kieu-phu",
      userId: user,
      replies: ["a", "b", "c"].map((text): Reply => ({ type: "text", text })),
    });
    const done = await settled(queue, job.id!);
    off();
    expect(done.returnvalue).to.deep.equal({ sent: 1, held: 2 });
    expect((await held.pending("zalo", user)).map((n) => n.replies)).to.deep.equal([
      [
        { type: "text", text: "b" },
        { type: "text", text: "c" },
      ],
    ]);
  });

  it("a job whose data is not an outbound job fails without a retry", async () => {
    const job = await queue.add("replies", { channel: "zalo", userId: "", replies: [], sent: 0, holdKey: "k" }, { jobId: "bad-data" });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).to.equal("failed");
    expect(done.attemptsMade).to.equal(1);
  });
});
