import { expect } from "chai";
import { Redis } from "ioredis";
import { redisKey } from "../../src/redis.js";
import { type Burst, burstWorkload, replyHead, runBursts, SAMPLE_CODES } from "../support/bursts.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HotlineProcesses } from "../support/hotline-processes.js";
import { waitForQuietQueues } from "../support/quiet-queues.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { RedisServer } from "../support/redis-server.js";

/**
 * The production layout — one ROLE=web and several ROLE=worker processes on PostgreSQL — with
 * 30–50 citizens each sending 2–5 messages 0–30 ms apart, over about five seconds, through the
 * real webhook ("tra cứu hồ sơ", then a dossier code, and again; the faults strike halfway
 * through). Every citizen's replies must come in the order of their messages (the prompt before
 * the card it asked for), and their conversation must end where the sequence leads: handled out
 * of order, a citizen gets the card, then a prompt for a code they already gave, and is left
 * waiting in that step.
 */
describe("one citizen's messages, several worker processes", function () {
  this.timeout(240_000);

  /** What the citizen should see for each message, in order: the prompt, or the dossier's card. */
  const expectedHead = (text: string) => (SAMPLE_CODES.includes(text) ? `📄 Hồ sơ ${text}` : "Mời ông/bà nhập mã hồ sơ");

  /**
   * Checks every citizen's replies and session; returns how many messages were sent twice in a row.
   * With `resentInFlight`, a message may come twice back to back: Zalo had it when the worker
   * sending it died, before the worker could record it (Zalo takes no idempotency key, so the one
   * message in flight is sent at least once). Anything else — a reply missing, out of place, or
   * repeated later — fails.
   */
  async function checkCitizens(procs: HotlineProcesses, bursts: Burst[], opts: { resentInFlight?: boolean } = {}): Promise<number> {
    const redis = new Redis(procs.env.REDIS_URL ?? TEST_REDIS_URL);
    let resent = 0;
    try {
      const problems: string[] = [];
      for (const b of bursts) {
        const sent = procs.zalo.messagesFor(b.userId).map((m) => JSON.stringify(m.message));
        const once = opts.resentInFlight ? sent.filter((m, i) => m !== sent[i - 1]) : sent;
        resent += sent.length - once.length;
        const got = once.map((m) => replyHead(JSON.parse(m) as Record<string, unknown>));
        const want = b.messages.map((m) => expectedHead(m.text));
        if (got.length !== want.length || got.some((g, i) => !g.startsWith(want[i] ?? "?"))) {
          problems.push(`${b.userId}: replies ${JSON.stringify(got.map((g) => g.slice(0, 25)))}, expected ${JSON.stringify(want)}`);
          continue;
        }
        // The session: every message handled once, in order, and the step the last one leads to.
        const raw = await redis.get(redisKey(procs.prefix, "session", "zalo", b.userId));
        const session = JSON.parse(raw ?? "{}") as {
          version?: number;
          flow?: { step?: string; data?: { code?: string } };
          recent?: { id: string }[];
        };
        const last = b.messages[b.messages.length - 1]!;
        const lastIsCode = SAMPLE_CODES.includes(last.text);
        const okSession =
          session.version === b.messages.length &&
          JSON.stringify(session.recent?.map((r) => r.id)) === JSON.stringify(b.messages.map((m) => m.msgId).slice(-5)) &&
          session.flow?.step === (lastIsCode ? "result" : "code") &&
          (!lastIsCode || session.flow?.data?.code === last.text);
        if (!okSession) problems.push(`${b.userId}: session ${raw ?? "none"}`);
      }
      expect(problems, problems.slice(0, 5).join("\n")).to.deep.equal([]);
    } finally {
      redis.disconnect();
    }
    return resent;
  }

  // One layout for the four runs, the faults last (a worker killed, then Redis): starting
  // processes is most of what this file costs. Its own Redis, so that Redis can be killed.
  describe("three workers on a Redis with an append-only file", () => {
    const aofDir = mkdtempSync(path.join(tmpdir(), "hotline-aof-order-"));
    let redis: RedisServer;
    let procs: HotlineProcesses;
    before(async () => {
      redis = await RedisServer.start({ aofDir });
      // A killed worker's jobs are taken up by another after the lock (JOB_LOCK_SECONDS).
      procs = await HotlineProcesses.start({ workers: 3, dossiers: true, env: { JOB_LOCK_SECONDS: "2", REDIS_URL: redis.url } });
    });
    after(async () => {
      await redis?.up().catch(() => undefined);
      await procs?.stop();
      await redis?.down();
      rmSync(aofDir, { recursive: true, force: true });
    });
    const quiet = () => waitForQuietQueues({ prefix: procs.prefix, redisUrl: procs.env.REDIS_URL });

    it("answers each citizen's messages in order, and leaves each conversation where its sequence leads", async () => {
      const bursts = burstWorkload({ citizens: 50, ratePerS: 50, seed: 7 });
      const timings = await runBursts(bursts, procs.zalo, (u, m, t) => procs.postText(u, m, t), { timeoutMs: 60_000 });
      expect(timings.filter((t) => t.status !== 200)).to.deep.equal([]);
      await quiet();
      await checkCitizens(procs, bursts);
    });

    it("handles and answers each message once, in order, when every message is delivered twice at once and once more later", async () => {
      const bursts = burstWorkload({ citizens: 30, ratePerS: 30, seed: 13 });
      const late: Array<() => Promise<number>> = [];
      const post = async (u: string, m: string, t: string) => {
        late.push(() => procs.postText(u, m, t));
        const [a, b] = await Promise.all([procs.postText(u, m, t), procs.postText(u, m, t)]);
        return a === 200 && b === 200 ? 200 : a !== 200 ? a : b;
      };
      const timings = await runBursts(bursts, procs.zalo, post, { timeoutMs: 60_000 });
      expect(timings.filter((t) => t.status !== 200)).to.deep.equal([]);
      // Zalo's retry after its timeout: every event's job is long gone by now.
      const again = await Promise.all(late.map((p) => p()));
      expect(
        again.filter((x) => x !== 200),
        procs.web
          .output()
          .split("\n")
          .filter((l) => l.includes("could not be stored"))
          .slice(0, 2)
          .join("\n"),
      ).to.deep.equal([]);
      await quiet();
      expect(await checkCitizens(procs, bursts)).to.equal(0);
    });

    it("still answers every message once and in order when a worker is killed (SIGKILL) mid-run, the others taking over its citizens", async () => {
      const bursts = burstWorkload({ citizens: 50, ratePerS: 35, seed: 11 });
      const victim = procs.workers[0]!;
      let killedAt = -1;
      const timings = await runBursts(bursts, procs.zalo, (u, m, t) => procs.postText(u, m, t), {
        timeoutMs: 90_000,
        during: (elapsed) => {
          // Halfway through the messages, while every worker is busy with bursts.
          if (killedAt < 0 && elapsed > 2500) {
            killedAt = elapsed;
            victim.child.kill("SIGKILL");
          }
        },
      });
      expect(killedAt, "the worker was killed during the run").to.be.above(0);
      await victim.exited;
      expect(victim.child.signalCode).to.equal("SIGKILL");
      expect(timings.filter((t) => t.status !== 200)).to.deep.equal([]);
      // Until the dead worker's jobs are taken over and finished, a duplicate could still come.
      await quiet();
      const resent = await checkCitizens(procs, bursts, { resentInFlight: true });
      // At most the sends the dead worker had in flight (its outbound concurrency).
      expect(resent, "messages sent twice").to.be.at.most(10);
      if (resent) console.log(`      (${resent} message(s) in flight at the kill sent again)`);
    });

    it("with Redis killed (SIGKILL) mid-run and restarted from its append-only file, answers every message accepted, once and in order; Zalo's retries bring the refused ones", async () => {
      const bursts = burstWorkload({ citizens: 40, ratePerS: 30, seed: 17 });
      let downAt = -1;
      let outage: Promise<void> | undefined;
      const timings = await runBursts(bursts, procs.zalo, (u, m, t) => procs.deliverText(u, m, t, { everyMs: 200, times: 100 }), {
        timeoutMs: 90_000,
        during: (elapsed) => {
          if (downAt < 0 && elapsed > 2000) {
            downAt = elapsed;
            outage = (async () => {
              await redis.down();
              await new Promise((r) => setTimeout(r, 1000));
              await redis.up();
            })();
          }
        },
      });
      await outage;
      expect(downAt, "Redis was killed during the run").to.be.above(0);
      expect(timings.filter((t) => t.status !== 200)).to.deep.equal([]);
      await waitForQuietQueues({ prefix: procs.prefix, redisUrl: redis.url });
      const resent = await checkCitizens(procs, bursts, { resentInFlight: true });
      expect(resent, "messages sent twice").to.be.at.most(20);
      if (resent) console.log(`      (${resent} message(s) in flight when Redis died sent again)`);
    });
  });
});
