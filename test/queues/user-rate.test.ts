import { expect } from "chai";
import type { Redis } from "ioredis";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { InboundSink } from "../../src/core/inbound-sink.js";
import { limitPerUser } from "../../src/queues/user-rate.js";
import { createRedis } from "../../src/redis.js";
import { Harness } from "../support/harness.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

const text = (userId: string, n: number): PlatformEvent => ({
  kind: "text",
  text: `tin ${n}`,
  eventId: `e-${userId}-${n}`,
  channel: "zalo",
  communeId: "kieu-phu",
  userId,
  at: 0,
});

describe("per-user inbound limit", () => {
  describe("the sink (real Redis, a hand-set clock)", () => {
    const prefix = uniquePrefix("user-rate");
    let redis: Redis;
    before(() => {
      redis = createRedis(TEST_REDIS_URL, "worker");
    });
    after(async () => {
      redis?.disconnect();
      await dropPrefix(prefix);
    });

    it("passes a user's first events of a minute, acknowledges the rest without storing them, and counts users apart", async () => {
      const stored: string[] = [];
      const inner: InboundSink = { accept: async (e) => (stored.push(e.eventId), "queued") };
      let now = Date.UTC(2026, 10, 30, 3, 0, 10);
      const firstLimited: string[] = [];
      const sink = limitPerUser(inner, redis, prefix, {
        perMinute: 3,
        now: () => now,
        onFirstLimited: (e) => firstLimited.push(e.eventId),
      });
      const outcomes = [];
      for (let n = 1; n <= 6; n++) outcomes.push(await sink.accept(text("flood", n)));
      expect(outcomes).to.deep.equal(["queued", "queued", "queued", "limited", "limited", "limited"]);
      expect(await sink.accept(text("other", 1)), "another citizen").to.equal("queued");
      expect(firstLimited, "said once").to.deep.equal(["e-flood-4"]);
      now += 60_000;
      expect(await sink.accept(text("flood", 7)), "the next minute").to.equal("queued");
      expect(stored).to.deep.equal(["e-flood-1", "e-flood-2", "e-flood-3", "e-other-1", "e-flood-7"]);
    });
  });

  describe("through the webhook", function () {
    this.timeout(60_000);
    let h: Harness;
    before(async () => {
      h = await Harness.start({ env: { USER_MESSAGES_PER_MINUTE: "5" } });
    });
    after(async () => {
      await h?.stop();
    });

    it("a flooding citizen gets 200s but only their first messages handled and answered; another citizen is answered", async () => {
      const flood = h.citizen();
      const answers = await Promise.all(Array.from({ length: 40 }, () => h.post({ type: "text", text: "giờ làm việc" }, flood.userId)));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(40).fill(200));
      const other = h.citizen();
      expect((await other.sendAndWait("giờ làm việc", 1)).length).to.equal(1);
      await flood.waitForReplies(5);
      await h.quiet();
      expect(h.zalo.messagesFor(flood.userId).length, "five handled, each answered once").to.equal(5);
      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      expect(metrics).to.match(/hotline_webhook_events_total\{[^}]*outcome="limited"[^}]*\} 35/);
    });
  });
});
