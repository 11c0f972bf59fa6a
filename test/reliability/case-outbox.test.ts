import { Queue } from "bullmq";
import { expect } from "chai";
import { Redis } from "ioredis";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CASE_OUTBOX_JOB } from "../../src/cases/outbox-relay.js";
import { transition } from "../../src/cases/case-changes.js";
import { fileCase } from "../../src/cases/file-case.js";
import { currentDataKeys, installDataKeys } from "../../src/privacy/installed-keys.js";
import { loadDataKeys } from "../../src/privacy/key-store.js";
import type { Database } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";
import { openPglite } from "../../src/db/pglite.js";
import { openPostgres } from "../../src/db/postgres.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { QUEUE, queueOptions } from "../../src/queues/names.js";
import { exampleConfig } from "../commune/fixture.js";
import { type Backend, BACKENDS, createTestSchema } from "../support/db.js";
import { fakeZaloEnv, testEnv } from "../support/env.js";
import { type FakeZalo, startFakeZalo } from "../support/fake-zalo.js";
import { HotlineProcesses } from "../support/hotline-processes.js";
import { freePort } from "../support/listen.js";
import { runBuilt, type Started, waitForOutput } from "../support/process.js";
import { waitForQuietQueues } from "../support/quiet-queues.js";
import { RedisServer } from "../support/redis-server.js";
import { uniquePrefix } from "../support/redis.js";

/**
 * Issue 21: what an officer's change of a case must tell (the reporter's status notice, the
 * officers' notice of a new case) survives real faults, on both databases, and arrives exactly
 * once: Redis stopped between the commit and the queue; the process SIGKILLed right after the
 * commit; the outbox relay SIGKILLed in the middle of a batch. The hotline runs as `npm start`
 * runs it (a child process of the build, ROLE=all: the one role PGlite allows) against a private
 * redis-server with an append-only file, and the fake Zalo OA API in this process.
 */
const ADMIN = testEnv().ADMIN_TOKEN!;

/**
 * Runs `work` with this test process's data keys those of the hotline's processes (the test
 * environment's key), so that what it files or reads there they can open, and back. Otherwise
 * this process's keys are whatever an earlier test file in the same mocha worker left installed
 * (or the development keys), and the test would pass or fail by the files' order.
 */
async function asTheHotline<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const env = testEnv();
  const before = currentDataKeys();
  installDataKeys(
    await loadDataKeys(db, {
      NODE_ENV: "test",
      DATA_ENCRYPTION_KEY: env.DATA_ENCRYPTION_KEY,
      DATA_ENCRYPTION_KEY_PREVIOUS: undefined,
      ZALO_APP_SECRET: env.ZALO_APP_SECRET!,
    }),
  );
  try {
    return await work();
  } finally {
    installDataKeys(before);
  }
}

const ACKNOWLEDGED = "đã được cán bộ tiếp nhận";
/** Officers of Tổ trật tự xây dựng khu Bắc (Thôn Đồng Bụt) on Zalo, in the example commune. */
const BAC_OFFICERS = ["5210000000000000001", "5210000000000000002"];
const DONG_BUT = { lat: 21.005, lng: 105.61 };

