import { expect } from "chai";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Database } from "../../src/db/database.js";
import { runPrivacyEffect, isPrivacyEffect } from "../../src/privacy/effects.js";
import { personHasher } from "../../src/privacy/person-key.js";
import type { EffectJob } from "../../src/queues/dispatch.js";
import { QUEUE, queueOptions } from "../../src/queues/names.js";
import { redisKey } from "../../src/redis.js";
import { openTestDatabase } from "../support/db.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";
import { columnsHolding, everythingUnder } from "./support.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import { sealContact } from "../../src/privacy/sealed-contacts.js";

const USER = "7461230987654321001";
const PHONE = "0987000111";

describe("erasure of a person's data (issue 25)", function () {
  this.timeout(30_000);
  let db: Database;
  let redis: Redis;
  const prefix = uniquePrefix("erase");
  const queues: Queue[] = [];
  let worker: Worker | undefined;
  before(async () => {
    db = await openTestDatabase("pglite");
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  after(async () => {
    await worker?.close();
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
    await db.close();
    await dropPrefix(prefix);
  });

  it("removes a delayed job waiting for the person, blanks its own job, and settles the request", async () => {
    const s = sealContact(currentDataKeys(), { reporterChannel: "zalo", reporterUserId: USER, name: "Ngô Thị Mai", phone: PHONE });
    await db.query(
      `INSERT INTO cases (code, source_key, category, description, reporter_channel, reporter_user_sealed, reporter_hash, contact_name_sealed,
         contact_phone_sealed, contact_phone_hash)
       VALUES ('PA-261207-AAAA', 'zalo:e1', 'lan_chiem', 'Đổ vật liệu ra đường', 'zalo', $1, $2, $3, $4, $5)`,
      [s.reporter_user_sealed, s.reporter_hash, s.contact_name_sealed, s.contact_phone_sealed, s.contact_phone_hash],
    );
    await db.query("INSERT INTO held_notices (channel, user_id, dedupe_key, replies) VALUES ('zalo', $1, 'k1', '[]')", [USER]);
    await redis.set(redisKey(prefix, "session", "zalo", USER), JSON.stringify({ version: 3 }));
    const notify = new Queue(QUEUE.notify, queueOptions(prefix, redis));
    const cases = new Queue(QUEUE.cases, queueOptions(prefix, redis));
    queues.push(notify, cases);
    // A check due in an hour that carries the person (a hand-off's quiet period).
    const later = await notify.add("handoff-quiet", { userId: USER, note: `gọi ${PHONE}` }, { delay: 3600_000 });

    const hash = personHasher("k".repeat(32));
    worker = new Worker<EffectJob>(
      QUEUE.cases,
      async (job) => {
        if (isPrivacyEffect(job.data.effect))
          await runPrivacyEffect({ db, redis, prefix, communeId: "kieu-phu", personHash: hash, settleMs: 300 }, job, job.data.effect);
      },
      { ...queueOptions(prefix, redis), connection: redis.duplicate() },
    );
    const job = await cases.add("privacyRequest", {
      channel: "zalo",
      userId: USER,
      eventId: "ev-erase-1",
      effect: { type: "privacyRequest", kind: "erasure" },
    });
    const deadline = Date.now() + 20_000;
    while ((await job.getState()) !== "completed") {
      if (Date.now() > deadline) throw new Error(`erasure job ${await job.getState()}: ${(await cases.getJob(job.id!))?.failedReason}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    expect(await notify.getJob(later.id!)).to.equal(undefined);
    const stored = await everythingUnder(redis, prefix);
    for (const needle of [USER, PHONE.slice(1), "Ngô Thị Mai"]) {
      expect(stored, needle).to.not.include(needle);
      expect(await columnsHolding(db, needle), needle).to.deep.equal([]);
    }
    const requests = await db.query<{ commune_id: string; person_hash: string; done_at: Date | null; outcome: Record<string, number> }>(
      "SELECT commune_id, person_hash, done_at, outcome FROM privacy_requests",
    );
    expect(requests).to.have.length(1);
    expect(requests[0]).to.include({ commune_id: "kieu-phu", person_hash: hash("zalo", USER) });
    expect(requests[0]!.done_at).to.not.equal(null);
    expect(requests[0]!.outcome).to.include({ casesDeidentified: 1, heldNotices: 1 });
    expect(await db.query("SELECT 1 FROM cases WHERE code = 'PA-261207-AAAA'")).to.have.length(1);
    // Sealed or hashed, the contact is gone too: ciphertexts outlive any key that might leak.
    expect(
      await db.query(
        "SELECT reporter_user_sealed, reporter_hash, contact_name_sealed, contact_phone_sealed, contact_phone_hash FROM cases WHERE code = 'PA-261207-AAAA'",
      ),
    ).to.deep.equal([
      { reporter_user_sealed: null, reporter_hash: null, contact_name_sealed: null, contact_phone_sealed: null, contact_phone_hash: null },
    ]);
  });
});
