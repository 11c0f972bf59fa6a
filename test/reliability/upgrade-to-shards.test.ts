import { expect } from "chai";
import { Redis } from "ioredis";
import { parseConfig } from "../../src/config.js";
import { type Hotline, startHotline } from "../../src/hotline.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { enqueueReplies } from "../../src/queues/outbound.js";
import { hashTag } from "../../src/redis.js";
import { createTestSchema, type TestSchema } from "../support/db.js";
import { fakeZaloEnv, testEnv } from "../support/env.js";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.js";
import { waitForQuietQueues } from "../support/quiet-queues.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";
import { freshMsgId, signedWebhook } from "../support/sign.js";

/**
 * Issue 23's upgrade: a deployment running today's layout (everything under `{prefix}`) is
 * restarted with REDIS_SHARDS. What it had acknowledged or queued — citizens' events not yet
 * handled, replies not yet sent, a conversation half-way — is all found by the new code: the old
 * queues are drained, and a session is carried into its commune's shard.
 */
describe("upgrading to shards: nothing acknowledged under today's keys is lost", function () {
  this.timeout(120_000);
  let schema: TestSchema;
  let zalo: FakeZalo;
  let redis: Redis;
  const prefix = uniquePrefix("upgrade");
  const running: Hotline[] = [];

  before(async () => {
    schema = await createTestSchema({ migrate: true });
    zalo = await startFakeZalo();
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    for (const h of running) await h.stop().catch(() => undefined);
    await zalo?.close();
    redis?.disconnect();
    await dropPrefix(prefix);
    await schema?.drop();
  });

  const env = (overrides: Record<string, string>) =>
    testEnv({ DATABASE_URL: schema.url, REDIS_PREFIX: prefix, JOB_LOCK_SECONDS: "2", ...fakeZaloEnv(zalo), ...overrides });

  async function post(port: number, userId: string, text: string): Promise<void> {
    const hook = signedWebhook({ type: "text", text }, { userId, msgId: freshMsgId() });
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
    expect(res.status).to.equal(200);
  }

  it("answers the queued events, sends the queued replies, and goes on with a conversation half-way", async () => {
    // Today's layout, the whole hotline: a citizen starts a report and is asked its kind.
    const before = await startHotline(parseConfig(env({ REDIS_SHARDS: "0" })));
    running.push(before);
    const halfway = `88${Date.now()}1`;
    await post(before.port!, halfway, "phan anh");
    await zalo.waitForMessages(halfway, 1, 30_000);
    await waitForQuietQueues({ prefix });
    await before.stop();
    const asked = zalo.messagesFor(halfway).length;
    expect(await redis.exists(`${hashTag(prefix)}:session:zalo:${halfway}`)).to.equal(1);

    // Today's layout, web only: events acknowledged and queued, and a reply queued, when it stops.
    const web = await startHotline(parseConfig(env({ REDIS_SHARDS: "0", ROLE: "web" })));
    running.push(web);
    const waiting = Array.from({ length: 6 }, (_, i) => `88${Date.now()}${i + 2}`);
    for (const userId of waiting) await post(web.port!, userId, "giờ làm việc");
    await web.stop();
    const outbound = createQueue(QUEUE.outbound, { connection: redis, prefix });
    const told = `88${Date.now()}9`;
    await enqueueReplies(outbound, {
      jobId: "before-shards",
      communeId: "kieu-phu",
      userId: told,
      replies: [{ type: "text", text: "Kính chào ông/bà, phản ánh của ông/bà đã được tiếp nhận." }],
    });
    await outbound.close();
    expect(await redis.llen(`${hashTag(prefix)}:inbound:wait`)).to.be.greaterThan(0);

    // The new code, with shards.
    const after = await startHotline(parseConfig(env({ REDIS_SHARDS: "4" })));
    running.push(after);
    for (const userId of waiting) await zalo.waitForMessages(userId, 1, 60_000);
    await zalo.waitForMessages(told, 1, 60_000);
    // The half-way citizen taps a kind of report: the report goes on (asked where), from the shard.
    const kinds = zalo.messagesFor(halfway).flatMap((m) => {
      const payload = (m.message as { attachment?: { payload?: { buttons?: { title: string; payload: unknown }[] } } }).attachment?.payload;
      return payload?.buttons ?? [];
    });
    const kind = kinds.find((b) => b.title === "Xây dựng không có giấy phép");
    expect(kind, "the kinds of report offered before the upgrade").not.to.equal(undefined);
    await post(after.port!, halfway, String(kind!.payload));
    await zalo.waitForMessages(halfway, asked + 1, 60_000);
    const shardKeys = await redis.keys(`{${prefix}:s0?}:session:zalo:${halfway}`);
    expect(shardKeys).to.have.length(1);
    // The session carried over: the step before the upgrade is still in it, the new one after it.
    const session = JSON.parse((await redis.get(shardKeys[0]!))!) as { flow: { step: string } | null; recent: { text: string }[] };
    expect(session.recent.map((r) => r.text)).to.deep.equal(["phan anh", "Xây dựng không có giấy phép"]);
    expect(session.flow?.step).to.equal("location");

    const shards = [0, 1, 2, 3].map((i) => `${prefix}:s0${i}`);
    await waitForQuietQueues({ prefix: [prefix, ...shards], queues: [QUEUE.inbound, QUEUE.outbound, QUEUE.cases], timeoutMs: 60_000 });
    for (const userId of waiting) {
      expect(zalo.messagesFor(userId), userId).to.have.length(1);
      expect(String(zalo.messagesFor(userId)[0]?.message.text)).to.include("Giờ làm việc");
    }
    expect(zalo.messagesFor(told)).to.have.length(1);
    const reply = zalo
      .messagesFor(halfway)
      .slice(asked)
      .map((m) => String((m.message as { text?: string }).text ?? ""));
    expect(reply.join("\n")).to.match(/vị trí|địa điểm|ở đâu/i);
  });
});
