import { expect } from "chai";
import { Redis } from "ioredis";
import { PRIVACY_PURGE_JOB } from "../../src/privacy/purge.js";
import { DEFAULT_RETENTION_DAYS } from "../../src/privacy/settings.js";
import { redisKey } from "../../src/redis.js";
import { QUEUE } from "../../src/queues/names.js";
import { exampleConfig } from "../commune/fixture.js";
import { Harness } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import { sealContact } from "../../src/privacy/sealed-contacts.js";

// The hotline runs on a fake clock: "now" is NOW, and every row is placed just inside or just past
// its kind's period, so the purge must remove exactly those past it.
const NOW = new Date("2027-03-10T03:00:00Z");
const DAY = 24 * 3600_000;
const ago = (days: number, plusMs = 0) => new Date(NOW.getTime() - days * DAY + plusMs);

describe("retention purge on a fake clock (issue 25)", function () {
  this.timeout(60_000);
  let h: Harness;
  let redis: Redis;
  const commune = exampleConfig();
  // One period changed in the commune config: the purge follows it, the others keep their defaults.
  commune.privacy.retentionDays.heldNotices = 7;
  const days = commune.privacy.retentionDays;

  before(async () => {
    h = await Harness.start({ clock: () => NOW, commune });
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  async function seedCase(code: string, status: string, updatedAt: Date) {
    const s = sealContact(currentDataKeys(), {
      reporterChannel: "zalo",
      reporterUserId: `u-${code}`,
      name: "Lê Văn Tám",
      phone: "0912000111",
    });
    await h.db.query(
      `INSERT INTO cases (commune_id, code, source_key, category, status, description, reporter_channel, reporter_user_sealed, reporter_hash,
         contact_name_sealed, contact_phone_sealed, contact_phone_hash, created_at, updated_at)
       VALUES ('kieu-phu', $1, $2, 'lan_chiem', $3, 'Nhà số 5 lấn chiếm vỉa hè', 'zalo', $4, $5, $6, $7, $8, $9, $9)`,
      [
        code,
        `test:${code}`,
        status,
        s.reporter_user_sealed,
        s.reporter_hash,
        s.contact_name_sealed,
        s.contact_phone_sealed,
        s.contact_phone_hash,
        updatedAt,
      ],
    );
    await h.db.query("INSERT INTO case_followers (case_code, channel, user_id, created_at) VALUES ($1, 'zalo', $2, $3)", [
      code,
      `f-${code}`,
      updatedAt,
    ]);
  }

  /** An anonymous report whose reporter's account is kept sealed, to be told of changes. */
  async function seedAnonymous(code: string, status: string, resolvedAt: Date | null) {
    const s = sealContact(currentDataKeys(), { reporterChannel: "zalo", reporterUserId: `anon-${code}`, name: null, phone: null });
    await h.db.query(
      `INSERT INTO cases (commune_id, code, source_key, category, status, description, anonymous, reporter_channel, reporter_user_sealed,
         reporter_hash, resolved_at, created_at, updated_at)
       VALUES ('kieu-phu', $1, $2, 'lan_chiem', $3, 'Đổ đất lấn kênh', true, 'zalo', $4, $5, $6, $7, $7)`,
      [code, `test:${code}`, status, s.reporter_user_sealed, s.reporter_hash, resolvedAt, resolvedAt ?? ago(1)],
    );
  }

  it("deletes or de-identifies exactly what is past its period, never a case, and counts per kind", async () => {
    expect(days.chatSessions).to.equal(DEFAULT_RETENTION_DAYS.chatSessions);
    const closedDays = days.closedCaseContacts;
    await seedCase("PA-260101-OLD1", "closed", ago(closedDays, -60_000));
    await seedCase("PA-260101-NEW1", "closed", ago(closedDays, 60_000));
    await seedCase("PA-260101-OPEN", "in_progress", ago(closedDays * 2));
    // Anonymous reporters: let go once the case is closed, or past the window to say whether it was fixed.
    const window = commune.feedback.reopenDays;
    await seedAnonymous("PA-260101-ANCL", "closed", ago(1));
    await seedAnonymous("PA-260101-ANRO", "resolved", ago(window, -60_000));
    await seedAnonymous("PA-260101-ANRN", "resolved", ago(window, 60_000));
    await seedAnonymous("PA-260101-ANIP", "in_progress", null);
    for (const [id, at] of [
      ["old", ago(days.heldNotices, -1000)],
      ["new", ago(days.heldNotices, 1000)],
    ] as const) {
      await h.db.query(
        "INSERT INTO held_notices (commune_id, channel, user_id, dedupe_key, replies, created_at) VALUES ('kieu-phu', 'zalo', $1, $2, '[]', $3)",
        [`held-${id}`, `held-${id}`, at],
      );
      await h.db.query(
        "INSERT INTO handoff_messages (commune_id, channel, user_id, body, created_at) VALUES ('kieu-phu', 'zalo', $1, 'Tôi cần gặp cán bộ', $2)",
        [`msg-${id}`, id === "old" ? ago(days.handoffMessages, -1000) : ago(days.handoffMessages, 1000)],
      );
      await h.db.query(
        "INSERT INTO shared_phones (commune_id, channel, user_id, phone_hash, shared_at) VALUES ('kieu-phu', 'zalo', $1, 'h', $2)",
        [`phone-${id}`, id === "old" ? ago(days.sharedPhones, -1000) : ago(days.sharedPhones, 1000)],
      );
      const session = { version: 1, flow: null, lookups: [], lastActiveAt: ago(days.chatSessions, id === "old" ? -1000 : 1000).getTime() };
      await redis.set(redisKey(h.prefix, "session", "zalo", `s-${id}`), JSON.stringify(session));
    }

    const notify = h.queue(QUEUE.notify);
    const job = await notify.add(PRIVACY_PURGE_JOB, {});
    await h.waitForJob(notify, job.id!);

    const cases = await h.db.query<{
      code: string;
      reporter: string | null;
      contact_name_sealed: string | null;
      contact_phone: string | null;
    }>(
      "SELECT code, coalesce(reporter_user_sealed, reporter_hash, reporter_channel) AS reporter, contact_name_sealed, coalesce(contact_phone_sealed, contact_phone_hash) AS contact_phone FROM cases ORDER BY code",
    );
    expect(cases.map((c) => [c.code, c.reporter !== null, c.contact_name_sealed !== null, c.contact_phone !== null])).to.deep.equal([
      ["PA-260101-ANCL", false, false, false],
      ["PA-260101-ANIP", true, false, false],
      ["PA-260101-ANRN", true, false, false],
      ["PA-260101-ANRO", false, false, false],
      ["PA-260101-NEW1", true, true, true],
      ["PA-260101-OLD1", false, false, false],
      ["PA-260101-OPEN", true, true, true],
    ]);
    const followers = await h.db.query<{ case_code: string }>("SELECT case_code FROM case_followers ORDER BY case_code");
    expect(followers.map((f) => f.case_code)).to.deep.equal(["PA-260101-NEW1", "PA-260101-OPEN"]);
    const users = async (table: string) =>
      (await h.db.query<{ user_id: string }>(`SELECT user_id FROM ${table} ORDER BY user_id`)).map((r) => r.user_id);
    expect(await users("held_notices")).to.deep.equal(["held-new"]);
    expect(await users("handoff_messages")).to.deep.equal(["msg-new"]);
    expect(await users("shared_phones")).to.deep.equal(["phone-new"]);
    expect(await redis.exists(redisKey(h.prefix, "session", "zalo", "s-old"))).to.equal(0);
    expect(await redis.exists(redisKey(h.prefix, "session", "zalo", "s-new"))).to.equal(1);

    const report = await h.db.query<{ commune_id: string; ran_at: Date; counts: Record<string, number> }>(
      "SELECT commune_id, ran_at, counts FROM privacy_purges",
    );
    expect(report).to.have.length(1);
    expect(report[0]!.ran_at.getTime()).to.equal(NOW.getTime());
    expect(report[0]!.counts).to.deep.equal({
      chatSessions: 1,
      closedCaseContacts: 2,
      closedCasePhotos: 0,
      heldNotices: 1,
      handoffMessages: 1,
      sharedPhones: 1,
      accessAudit: 0,
      anonymousReporters: 2,
    });
  });
});