/** The anonymous report by a Zalo user (who follows it) these tests file while no hotline runs. */
const reportByZalo = (sourceKey: string, reporter: string): Parameters<typeof fileCase>[2] => ({
  sourceKey,
  channel: "zalo",
  category: "lan_chiem",
  location: DONG_BUT,
  description: "Quán nước dựng mái tôn lấn chiếm vỉa hè trước cổng chợ",
  anonymous: true,
  reporter: { channel: "zalo", userId: reporter },
  photos: [],
  actor: "citizen",
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The database of one backend with the example commune's teams and officers, opened by the test
 * only while no hotline holds it (PGlite is one process's).
 */
interface Store {
  env: Record<string, string>;
  use<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

async function openStore(backend: Backend): Promise<Store> {
  if (backend === "postgres") {
    const schema = await createTestSchema({ migrate: true });
    const db = openPostgres(schema.url, { max: 1 });
    await syncFromCommune(db, exampleConfig()).finally(() => db.close());
    return {
      env: { DATABASE_URL: schema.url },
      async use(fn) {
        const db = openPostgres(schema.url, { max: 2 });
        try {
          return await fn(db);
        } finally {
          await db.close();
        }
      },
      drop: () => schema.drop(),
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-outbox-"));
  const store: Store = {
    env: { DATA_DIR: dataDir },
    async use(fn) {
      const db = await openPglite(dataDir);
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await store.use(async (db) => {
    await migrate(db);
    await syncFromCommune(db, exampleConfig());
  });
  return store;
}

for (const backend of BACKENDS) {
  describe(`case notices through real faults, exactly once (${backend})`, function () {
    this.timeout(120_000);
    const aofDir = mkdtempSync(path.join(tmpdir(), "hotline-outbox-aof-"));
    const commune = exampleConfig();
    let redis: RedisServer;
    let zalo: FakeZalo;
    let store: Store;
    let prefix: string;
    const running: Started[] = [];
    let n = 0;

    before(async () => {
      [redis, zalo, store] = await Promise.all([RedisServer.start({ aofDir }), startFakeZalo(), openStore(backend)]);
      prefix = uniquePrefix("outbox");
    });

    after(async () => {
      for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
      await Promise.all(running.map((p) => p.exited));
      await zalo?.close();
      await redis?.down();
      await store?.drop();
      rmSync(aofDir, { recursive: true, force: true });
    });

    /** The hotline as `npm start` runs it; resolves once it listens, unless `listening` is false. */
    async function startHotline(extra: Record<string, string> = {}, listening = true): Promise<{ proc: Started; url: string }> {
      const port = await freePort();
      const proc = runBuilt("src/main.ts", {
        ...testEnv({
          ...store.env,
          ...fakeZaloEnv(zalo),
          ROLE: "all",
          PORT: String(port),
          REDIS_URL: redis.url,
          REDIS_PREFIX: prefix,
          // A dead process's claims and jobs are taken over after a second.
          JOB_LOCK_SECONDS: "1",
          // A close that does not answer (after Redis was restarted under it) is given up sooner.
          SHUTDOWN_GRACE_SECONDS: "5",
          LOG_LEVEL: "info",
        }),
        ...extra,
      });
      running.push(proc);
      if (listening) await waitForOutput(proc, (o) => o.includes("hotline listening"), 60_000);
      return { proc, url: `http://127.0.0.1:${port}` };
    }

    async function stop(proc: Started): Promise<void> {
      proc.child.kill("SIGTERM");
      expect(await proc.exited, proc.output()).to.equal(0);
    }

    /** A case reported from Zalo by `reporter` (who follows it), filed while no hotline runs. */
    async function newCase(db: Database, reporter: string): Promise<string> {
      const filed = await asTheHotline(db, () => fileCase(db, commune, reportByZalo(`test:${backend}:${Date.now()}:${++n}`, reporter)));
      return filed.case.code;
    }

    const acknowledge = (url: string, code: string) =>
      fetch(`${url}/api/v1/cases/${code}/transitions`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        body: JSON.stringify({ to: "acknowledged" }),
      });

    /**
     * Nothing more can be sent: the queues are quiet, then (with the hotline stopped, so that
     * PGlite can be opened here) every outbox row is carried out, so no job or relay is left
     * that could send a second copy. Returns the rows as the hotline left them.
     */
    async function settledAndStopped(proc: Started): Promise<{ kind: string; relayed: boolean; done: boolean }[]> {
      await waitForQuietQueues({ prefix, redisUrl: redis.url, queues: [QUEUE.notify, QUEUE.outbound] });
      await stop(proc);
      const rows = await store.use((db) =>
        db.query<{ kind: string; relayed: boolean; done: boolean }>(
          "SELECT kind, relayed_at IS NOT NULL AS relayed, done_at IS NOT NULL AS done FROM case_outbox ORDER BY id",
        ),
      );
      expect(
        rows.filter((r) => !r.done),
        "outbox rows not carried out",
      ).to.deep.equal([]);
      return rows;
    }

    const texts = (userId: string) => zalo.messagesFor(userId).map((m) => String(m.message.text ?? ""));

    it("(a) Redis stopped between the commit and the queue: the officer gets 200, the reporter one notice once Redis is back", async () => {
      const reporter = `71${Date.now()}`;
      const code = await store.use((db) => newCase(db, reporter));
      const { proc, url } = await startHotline();
      // The filing's own notices go out first (the officers are told of the new case).
      for (const officer of BAC_OFFICERS) await zalo.waitForMessages(officer, 1, 30_000);

      await redis.down();
      const res = await acknowledge(url, code);
      expect(res.status, await res.clone().text()).to.equal(200);
      expect(((await res.json()) as { status: string }).status).to.equal("acknowledged");
      expect(texts(reporter)).to.deep.equal([]);

      await redis.up();
      await zalo.waitForMessages(reporter, 1, 30_000);
      await settledAndStopped(proc);
      expect(texts(reporter)).to.have.length(1);
      expect(texts(reporter)[0]).to.include(`Phản ánh ${code}`).and.include(ACKNOWLEDGED);
      for (const officer of BAC_OFFICERS) expect(texts(officer).filter((t) => t.includes(code))).to.have.length(1);
    });

    it("(b) the process SIGKILLed right after the commit: after a restart the reporter gets the notice, once", async () => {
      const reporter = `72${Date.now()}`;
      const code = await store.use((db) => newCase(db, reporter));
      const crashing = await startHotline({ HOTLINE_FAULT: "case-after-commit" });
      const answer = await acknowledge(crashing.url, code).catch((err: unknown) => err);
      expect(answer, "no answer from a killed process").to.be.instanceOf(Error);
      await crashing.proc.exited;
      expect(crashing.proc.child.signalCode).to.equal("SIGKILL");

      // The change stands, and its notice waits in the outbox.
      const pending = await store.use(async (db) => ({
        status: (await db.query<{ status: string }>("SELECT status FROM cases WHERE code = $1", [code]))[0]?.status,
        rows: await db.query<{ relayed: boolean }>(
          "SELECT relayed_at IS NOT NULL AS relayed FROM case_outbox WHERE case_code = $1 AND kind = 'status-changed'",
          [code],
        ),
      }));
      expect(pending).to.deep.equal({ status: "acknowledged", rows: [{ relayed: false }] });
      expect(texts(reporter)).to.deep.equal([]);

      const { proc } = await startHotline();
      await zalo.waitForMessages(reporter, 1, 30_000);
      await settledAndStopped(proc);
      expect(texts(reporter)).to.have.length(1);
      expect(texts(reporter)[0]).to.include(`Phản ánh ${code}`).and.include(ACKNOWLEDGED);
    });

    it("(c) the relay SIGKILLed in the middle of a batch: each notice arrives once", async () => {
      const reporters = [1, 2, 3].map((i) => `73${Date.now()}${i}`);
      // Three cases filed and acknowledged while no hotline runs: nine outbox rows wait.
      const codes = await store.use((db) =>
        asTheHotline(db, async () => {
          const made: string[] = [];
          for (const r of reporters) {
            const code = await newCase(db, r);
            await transition(db, code, "acknowledged", "nguyen-van-hung");
            made.push(code);
          }
          return made;
        }),
      );
      // The relay's first claim takes them all, queues the first and is killed before marking any.
      const crashing = await startHotline({ HOTLINE_FAULT: "relay-mid-batch" }, false);
      await crashing.proc.exited;
      expect(crashing.proc.child.signalCode, crashing.proc.output()).to.equal("SIGKILL");
      const claimed = await store.use((db) =>
        db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM case_outbox WHERE case_code = ANY($1::text[]) AND relayed_at IS NULL AND claimed_until IS NOT NULL",
          [codes],
        ),
      );
      expect(claimed[0]!.n, "claimed, none marked relayed").to.equal(9);

      const { proc } = await startHotline();
      await Promise.all(reporters.map((r) => zalo.waitForMessages(r, 1, 30_000)));
      await waitUntil(() => BAC_OFFICERS.every((o) => codes.every((c) => texts(o).some((t) => t.includes(`Phản ánh mới ${c}`)))), 30_000);
      const rows = await settledAndStopped(proc);
      expect(rows.every((r) => r.relayed)).to.equal(true);
      for (const [i, r] of reporters.entries()) {
        expect(texts(r), r).to.have.length(1);
        expect(texts(r)[0]).to.include(`Phản ánh ${codes[i]}`).and.include(ACKNOWLEDGED);
      }
      for (const officer of BAC_OFFICERS)
        for (const code of codes)
          expect(
            texts(officer).filter((t) => t.includes(`Phản ánh mới ${code}`)),
            `${officer} ${code}`,
          ).to.have.length(1);
    });
  });
}

describe("case notices across separate web and worker processes (postgres)", function () {
  this.timeout(120_000);
  let procs: HotlineProcesses;

  before(async () => {
    // The web role alone at first: what it commits must wait for a worker, then reach it.
    procs = await HotlineProcesses.start({ workers: 0 });
  });
  after(() => procs?.stop());

  it("a change in a web process wakes the workers' relay through the queue, and is told once", async () => {
    const reporter = `74${Date.now()}`;
    const db = openPostgres(procs.schema.url, { max: 1 });
    const filed = await asTheHotline(db, () => fileCase(db, exampleConfig(), reportByZalo(`test:roles:${Date.now()}`, reporter))).finally(
      () => db.close(),
    );
    const res = await fetch(`${procs.url}/api/v1/cases/${filed.case.code}/transitions`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "acknowledged" }),
    });
    expect(res.status).to.equal(200);
    // The web process has no relay: it asked the workers' relays to wake (one job for many changes).
    const redis = new Redis(procs.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const notify = new Queue(QUEUE.notify, queueOptions(procs.prefix, redis));
    try {
      expect((await notify.getWaiting()).map((j) => j.name)).to.include(CASE_OUTBOX_JOB);
    } finally {
      await notify.close();
      redis.disconnect();
    }

    await procs.startWorker();
    await procs.zalo.waitForMessages(reporter, 1, 30_000);
    await waitForQuietQueues({ prefix: procs.prefix, queues: [QUEUE.notify, QUEUE.outbound] });
    expect(procs.zalo.messagesFor(reporter)).to.have.length(1);
    expect(String(procs.zalo.messagesFor(reporter)[0]!.message.text)).to.include(ACKNOWLEDGED);
  });
});
