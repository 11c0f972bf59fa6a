import { expect } from "chai";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { DEDUPE_WINDOW_S, jobId, QUEUE, queueOptions } from "../../src/queues/names.js";
import { redisKey } from "../../src/redis.js";
import { Harness } from "../support/harness.js";
import { RedisServer } from "../support/redis-server.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { freshMsgId, signedWebhook } from "../support/sign.js";

async function deliver(h: Harness, hook: ReturnType<typeof signedWebhook>): Promise<number> {
  return (await deliverFor(h, hook)).status;
}

/** The HTTP status and what the hotline made of the delivery ("queued" or "duplicate"). */
async function deliverFor(h: Harness, hook: ReturnType<typeof signedWebhook>): Promise<{ status: number; outcome: string }> {
  const res = await fetch(`${h.url}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : {};
  const outcome = typeof body === "object" && body && "status" in body ? String(body.status) : "";
  return { status: res.status, outcome };
}

describe("webhook delivery under duplicates and outages", function () {
  this.timeout(60000);

  describe("the same event delivered three times at once", () => {
    let h: Harness;
    before(async () => {
      h = await Harness.start();
    });
    after(async () => {
      await h?.stop();
    });

    it("answers 200 to each, queues one job and sends one set of replies", async () => {
      const c = h.citizen();
      const msgId = freshMsgId();
      const hook = signedWebhook({ type: "text", text: "giờ làm việc" }, { userId: c.userId, msgId });
      const answers = await Promise.all([deliverFor(h, hook), deliverFor(h, hook), deliverFor(h, hook)]);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
      expect(answers.map((a) => a.outcome).sort()).to.deep.equal(["duplicate", "duplicate", "queued"]);
      await h.settle(msgId);
      await h.quiet();
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const inbound = new Queue(QUEUE.inbound, queueOptions(h.prefix, redis));
      try {
        // Handled and gone: what remembers the event for the dedupe window is its small seen key.
        expect(await inbound.getJob(jobId("in", "zalo", msgId))).to.equal(undefined);
        expect(await redis.ttl(redisKey(h.prefix, "seen", "zalo", msgId))).to.be.above(DEDUPE_WINDOW_S - 60);
      } finally {
        await inbound.close();
        redis.disconnect();
      }
      const replies = c.unread();
      expect(replies).to.have.length(1);
      expect(replies[0]?.text).to.include("Giờ làm việc");
      // And again later, its job long gone (a retry from Zalo after its timeout): still nothing new.
      expect(await deliverFor(h, hook)).to.deep.equal({ status: 200, outcome: "duplicate" });
      await h.quiet();
      expect(c.unread()).to.have.length(0);
    });
  });

  describe("Redis down at the webhook", () => {
    let redis: RedisServer;
    let h: Harness;
    before(async () => {
      redis = await RedisServer.start();
      h = await Harness.start({ env: { REDIS_URL: redis.url } });
    });
    after(async () => {
      await redis.up().catch(() => undefined);
      await h?.stop();
      await redis.down();
    });

    it("answers 503 (never 200) while Redis is down, and processes the redelivery once it is back", async () => {
      const c = h.citizen();
      const hook = signedWebhook({ type: "text", text: "xin chào" }, { userId: c.userId, msgId: freshMsgId() });
      await redis.down();
      const started = Date.now();
      expect(await deliver(h, hook)).to.equal(503);
      expect(Date.now() - started, "answers fast, well inside Zalo's 2 s").to.be.below(2000);

      await redis.up();
      // Zalo retries the same delivery; the hotline reconnects on its own.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = await deliver(h, hook);
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).to.equal(200);
      const replies = await c.waitForReplies(1, 20000);
      expect(replies[0]?.text).to.include("tổng đài Zalo");
    });
  });
});
