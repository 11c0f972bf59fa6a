import { expect } from "chai";
import { Redis } from "ioredis";
import { HandoffStore } from "../../src/handoff/store.js";
import { redisKey } from "../../src/redis.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// The hand-off's state changes against the real Redis: each is one Lua script, so racing officers
// and racing timers settle on one outcome, and a retried job gets its first outcome back.

describe("hand-off store (Redis)", () => {
  let redis: Redis;
  let prefix: string;
  let store: HandoffStore;
  let n = 0;
  const citizen = () => `70000000000000${String(++n).padStart(5, "0")}`;
  const at = (userId: string, communeId = "kieu-phu") => ({ communeId, channel: "zalo" as const, userId });

  beforeEach(() => {
    prefix = uniquePrefix("handoff");
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    store = new HandoffStore(redis, prefix);
  });
  afterEach(async () => {
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it("twenty officers taking one request at once: exactly one gets it, the others are told who", async () => {
    const user = citizen();
    const { ref } = await store.request(at(user), { eventId: "ask", now: 1000, recent: [] });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.take(ref, `officer-${i}`, { eventId: `tap-${i}`, now: 2000, allowOff: false })),
    );
    const winners = outcomes.flatMap((o, i) => (o.outcome === "ok" ? [`officer-${i}`] : []));
    expect(winners).to.have.length(1);
    for (const o of outcomes) if (o.outcome !== "ok") expect(o).to.deep.equal({ outcome: "other", officerId: winners[0] });
    expect(await store.current(at(user))).to.include({ status: "taken", officerId: winners[0] });
    expect(await store.heldBy(winners[0]!)).to.deep.equal([ref]);
  });

  it("a reference is short, opaque and stays the citizen's; an unknown one is unknown", async () => {
    const user = citizen();
    const ref = await store.ensureRef(at(user));
    expect(ref).to.match(/^[ACDEFGHJKMNPRTUVWXY34679]{5}$/);
    expect(await store.ensureRef(at(user))).to.equal(ref);
    expect(await store.resolve(ref)).to.deep.equal(at(user));
    expect(await store.take("AAAAA", "o1", { eventId: "e", now: 1, allowOff: true })).to.deep.equal({ outcome: "unknown" });
  });

  it("#nhanchat takes only a request; #tl also takes a conversation the bot is having", async () => {
    const user = citizen();
    const ref = await store.ensureRef(at(user));
    expect(await store.take(ref, "o1", { eventId: "e1", now: 1, allowOff: false })).to.deep.equal({ outcome: "off" });
    expect(await store.take(ref, "o1", { eventId: "e2", now: 2, allowOff: true })).to.deep.equal({ outcome: "ok", from: "off" });
    expect(await store.take(ref, "o1", { eventId: "e3", now: 3, allowOff: true })).to.deep.equal({ outcome: "mine" });
  });

  it("the quiet period ends nothing someone wrote in since; a retried end gets the same outcome", async () => {
    const user = citizen();
    const { ref } = await store.request(at(user), { eventId: "ask", now: 1000, recent: [] });
    await store.take(ref, "o1", { eventId: "tap", now: 2000, allowOff: false });
    const before = (await store.current(at(user)))!.seq;
    expect(await store.citizenWrote(at(user), ref, { now: 3000, message: { id: "m1", at: 3000, text: "alo" } })).to.equal("taken");
    expect(await store.end(at(user), ref, { officerId: "o1", seq: before, eventId: "quiet-1" })).to.deep.equal({ outcome: "active" });
    // Someone else's conversation is not ended in their name.
    expect(await store.end(at(user), ref, { officerId: "o2", eventId: "bot-2" })).to.deep.equal({ outcome: "moved" });
    const now = (await store.current(at(user)))!;
    expect(now.recent.map((m) => m.text)).to.deep.equal(["alo"]);
    const ended = await store.end(at(user), ref, { officerId: "o1", seq: now.seq, eventId: "quiet-2" });
    expect(ended).to.deep.equal({ outcome: "ended", from: "taken", officerId: "o1" });
    expect(await store.end(at(user), ref, { officerId: "o1", seq: now.seq, eventId: "quiet-2" })).to.deep.equal(ended);
    expect(await store.end(at(user), ref, { officerId: "o1", eventId: "bot-3" })).to.deep.equal({ outcome: "off" });
    expect(await store.heldBy("o1")).to.deep.equal([]);
  });

  it("a message kept for the officer is kept once however often its job runs, the last five", async () => {
    const user = citizen();
    const { ref } = await store.request(at(user), { eventId: "ask", now: 1, recent: [{ id: "m0", at: 1, text: "trước" }] });
    for (const i of [1, 1, 2, 3, 4, 5, 6])
      await store.citizenWrote(at(user), ref, { now: 10 + i, message: { id: `m${i}`, at: 10 + i, text: `tin ${i}` } });
    expect((await store.current(at(user)))!.recent.map((m) => m.id)).to.deep.equal(["m2", "m3", "m4", "m5", "m6"]);
  });

  it("an echo starts a conversation with the console; later echoes keep it without moving its quiet period", async () => {
    const user = citizen();
    expect(await store.echo(at(user), { console: "8841", eventId: "echo-1", now: 5 })).to.deep.equal({
      outcome: "started",
      from: "off",
    });
    expect(await store.echo(at(user), { console: "8841", eventId: "echo-1", now: 5 })).to.deep.equal({
      outcome: "started",
      from: "off",
    });
    expect(await store.echo(at(user), { console: "8841", eventId: "echo-2", now: 6 })).to.deep.equal({ outcome: "touched" });
    // A person writing from the console does not hold the quiet period off (issue 20): it counts from 5.
    expect(await store.current(at(user))).to.include({ status: "taken", officerId: null, console: "8841", lastAt: 5 });
  });

  it("a user id is its commune's: the same id in two communes is two citizens, each with a record and a reference", async () => {
    const user = citizen();
    const a = await store.request(at(user, "kieu-phu"), { eventId: "ask-a", now: 1, recent: [{ id: "a1", at: 1, text: "xã A" }] });
    const b = await store.ensureRef(at(user, "xa-b"));
    expect(b).to.not.equal(a.ref);
    expect(await store.resolve(a.ref)).to.deep.equal(at(user, "kieu-phu"));
    expect(await store.resolve(b)).to.deep.equal(at(user, "xa-b"));
    expect(await store.current(at(user, "xa-b"))).to.include({ status: "off", communeId: "xa-b" });
    expect((await store.current(at(user, "xa-b")))!.recent).to.deep.equal([]);
    expect(await store.current(at(user, "kieu-phu"))).to.include({ status: "waiting", communeId: "kieu-phu" });

    // Messages left wait for their own commune's digest.
    const message = (id: string) => ({ id, at: 5, text: id });
    await store.leave(at(user, "xa-b"), { eventId: "left-b", message: message("left-b"), cap: 3 });
    expect(await store.claimLeft("kieu-phu", "d1")).to.deep.equal([]);
    expect(await store.claimLeft("xa-b", "d1")).to.deep.equal([b]);
  });

  describe("records of before communes had ids", () => {
    /** What the hotline wrote before: keys and a reference that name no commune, a message left pending. */
    async function oldRecord(user: string, ref: string) {
      await redis.hset(redisKey(prefix, "handoff", "user", "zalo", user), {
        ref,
        status: "left",
        seq: 1,
        lastAt: 0,
        left: 1,
        name: "Bà Hoa",
      });
      await redis.expire(redisKey(prefix, "handoff", "user", "zalo", user), 3600);
      await redis.rpush(redisKey(prefix, "handoff", "recent", "zalo", user), JSON.stringify({ id: "m-old", at: 7, text: "lời nhắn cũ" }));
      await redis.set(redisKey(prefix, "handoff", "ref", ref), `zalo\n${user}`, "EX", 3600);
      await redis.sadd(redisKey(prefix, "handoff", "left"), ref);
    }

    it("in a province of one are its commune's: read, taken, digested", async () => {
      const legacy = new HandoffStore(redis, prefix, "kieu-phu");
      const user = citizen();
      await oldRecord(user, "KHAHA");
      expect(await legacy.resolve("KHAHA")).to.deep.equal(at(user));
      const h = (await legacy.current(at(user)))!;
      expect(h).to.include({ ref: "KHAHA", status: "left", left: 1, name: "Bà Hoa", communeId: "kieu-phu" });
      expect(h.recent.map((m) => m.text)).to.deep.equal(["lời nhắn cũ"]);
      // Moved under the commune's keys, expiry kept: the old keys are gone.
      expect(await redis.exists(redisKey(prefix, "handoff", "user", "zalo", user))).to.equal(0);
      expect(await redis.ttl(redisKey(prefix, "handoff", "user", "kieu-phu", "zalo", user))).to.be.within(1, 3600);
      // The pending set of before goes into the commune's digest.
      expect(await legacy.claimLeft("kieu-phu", "opening")).to.deep.equal(["KHAHA"]);
      await legacy.digested("kieu-phu", "opening", new Map([["KHAHA", 1]]));
      expect(await legacy.current(at(user))).to.include({ left: 0 });
      expect(await legacy.take("KHAHA", "o1", { eventId: "tap", now: 9, allowOff: false })).to.deep.equal({ outcome: "ok", from: "left" });
      expect(await legacy.heldBy("o1")).to.deep.equal(["KHAHA"]);
    });

    it("with several communes are nobody's (never a guess)", async () => {
      const user = citizen();
      await oldRecord(user, "KHAHC");
      expect(await store.resolve("KHAHC")).to.equal(null);
      expect(await store.current(at(user))).to.equal(null);
      expect(await store.claimLeft("kieu-phu", "opening")).to.deep.equal([]);
      expect(await redis.sismember(redisKey(prefix, "handoff", "left"), "KHAHC")).to.equal(1);
    });
  });

  it("remembers the hotline's own sends", async () => {
    await store.recordOwnSends("zalo", ["a1", "a2"]);
    expect(await store.isOwnSend("zalo", "a2")).to.equal(true);
    expect(await store.isOwnSend("zalo", "b1")).to.equal(false);
  });
});
