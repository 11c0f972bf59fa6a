import { setTimeout as sleep } from "node:timers/promises";
import type { Queue, Worker } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { createQueue } from "../../src/queues/factory.js";
import { createInboundWorker, QueueInboundSink } from "../../src/queues/inbound.js";
import { jobId, QUEUE } from "../../src/queues/names.js";
import { perSecond } from "../../src/queues/pace.js";
import { createRedis, redisKey } from "../../src/redis.js";
import { communeText } from "../support/commune-text.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// Issue 23: a commune's events are handled at its pace, and the webhook books the slots of a
// flood's events itself, so that no worker takes an event before its time (a park per event was
// a third of a core in the fairness bench).
describe("inbound: a commune's pace, booked by the webhook for a flood", function () {
  this.timeout(60_000);
  const RATE = perSecond(4)!;
  const BURST = RATE.burstMs / RATE.intervalMs;
  let redis: Redis;
  let prefix: string;
  let queue: Queue;
  let worker: Worker<PlatformEvent> | undefined;
  let sink: QueueInboundSink;
  /** When each job was taken by a worker (a park and a later run are two takes). */
  let takes: Map<string, number[]>;
  let handled: { event: PlatformEvent; at: number }[];

  const idOf = (e: PlatformEvent) => jobId("in", e.channel, e.eventId);
  const waitHandled = async (n: number) => {
    const deadline = Date.now() + 40_000;
    while (handled.length < n) {
      if (Date.now() > deadline) throw new Error(`${handled.length} of ${n} handled`);
      await sleep(25);
    }
  };
  /**
   * When the webhook stored the event to wait for a slot it booked: its job was added delayed,
   * and is not due before then. Null when it was stored to run at once (or, on a machine stalled
   * past its slot, already handled and gone).
   */
  const bookedAtIngest = async (e: PlatformEvent): Promise<number | null> => {
    const job = await queue.getJob(idOf(e));
    return job?.opts.delay ? job.timestamp + job.opts.delay : null;
  };
  /**
   * New citizens write to the flood until the webhook books one's slot itself. The sink learns
   * that a commune is over its pace from Redis's answers, so when depends on how fast the
   * workers booked the burst; a fixed "the next event" failed on a loaded CI machine. Returns
   * every event written, the booked one last, with its slot.
   */
  const writeUntilBooked = async (name: string) => {
    const written: PlatformEvent[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const e = communeText("flood", `${name}${written.length}`, 0);
      written.push(e);
      expect(await sink.accept(e)).to.equal("queued");
      const slot = await bookedAtIngest(e);
      if (slot) return { written, booked: e, slot };
      if (Date.now() > deadline) throw new Error(`the webhook booked no slot for ${written.length} events of a flood`);
      await sleep(20);
    }
  };

  beforeEach(() => {
    redis = createRedis(TEST_REDIS_URL, "worker");
    prefix = uniquePrefix("pace");
    queue = createQueue(QUEUE.inbound, { connection: redis, prefix });
    sink = new QueueInboundSink(queue, prefix, RATE);
    takes = new Map();
    handled = [];
    worker = createInboundWorker(
      queue,
      redis,
      prefix,
      async (e) => {
        handled.push({ event: e, at: Date.now() });
      },
      { concurrency: 8, communeInFlight: 4, communeRate: RATE },
    );
    worker.on("active", (job) => takes.set(job.id!, [...(takes.get(job.id!) ?? []), Date.now()]));
  });
  afterEach(async () => {
    await worker?.close(true);
    await queue.close();
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it("keeps a flood to its pace, each citizen in order; once it is over the pace its events wait for their slots unseen by the workers", async () => {
    // A first burst, one event each of twelve citizens, taken by the workers: a second's worth
    // runs at once, the rest is parked for its slots (the workers book them, as before).
    const first = Array.from({ length: 12 }, (_, n) => communeText("flood", `x${n}`, 0));
    for (const e of first) expect(await sink.accept(e)).to.equal("queued");
    await waitHandled(BURST);
    while (takes.size < first.length) await sleep(10);
    // The pace is booked past its burst now: once the webhook knows, events book their own
    // slots as they come. Three new citizens write, each one's events three slots apart.
    const learnt = await writeUntilBooked("learner");
    const citizens = ["c0", "c1", "c2"];
    const later = [0, 1, 2].flatMap((n) => citizens.map((u) => communeText("flood", u, n)));
    const slots = new Map<PlatformEvent, number>([[learnt.booked, learnt.slot]]);
    for (const e of later) {
      expect(await sink.accept(e)).to.equal("queued");
      const slot = await bookedAtIngest(e);
      if (slot) slots.set(e, slot);
    }
    // A quiet commune's event beside the flood runs at once.
    const quiet = communeText("quiet", "q1", 0);
    expect(await sink.accept(quiet)).to.equal("queued");

    await waitHandled(first.length + learnt.written.length + later.length + 1);
    const all = [...first, ...learnt.written, ...later];
    // Each once, each citizen in order.
    expect(handled.map((h) => h.event.eventId).sort()).to.deep.equal([...all, quiet].map((e) => e.eventId).sort());
    for (const u of [...citizens, ...first.map((e) => e.userId)])
      expect(handled.filter((h) => h.event.userId === u).map((h) => h.event.eventId)).to.deep.equal(
        all.filter((e) => e.userId === u).map((e) => e.eventId),
      );
    // Not faster than the pace: past the first second's burst, one event every interval.
    const floodTimes = handled.filter((h) => h.event.communeId === "flood").map((h) => h.at);
    const span = Math.max(...floodTimes) - Math.min(...floodTimes);
    expect(span).to.be.at.least((all.length - BURST - 1) * RATE.intervalMs - 100);
    const quietAt = handled.find((h) => h.event.communeId === "quiet")!.at;
    expect(quietAt).to.be.below(Math.max(...floodTimes));
    // Booked at the webhook, an event is not taken before its slot: not woken early by the
    // citizen's event before it when that one is done. (On a loaded machine it may be taken at
    // its slot while that one still runs, and park behind it: a second take, after the slot.)
    // The learner is always among them; on a quiet machine so is every later event.
    for (const [e, slot] of slots) expect(Math.min(...takes.get(idOf(e))!), e.eventId).to.be.at.least(slot);
    // Nothing is left behind: no slot waits for an event that is gone.
    expect(await redis.zcard(redisKey(prefix, "pace-slots", "flood"))).to.equal(0);
  });

  it("knows a flood is over its pace from its first event past the burst, before any worker took one", async () => {
    // No worker: before, the webhook learnt only from the slots workers booked as they took
    // events, and stored every event meanwhile to run at once (each then taken to be parked).
    await worker!.close();
    worker = undefined;
    const slow = new QueueInboundSink(queue, prefix, perSecond(1)!);
    const events = Array.from({ length: 5 }, (_, n) => communeText("flood", `f${n}`, 0));
    const booked: (number | null)[] = [];
    for (const e of events) {
      expect(await slow.accept(e)).to.equal("queued");
      booked.push(await bookedAtIngest(e));
    }
    // One a second with a second's burst: two go at once, and the placing script's answer to the
    // second says the pace is booked past its burst; from the third on the webhook books first
    // and stores each event to wait for its slot, a second apart.
    expect(booked.slice(0, 2)).to.deep.equal([null, null]);
    expect(booked.slice(2).every((b) => typeof b === "number")).to.equal(true);
    expect(booked[3]! - booked[2]!).to.be.closeTo(1000, 50);
    expect(booked[4]! - booked[3]!).to.be.closeTo(1000, 50);
  });

  it("a repeat delivered while the commune is over its pace books no second slot and is handled once", async () => {
    const burst = Array.from({ length: 12 }, (_, n) => communeText("flood", `c${n}`, 0));
    for (const e of burst) await sink.accept(e);
    while (takes.size < burst.length) await sleep(10);
    // Booked by the webhook: nothing else books a slot while the repeats come (the events
    // before it were stored to run at once, and the workers have booked theirs).
    const { written, booked: one } = await writeUntilBooked("learner");
    for (const e of written.slice(0, -1)) while (!takes.has(idOf(e))) await sleep(10);
    const nextFree = await redis.get(redisKey(prefix, "pace", "flood"));
    const [a, b] = await Promise.all([sink.accept(one), sink.accept(one)]);
    expect([a, b]).to.deep.equal(["duplicate", "duplicate"]);
    expect(await redis.get(redisKey(prefix, "pace", "flood"))).to.equal(nextFree);
    await waitHandled(burst.length + written.length);
    await sleep(300);
    expect(handled.filter((h) => h.event.eventId === one.eventId)).to.have.length(1);
  });
});
