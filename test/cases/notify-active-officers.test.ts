import { Communes } from "../../src/commune/communes.js";
import { caseWording } from "../../flows/messages.injected.vi.js";
import { expect } from "chai";
import { Redis } from "ioredis";
import { notifyOfficersOfFiling } from "../../src/cases/notify-officers.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { deactivateOfficer, setOnDuty, updateOfficer } from "../../src/officers/officer-changes.js";
import { createQueue } from "../../src/queues/factory.js";
import type { OutboundQueue } from "../../src/queues/outbound.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

const commune = exampleConfig();
// Zalo ids of the example config's Địa chính team: the lead and one officer.
const LEAD = "5210000000000000005";
const OFFICER = "5210000000000000006";

for (const backend of BACKENDS) {
  describe(`new-case notices reach only active, on-duty officers (${backend})`, function () {
    this.timeout(60_000);
    let db: Database;
    let redis: Redis;
    let outbound: OutboundQueue;
    let prefix: string;
    let n = 0;
    before(async () => {
      db = await openTestDatabase(backend);
      await syncFromCommune(db, commune);
      prefix = uniquePrefix("notify-active");
      redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      outbound = createQueue("outbound", { connection: redis, prefix });
    });
    after(async () => {
      await outbound?.close();
      redis?.disconnect();
      await dropPrefix(prefix);
      await db?.close();
    });

    /** File a farmland case (routed to Địa chính) and notify; the Zalo ids that were sent a notice. */
    async function fileAndNotify(): Promise<string[]> {
      const filed = await fileCase(db, commune, {
        sourceKey: `notify-active-${++n}`,
        category: "xay_tren_dat_nong_nghiep",
        location: { lat: 21.005, lng: 105.61 },
        description: "Đang đổ móng xây nhà trên ruộng lúa",
        reporter: { channel: "zalo", userId: "5210000000000000900" },
      });
      const sent = await notifyOfficersOfFiling({ db, communes: new Communes([commune]), outbound, say: caseWording }, filed.case.code);
      const jobs = await outbound.getJobs(["waiting", "delayed", "prioritized"]);
      const to = jobs
        .filter((j) => j.data.replies.some((r) => (r.type === "text" || r.type === "buttons") && r.text.includes(filed.case.code)))
        .map((j) => j.data.userId);
      expect(sent).to.equal(to.length);
      return to.sort();
    }

    it("tells the team's active, on-duty officers; not one who is off duty or deactivated", async () => {
      expect(await fileAndNotify()).to.deep.equal([LEAD, OFFICER]);
      await setOnDuty(db, "bui-thi-hoa", false);
      expect(await fileAndNotify()).to.deep.equal([LEAD]);
      await setOnDuty(db, "bui-thi-hoa", true);
      await deactivateOfficer(db, "bui-thi-hoa");
      expect(await fileAndNotify()).to.deep.equal([LEAD]);
      // Deactivated and then put "on duty" by a stale command: still nothing.
      expect(await setOnDuty(db, "bui-thi-hoa", true)).to.equal(false);
      expect(await fileAndNotify()).to.deep.equal([LEAD]);
      await updateOfficer(db, "bui-thi-hoa", { active: true });
      expect(await fileAndNotify()).to.deep.equal([LEAD, OFFICER]);
    });
  });
}
