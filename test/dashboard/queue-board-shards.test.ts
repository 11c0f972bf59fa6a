import { expect } from "chai";
import { Redis } from "ioredis";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { shardPrefix } from "../../src/queues/shards.js";
import { Harness } from "../support/harness.js";
import { testEnv } from "../support/env.js";
import { TEST_REDIS_URL } from "../support/redis.js";

// The queue board of a sharded deployment shows each shard's queues (inbound, outbound, cases)
// beside the unsharded ones, named by their shard, each read from its own shard's keys.
describe("queue board with shards", function () {
  this.timeout(60_000);
  let h: Harness;
  const admin = { authorization: `Bearer ${testEnv().ADMIN_TOKEN}` };

  before(async () => {
    h = await Harness.start({ env: { REDIS_SHARDS: "2" } });
  });
  after(() => h?.stop());

  it("lists every shard's queues by name, each counting the jobs under its own shard", async () => {
    // One delayed job in shard 1's outbound queue, none in shard 0's.
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const s01 = createQueue(QUEUE.outbound, { connection: redis, prefix: shardPrefix(h.prefix, 1) });
    try {
      await s01.add("replies", { parked: true }, { delay: 3_600_000, jobId: "board-probe" });
      const res = await fetch(`${h.url}/admin/queues/api/queues`, { headers: admin });
      expect(res.status).to.equal(200);
      const queues = ((await res.json()) as { queues: { name: string; counts: Record<string, number> }[] }).queues;
      const names = queues.map((q) => q.name);
      expect(names).to.include.members([...Object.values(QUEUE)]);
      for (const shard of ["s00", "s01"])
        expect(names).to.include.members([`${shard}-${QUEUE.inbound}`, `${shard}-${QUEUE.outbound}`, `${shard}-${QUEUE.cases}`]);
      const delayed = (name: string) => queues.find((q) => q.name === name)?.counts.delayed;
      expect(delayed(`s01-${QUEUE.outbound}`)).to.equal(1);
      expect(delayed(`s00-${QUEUE.outbound}`)).to.equal(0);
      expect(delayed(QUEUE.outbound)).to.equal(0);
    } finally {
      await s01.close();
      redis.disconnect();
    }
  });
});
