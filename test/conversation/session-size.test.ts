import { expect } from "chai";
import { Redis } from "ioredis";
import { SessionStore } from "../../src/conversation/session-store.js";
import { emptySession, SESSION_MAX_BYTES } from "../../src/conversation/session.js";
import { redisKey } from "../../src/redis.js";
import { Harness, textOf } from "../support/harness.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// A citizen's session lives 30 days in Redis: it keeps what the next step needs, within
// SESSION_MAX_BYTES, however long the message that led there.

/** About 200 KB of plain words after a report's opening. */
const HUGE = `Lấn chiếm vỉa hè trước chợ Phú Mỹ, quán dựng mái tôn ra lòng đường. ${"nha ben canh cung xay lan ra duong ".repeat(6000)}`;

describe("the session's size", function () {
  this.timeout(60_000);

  it("a 200 KB description leaves its shortened text in the session, not the message", async () => {
    const h = await Harness.start();
    try {
      expect(Buffer.byteLength(HUGE)).to.be.above(200_000);
      const c = h.citizen();
      expect(textOf(await c.send(HUGE))).to.include("Lấn chiếm");
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const raw = (await redis.get(redisKey(h.prefix, "session", "zalo", c.userId)))!;
        expect(raw, "a session was stored").to.be.a("string");
        expect(Buffer.byteLength(raw)).to.be.at.most(SESSION_MAX_BYTES);
        const draft = JSON.parse(raw).flow.data as { longDescription: string; longLength: number };
        expect(draft.longLength).to.equal(HUGE.trim().length);
        expect(draft.longDescription.length).to.be.at.most(1000);
      } finally {
        redis.disconnect();
      }
    } finally {
      await h.stop();
    }
  });

  it("the commit keeps any session within the cap, dropping what matters least first", async () => {
    const prefix = uniquePrefix("session-size");
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const store = new SessionStore(redis, prefix);
      const lane = redisKey(prefix, "lane", "test");
      await redis.zadd(lane, 1, "ev-1");
      const big = "x".repeat(40_000);
      const session = {
        ...emptySession(),
        flow: { name: "dossier-status" as const, step: "code", data: { note: "small" }, misses: 0 },
        parked: { name: "violation-report" as const, step: "description", data: { forgotten: big }, misses: 0 },
        recent: [{ id: "m1", at: 1, text: big }],
      };
      const result = await store.commit({ lane, member: "ev-1" }, "zalo", "u1", "ev-1", 0, { ...session, version: 1 }, null);
      expect(result).to.equal("ok");
      const raw = (await redis.get(redisKey(prefix, "session", "zalo", "u1")))!;
      expect(Buffer.byteLength(raw)).to.be.at.most(SESSION_MAX_BYTES);
      const kept = await store.load("zalo", "u1");
      expect(kept.recent).to.deep.equal([]);
      expect(kept.parked).to.equal(null);
      // The open flow's step fits: it stays.
      expect(kept.flow?.step).to.equal("code");
    } finally {
      redis.disconnect();
      await dropPrefix(prefix, TEST_REDIS_URL);
    }
  });
});
