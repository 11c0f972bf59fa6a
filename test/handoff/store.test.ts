import { expect } from "chai";
import { Redis } from "ioredis";
import { HandoffStore } from "../../src/handoff/store.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// The hand-off's state changes against the real Redis: each is one Lua script, so racing officers
// and racing timers settle on one outcome, and a retried job gets its first outcome back.

describe("hand-off store (Redis)", () => {
  let redis: Redis;
  let prefix: string;
  let store: HandoffStore;
  let n = 0;
  const citizen = () => `70000000000000${String(++n).padStart(5, "0")}`;

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
    const { ref } = await store.request("zalo", user, { eventId: "ask", now: 1000, recent: [] });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.take(ref, `officer-${i}`, { eventId: `tap-${i}`, now: 2000, allowOff: false })),
    );
    const winners = outcomes.flatMap((o, i) => (o.outcome === "ok" ? [`officer-${i}`] : []));
    expect(winners).to.have.length(1);
    for (const o of outcomes) if (o.outcome !== "ok") expect(o).to.deep.equal({ outcome: "other", officerId: winners[0] });
    expect(await store.current("zalo", user)).to.include({ status: "taken", officerId: winners[0] });
    expect(await store.heldBy(winners[0]!)).to.deep.equal([ref]);
  });

  it("a reference is short, opaque and stays the citizen's; an unknown one is unknown", async () => {
    const user = citizen();
    const ref = await store.ensureRef("zalo", user);
    expect(ref).to.match(/^[ACDEFGHJKMNPRTUVWXY34679]{5}$/);
    expect(await store.ensureRef("zalo", user)).to.equal(ref);
    expect(await store.resolve(ref)).to.deep.equal({ channel: "zalo", userId: user });
    expect(await store.take("AAAAA", "o1", { eventId: "e", now: 1, allowOff: true })).to.deep.equal({ outcome: "unknown" });
  });

  it("#nhanchat takes only a request; #tl also takes a conversation the bot is having", async () => {
    const user = citizen();
    const ref = await store.ensureRef("zalo", user);
    expect(await store.take(ref, "o1", { eventId: "e1", now: 1, allowOff: false })).to.deep.equal({ outcome: "off" });
    expect(await store.take(ref, "o1", { eventId: "e2", now: 2, allowOff: true })).to.deep.equal({ outcome: "ok", from: "off" });
    expect(await store.take(ref, "o1", { eventId: "e3", now: 3, allowOff: true })).to.deep.equal({ outcome: "mine" });
  });

  it("the quiet period ends nothing someone wrote in since; a retried end gets the same outcome", async () => {
    const user = citizen();
    const { ref } = await store.request("zalo", user, { eventId: "ask", now: 1000, recent: [] });
    await store.take(ref, "o1", { eventId: "tap", now: 2000, allowOff: false });
    const before = (await store.current("zalo", user))!.seq;
    expect(await store.citizenWrote("zalo", user, ref, { now: 3000, message: { id: "m1", at: 3000, text: "alo" } })).to.equal("taken");
    expect(await store.end("zalo", user, ref, { officerId: "o1", seq: before, eventId: "quiet-1" })).to.deep.equal({ outcome: "active" });
    // Someone else's conversation is not ended in their name.
    expect(await store.end("zalo", user, ref, { officerId: "o2", eventId: "bot-2" })).to.deep.equal({ outcome: "moved" });
    const now = (await store.current("zalo", user))!;
    expect(now.recent.map((m) => m.text)).to.deep.equal(["alo"]);
    const ended = await store.end("zalo", user, ref, { officerId: "o1", seq: now.seq, eventId: "quiet-2" });
    expect(ended).to.deep.equal({ outcome: "ended", from: "taken", officerId: "o1" });
    expect(await store.end("zalo", user, ref, { officerId: "o1", seq: now.seq, eventId: "quiet-2" })).to.deep.equal(ended);
    expect(await store.end("zalo", user, ref, { officerId: "o1", eventId: "bot-3" })).to.deep.equal({ outcome: "off" });
    expect(await store.heldBy("o1")).to.deep.equal([]);
  });

  it("a message kept for the officer is kept once however often its job runs, the last five", async () => {
    const user = citizen();
    const { ref } = await store.request("zalo", user, { eventId: "ask", now: 1, recent: [{ id: "m0", at: 1, text: "trước" }] });
    for (const i of [1, 1, 2, 3, 4, 5, 6])
      await store.citizenWrote("zalo", user, ref, { now: 10 + i, message: { id: `m${i}`, at: 10 + i, text: `tin ${i}` } });
    expect((await store.current("zalo", user))!.recent.map((m) => m.id)).to.deep.equal(["m2", "m3", "m4", "m5", "m6"]);
  });

  it("an echo starts a conversation with the console; later echoes keep it without moving its quiet period", async () => {
    const user = citizen();
    expect(await store.echo("zalo", user, { console: "8841", eventId: "echo-1", now: 5 })).to.deep.equal({
      outcome: "started",
      from: "off",
    });
    expect(await store.echo("zalo", user, { console: "8841", eventId: "echo-1", now: 5 })).to.deep.equal({
      outcome: "started",
      from: "off",
    });
    expect(await store.echo("zalo", user, { console: "8841", eventId: "echo-2", now: 6 })).to.deep.equal({ outcome: "touched" });
    // A person writing from the console does not hold the quiet period off (issue 20): it counts from 5.
    expect(await store.current("zalo", user)).to.include({ status: "taken", officerId: null, console: "8841", lastAt: 5 });
  });

  it("remembers the hotline's own sends", async () => {
    await store.recordOwnSends("zalo", ["a1", "a2"]);
    expect(await store.isOwnSend("zalo", "a2")).to.equal(true);
    expect(await store.isOwnSend("zalo", "b1")).to.equal(false);
  });
});
