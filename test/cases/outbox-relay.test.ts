import type { Queue } from "bullmq";
import { expect } from "chai";
import type { Redis } from "ioredis";
import { caseNoticeJobId } from "../../src/cases/case-notices.js";
import { claimCaseNotices, markNoticeDone } from "../../src/cases/outbox.js";
import { CaseOutboxRelay } from "../../src/cases/outbox-relay.js";
import { transition } from "../../src/cases/case-changes.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { createRedis } from "../../src/redis.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

/**
 * The case outbox's relay on its own (no worker runs the jobs): what it claims, queues and marks,
 * and the rows it queues again. The faults of a whole hotline are in
 * test/reliability/case-outbox.test.ts.
 */
const commune = exampleConfig();
let n = 0;

for (const backend of BACKENDS) {
  describe(`the case outbox relay (${backend})`, function () {
    this.timeout(20_000);
    let db: Database;
    let redis: Redis;
    let prefix: string;
    let notify: Queue;
    let relay: CaseOutboxRelay;

    before(async () => {
      db = await openTestDatabase(backend);
      await syncFromCommune(db, commune);
      redis = createRedis(TEST_REDIS_URL, "worker");
      prefix = uniquePrefix("relay");
      notify = createQueue(QUEUE.notify, { connection: redis, prefix });
      relay = new CaseOutboxRelay({ db, notify, leaseMs: 60_000 });
    });
    after(async () => {
      await notify?.close();
      redis?.disconnect();
      if (prefix) await dropPrefix(prefix);
      await db?.close();
    });

    /** A case filed and acknowledged: its outbox rows' ids, oldest first. */
    async function changedCase(): Promise<{ code: string; ids: number[] }> {
      const { case: c } = await fileCase(db, commune, {
        sourceKey: `relay:${++n}:${Math.random()}`,
        category: "lan_chiem",
        location: { lat: 21.005, lng: 105.61 },
        description: "Quán nước dựng mái tôn lấn chiếm vỉa hè trước cổng chợ",
      });
      await transition(db, c.code, "acknowledged", "nguyen-van-hung");
      const rows = await db.query<{ id: number }>("SELECT id FROM case_outbox WHERE case_code = $1 ORDER BY id", [c.code]);
      return { code: c.code, ids: rows.map((r) => Number(r.id)) };
    }

    const rowsOf = (code: string) =>
      db.query<{ kind: string; relayed: boolean; claimed: boolean }>(
        "SELECT kind, relayed_at IS NOT NULL AS relayed, claimed_until IS NOT NULL AS claimed FROM case_outbox WHERE case_code = $1 ORDER BY id",
        [code],
      );

    it("writes a change's rows with it, queues each as a job named after the row, marks them, and takes them once", async () => {
      const { code, ids } = await changedCase();
      expect((await rowsOf(code)).map((r) => r.kind)).to.deep.equal(["schedule-escalation", "officers-new-case", "status-changed"]);
      expect(await relay.relayOnce()).to.equal(3);
      for (const id of ids) expect((await notify.getJob(caseNoticeJobId(id)))?.data).to.deep.equal({ id, code });
      expect((await rowsOf(code)).every((r) => r.relayed && !r.claimed)).to.equal(true);
      expect(await relay.relayOnce(), "nothing left to relay").to.equal(0);
    });

    it("leaves rows another relay holds under its lease", async () => {
      const { code, ids } = await changedCase();
      const held = await claimCaseNotices(db, 10, 60_000);
      expect(held.map((r) => r.id)).to.deep.equal(ids);
      expect(await relay.relayOnce()).to.equal(0);
      expect((await rowsOf(code)).map((r) => r.relayed)).to.deep.equal([false, false, false]);
      // Once the holder's lease has passed, the rows are anyone's.
      await db.query("UPDATE case_outbox SET claimed_until = now() - interval '1 second' WHERE id = ANY($1::int[])", [ids]);
      expect(await relay.relayOnce()).to.equal(3);
    });

    it("queues again a relayed row whose job is gone before carrying it out, and no other", async () => {
      const { ids } = await changedCase();
      await relay.relayOnce();
      const [lost, waiting, done] = ids as [number, number, number];
      await notify.remove(caseNoticeJobId(lost));
      await notify.remove(caseNoticeJobId(done));
      await markNoticeDone(db, done);
      expect(await relay.recoverStuck(0)).to.equal(1);
      expect(await notify.getJob(caseNoticeJobId(lost))).to.not.equal(undefined);
      expect(await notify.getJob(caseNoticeJobId(done)), "a row carried out needs no job").to.equal(undefined);
      expect(await (await notify.getJob(caseNoticeJobId(waiting)))!.isWaiting()).to.equal(true);
      // Rows relayed recently are not suspected.
      await notify.remove(caseNoticeJobId(lost));
      expect(await relay.recoverStuck(60_000)).to.equal(0);
    });
  });
}
