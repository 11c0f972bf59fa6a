import { expect } from "chai";
import { Redis } from "ioredis";
import { parseConfig } from "../../src/config.js";
import { type Hotline, startHotline } from "../../src/hotline.js";
import { redisKey } from "../../src/redis.js";
import { createTestSchema, type TestSchema } from "../support/db.js";
import { fakeZaloEnv, testEnv } from "../support/env.js";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.js";
import { runBuilt, type Started, waitForOutput } from "../support/process.js";
import { waitForQuietQueues } from "../support/quiet-queues.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";
import { freshMsgId, signedWebhook } from "../support/sign.js";

/**
 * A worker process killed (SIGKILL) at the worst moments of handling an event — right after the
 * session commit, or after enqueueing but before recording it — then replaced by a fresh one:
 * the citizen gets each reply exactly once.
 */
describe("a worker killed mid-event", function () {
  this.timeout(120000);
  let schema: TestSchema;
  let zalo: FakeZalo;
  let web: Hotline;
  let prefix: string;
  let env: Record<string, string>;
  const workers: Started[] = [];

  before(async () => {
    schema = await createTestSchema({ migrate: true });
    zalo = await startFakeZalo();
    prefix = uniquePrefix("crash");
    env = testEnv({
      DATABASE_URL: schema.url,
      REDIS_PREFIX: prefix,
      ...fakeZaloEnv(zalo),
      JOB_LOCK_SECONDS: "1",
      LOG_LEVEL: "info",
      // Not NODE_ENV=production: the fake Zalo speaks with the sandbox's keys, which production refuses.
    });
    web = await startHotline(parseConfig({ ...env, ROLE: "web" }));
  });

  after(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    await web?.stop();
    await zalo?.close();
    await schema?.drop();
    await dropPrefix(prefix);
  });

  for (const fault of ["after-commit", "after-dispatch"] as const) {
    it(`replies exactly once when the worker dies ${fault.replace("-", " ")}`, async () => {
      const userId = `77${Date.now()}`;
      const crashing = runBuilt("src/main.ts", { ...env, ROLE: "worker", HOTLINE_FAULT: fault });
      workers.push(crashing);
      await waitForOutput(crashing, (o) => o.includes("hotline listening"));

      const msgId = freshMsgId();
      const hook = signedWebhook({ type: "text", text: "xin chào" }, { userId, msgId });
      const res = await fetch(`http://127.0.0.1:${web.port}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
      expect(res.status).to.equal(200);

      await crashing.exited;
      expect(crashing.child.signalCode).to.equal("SIGKILL");
      const redis = new Redis(TEST_REDIS_URL);
      try {
        // Killed after the commit: the outbox waits for its dispatch. After the dispatch: the
        // outbox is gone with the event's place in its lane (one MULTI), the reply job is queued.
        const outbox = await redis.exists(redisKey(prefix, "outbox", msgId));
        expect(outbox, "outbox pending").to.equal(fault === "after-commit" ? 1 : 0);
      } finally {
        redis.disconnect();
      }
      if (fault === "after-commit") expect(zalo.messagesFor(userId)).to.have.length(0);

      const fresh = runBuilt("src/main.ts", { ...env, ROLE: "worker" });
      workers.push(fresh);
      await zalo.waitForMessages(userId, 1, 30000);
      // Until the killed worker's job is taken over and finished, a duplicate could still come.
      await waitForQuietQueues({ prefix });
      expect(zalo.messagesFor(userId)).to.have.length(1);
      fresh.child.kill("SIGTERM");
      expect(await fresh.exited).to.equal(0);
    });
  }
});
