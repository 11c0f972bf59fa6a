import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig } from "../../src/config.js";
import { type Hotline, startHotline } from "../../src/hotline.js";
import { createTestSchema, type TestSchema } from "../support/db.js";
import { fakeZaloEnv, testEnv } from "../support/env.js";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.js";
import { waitForQuietQueues } from "../support/quiet-queues.js";
import { RedisServer } from "../support/redis-server.js";
import { freshMsgId, signedWebhook } from "../support/sign.js";

/**
 * Redis crashes (SIGKILL) with events accepted but not yet handled, and comes back from its
 * append-only file: every event answered 200 is still handled, once.
 */
describe("Redis killed and restarted (append-only file)", function () {
  this.timeout(90000);
  let schema: TestSchema;
  const aofDir = mkdtempSync(path.join(tmpdir(), "hotline-aof-"));
  let redis: RedisServer;
  let zalo: FakeZalo;
  const running: Hotline[] = [];

  before(async () => {
    schema = await createTestSchema({ migrate: true });
    redis = await RedisServer.start({ aofDir });
    zalo = await startFakeZalo();
  });

  after(async () => {
    for (const h of running) await h.stop().catch(() => undefined);
    await zalo?.close();
    await redis?.down();
    rmSync(aofDir, { recursive: true, force: true });
    await schema?.drop();
  });

  it("loses no accepted event and handles each once", async () => {
    const env = testEnv({
      DATABASE_URL: schema.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: "aof",
      JOB_LOCK_SECONDS: "2",
      ...fakeZaloEnv(zalo),
    });
    // Only the web role at first: the events wait in the queue when Redis dies.
    const web = await startHotline(parseConfig({ ...env, ROLE: "web" }));
    running.push(web);
    const citizens = Array.from({ length: 20 }, (_, i) => `66${Date.now()}${i}`);
    for (const userId of citizens) {
      const hook = signedWebhook({ type: "text", text: "giờ làm việc" }, { userId, msgId: freshMsgId() });
      const res = await fetch(`http://127.0.0.1:${web.port}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
      expect(res.status).to.equal(200);
    }

    await redis.down();
    const during = signedWebhook({ type: "text", text: "alo" }, { userId: "6600", msgId: freshMsgId() });
    const refused = await fetch(`http://127.0.0.1:${web.port}/webhooks/zalo`, {
      method: "POST",
      headers: during.headers,
      body: during.body,
    });
    expect(refused.status).to.equal(503);
    await redis.up();

    const worker = await startHotline(parseConfig({ ...env, ROLE: "worker" }));
    running.push(worker);
    for (const userId of citizens) await zalo.waitForMessages(userId, 1, 30000);
    // Until every job is done, a duplicate could still come.
    await waitForQuietQueues({ prefix: "aof", redisUrl: redis.url });
    for (const userId of citizens) {
      expect(zalo.messagesFor(userId), userId).to.have.length(1);
      expect(String(zalo.messagesFor(userId)[0]?.message.text)).to.include("Giờ làm việc");
    }
  });
});
