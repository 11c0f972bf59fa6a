import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { hashTag } from "../../src/redis.js";
import { type Citizen, Harness, trackingCodeOf } from "../support/harness.js";
import { OA_B, OA_B_TOKENS, PHU_XA_EAST_DEG, provinceOfTwo, provinceTokensFile } from "../support/province.js";
import { RedisCluster } from "../support/redis-cluster.js";
import { freshMsgId, SANDBOX } from "../support/sign.js";

/**
 * Issue 23: the hotline on a real Redis Cluster (three masters, three replicas). Two communes
 * file reports through it, each commune's keys under its shard's hash tag; then the master holding
 * commune A's shard is killed, a replica takes
 * over, and every webhook event the hotline acknowledged (200) is answered exactly once — Zalo
 * delivers again whatever was not acknowledged, as the test does.
 */
describe("Redis Cluster: a province of two communes, a master killed", function () {
  this.timeout(300_000);
  let cluster: RedisCluster;
  let h: Harness;
  let dir: string;
  const { communes } = provinceOfTwo();

  before(async () => {
    cluster = await RedisCluster.start({ masters: 3, replicasPerMaster: 1 });
    dir = await mkdtemp(path.join(tmpdir(), "province-cluster-"));
    h = await Harness.start({
      communes,
      env: {
        REDIS_CLUSTER_NODES: cluster.seeds,
        // Never used with REDIS_CLUSTER_NODES: a closed port shows that nothing falls back on it.
        REDIS_URL: "redis://127.0.0.1:1",
        // Each commune's conversations under its own shard's hash tag.
        REDIS_SHARDS: "4",
        // Longer than a failover: a job running across it keeps its lock instead of being run twice.
        JOB_LOCK_SECONDS: "15",
        ZALO_OA_TOKENS_FILE: await provinceTokensFile(dir),
        DATA_DIR: dir,
      },
    });
    h.zalo.addOa(OA_B, OA_B_TOKENS);
  });
  after(async () => {
    await h?.stop().catch(() => undefined);
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const trackingCode = (c: Citizen) => trackingCodeOf(c, 60_000);

  /** Files a report pinned in a village of the commune whose OA `c` writes to (Phú Xá lies `east` of Kiều Phú). */
  async function report(c: Citizen, east = 0): Promise<string> {
    await c.send("phan anh");
    await c.tap("Xây dựng không có giấy phép");
    await c.act({ type: "location", latitude: 20.996, longitude: 105.605 + east });
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
    const offered = await c.tap("Ẩn danh");
    // A report like one filed before nearby is offered as a duplicate first.
    if (offered.some((r) => r.buttons.some((b) => b.title === "Vẫn gửi phản ánh mới"))) await c.tap("Vẫn gửi phản ánh mới");
    await c.tap("Gửi");
    return trackingCode(c);
  }

  async function communeOfCase(code: string): Promise<string | undefined> {
    const rows = await h.db.query<{ commune_id: string }>("SELECT commune_id FROM cases WHERE code = $1", [code]);
    return rows[0]?.commune_id;
  }

  it("files each commune's report through the cluster, told from the commune's own OA", async () => {
    const ca = h.citizen(undefined, SANDBOX.oaId);
    const cb = h.citizen(undefined, OA_B);
    const [codeA, codeB] = await Promise.all([report(ca), report(cb, PHU_XA_EAST_DEG)]);
    expect(await communeOfCase(codeA)).to.equal("kieu-phu");
    expect(await communeOfCase(codeB)).to.equal("phu-xa");
    expect(h.zalo.messagesFor(ca.userId).every((m) => m.oaId === SANDBOX.oaId)).to.equal(true);
    expect(h.zalo.messagesFor(cb.userId).every((m) => m.oaId === OA_B)).to.equal(true);
  });

  it("comes back after the master holding its keys is killed, every acknowledged event answered once", async () => {
    const citizens = Array.from({ length: 10 }, (_, i) => ({
      userId: `77${Date.now()}${i}`,
      oaId: i % 2 === 0 ? SANDBOX.oaId : OA_B,
    }));
    const PER_CITIZEN = 6;
    const acknowledged = new Map<string, string[]>(citizens.map((c) => [c.userId, []]));
    let refusals = 0;

    // As Zalo does: an event answered anything but 200 (or not answered) is delivered again.
    async function deliver(userId: string, oaId: string): Promise<void> {
      const msgId = freshMsgId();
      const deadline = Date.now() + 180_000;
      for (;;) {
        const status = await h
          .post({ type: "text", text: "giờ làm việc" }, userId, msgId, oaId)
          .then((r) => r.status)
          .catch(() => 0);
        if (status === 200) {
          acknowledged.get(userId)!.push(msgId);
          return;
        }
        refusals++;
        if (Date.now() > deadline) throw new Error(`event ${msgId} never acknowledged (last answer ${status})`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    async function conversation(c: { userId: string; oaId: string }, from: number, to: number): Promise<void> {
      for (let i = from; i < to; i++) await deliver(c.userId, c.oaId);
    }

    // Before the kill: two events each, acknowledged and answered (a 200 means stored, not yet
    // handled: the sessions exist once the answers are out); then the kill lands while more arrive.
    await Promise.all(citizens.map((c) => conversation(c, 0, 2)));
    for (const c of citizens) await h.zalo.waitForMessages(c.userId, 2, 60_000);
    // The shard of commune A (the sandbox OA): its sessions, lanes and queues are there.
    const shardOfA = await h.shardOf("kieu-phu");
    expect(await h.redisKeyExists(`${hashTag(shardOfA)}:session:zalo:${citizens[0]!.userId}`)).to.equal(true);
    const master = await cluster.masterOf(`${hashTag(shardOfA)}:probe`);
    const during = Promise.all(citizens.map((c) => conversation(c, 2, PER_CITIZEN)));
    await cluster.kill(master);
    await during;
    await cluster.waitUntilOk();
    expect(await cluster.masterOf(`${hashTag(shardOfA)}:probe`)).not.to.equal(master);

    for (const c of citizens) await h.zalo.waitForMessages(c.userId, PER_CITIZEN, 180_000);
    // Until every job is done a duplicate could still come.
    await h.quiet(180_000);
    for (const c of citizens) {
      const got = h.zalo.messagesFor(c.userId);
      expect(acknowledged.get(c.userId), c.userId).to.have.length(PER_CITIZEN);
      expect(got, `${c.userId} (${refusals} deliveries refused in all)`).to.have.length(PER_CITIZEN);
      expect(got.every((m) => m.oaId === c.oaId && String(m.message.text).includes("Giờ làm việc"))).to.equal(true);
    }

    // And a whole report still goes through, in each commune, on the new master.
    const ca = h.citizen(undefined, SANDBOX.oaId);
    const cb = h.citizen(undefined, OA_B);
    const [codeA, codeB] = await Promise.all([report(ca), report(cb, PHU_XA_EAST_DEG)]);
    expect(await communeOfCase(codeA)).to.equal("kieu-phu");
    expect(await communeOfCase(codeB)).to.equal("phu-xa");
  });
});
