import { expect } from "chai";
import { OaFacts } from "../../src/fleet/oa-facts.js";
import { EventTally } from "../../src/fleet/tally.js";
import { testConnection } from "../support/redis.js";

/** The webhook's per-commune sum of OA events (tally.ts), against the real Redis. */
describe("the OA event tally: a flood's events written together", () => {
  const redis = testConnection();
  const prefix = `tally-${process.pid}-${Date.now()}`;
  const facts = new OaFacts(redis, prefix, () => prefix);
  const writes: number[] = [];
  const counted: Pick<OaFacts, "events"> = {
    events: (communeId, count, first, last) => {
      writes.push(count);
      return facts.events(communeId, count, first, last);
    },
  };
  const failures: unknown[] = [];
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeEach(() => {
    writes.length = 0;
    failures.length = 0;
  });
  after(async () => {
    const keys = await redis.keys(`{${prefix}}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("writes an event after a pause at once, and sums the ones that follow within the window", async () => {
    const tally = new EventTally(counted, (e) => failures.push(e), 100);
    tally.event("xa-a");
    expect(writes, "the first, at once").to.deep.equal([1]);
    for (let i = 0; i < 49; i++) tally.event("xa-a");
    await settle(50);
    expect((await facts.read("xa-a")).events, "the rest wait for the window's end").to.equal(1);
    await settle(150);
    expect(writes).to.deep.equal([1, 49]);
    expect((await facts.read("xa-a")).events).to.equal(50);
    // A window with nothing in it closes: the next event is written at once again.
    await settle(150);
    tally.event("xa-a");
    expect(writes).to.deep.equal([1, 49, 1]);
    await tally.flush();
    expect(failures).to.deep.equal([]);
  });

  it("keeps communes apart, and a quiet spell runs from the last event written to the first summed", async () => {
    const tally = new EventTally(counted, (e) => failures.push(e), 100);
    const t0 = Date.now() - 3_600_000;
    tally.event("xa-b", t0);
    tally.event("xa-c", t0);
    await settle(150);
    // Ten minutes later (as the webhook would stamp them), three events inside one window.
    tally.event("xa-b", t0 + 600_000);
    tally.event("xa-b", t0 + 600_010);
    tally.event("xa-b", t0 + 600_020);
    await settle(150);
    const b = await facts.read("xa-b");
    expect(b.events).to.equal(3 + 1);
    expect(b.lastEventAt).to.equal(t0 + 600_020);
    expect(b.quietSpells).to.deep.equal([600_000]);
    expect((await facts.read("xa-c")).events).to.equal(1);
    await tally.flush();
  });

  it("flush writes what is summed (at shutdown) and stops the windows", async () => {
    const tally = new EventTally(counted, (e) => failures.push(e), 10_000);
    for (let i = 0; i < 5; i++) tally.event("xa-d");
    expect(writes).to.deep.equal([1]);
    await tally.flush();
    expect(writes).to.deep.equal([1, 4]);
    expect((await facts.read("xa-d")).events).to.equal(5);
  });
});
