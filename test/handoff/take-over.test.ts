import { expect } from "chai";
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { HANDOFF_JOB } from "../../src/handoff/effects.js";
import { LEFT_MESSAGES_CAP, newUserRef } from "../../src/handoff/handoff.js";
import { jobId } from "../../src/queues/names.js";
import { redisKey } from "../../src/redis.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";

// Who may take a citizen's chat, how the citizen ends it, and that the quiet period counts from
// the citizen's last message whatever the officer does: signed webhooks in, the fake Zalo out.

const MAI = "5210000000000000011"; // ngo-thi-mai, front desk (handoffTeam "mot-cua")
const KHOA = "5210000000000000012"; // dinh-van-khoa, front desk
const LAN = "5210000000000000002"; // tran-thi-lan, trat-tu-bac: not the front desk

function movableClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    at(iso: string) {
      offset = new Date(iso).getTime() - Date.now();
    },
  };
}

const refIn = (text: string): string => {
  const m = /mã ([A-Z0-9]{5})/.exec(text);
  if (!m) throw new Error(`no reference in: ${text}`);
  return m[1]!;
};

describe("hand-off: who takes a chat, and how it ends", function () {
  this.timeout(120_000);
  const clock = movableClock();
  let h: Harness;
  let mai: Citizen;
  let khoa: Citizen;
  let lan: Citizen;
  before(async () => {
    h = await Harness.start({ clock: clock.now });
    mai = h.citizen(MAI);
    khoa = h.citizen(KHOA);
    lan = h.citizen(LAN);
  });
  after(async () => {
    await h?.stop();
  });

  /** A citizen asks for an officer; both front-desk officers are told; the reference. */
  async function ask(c: Citizen): Promise<string> {
    const asked = textOf(await c.send("gặp cán bộ"));
    expect(asked).to.include("Tổng đài đã báo cán bộ").and.include('gõ "kết thúc"');
    const ref = refIn((await mai.waitForReplies(1))[0]!.text);
    await khoa.waitForReplies(1);
    return ref;
  }

  it("only the front desk, or the team of the citizen's own (named) case, can take the chat", async () => {
    clock.at("2026-11-24T09:00:00+07:00");
    const c = h.citizen();
    const ref = await ask(c);
    expect(textOf(await lan.sendAndWait(`#nhanchat ${ref}`, 1))).to.include(`không nhận được cuộc trò chuyện ${ref}`);
    expect(textOf(await lan.sendAndWait(`#tl ${ref} Chào ông/bà`, 1))).to.include(`không nhận được cuộc trò chuyện ${ref}`);
    expect(textOf(await lan.sendAndWait(`#bot ${ref}`, 1))).to.include(`không nhận được cuộc trò chuyện ${ref}`);
    await h.quiet();
    expect(c.unread()).to.deep.equal([]);

    // The citizen reported a case (under their name) that Lan's team works: Lan may write to them.
    await h.db.query(
      `INSERT INTO cases (commune_id, code, source_key, category, team_id, description, anonymous, reporter_channel, reporter_user_sealed, reporter_hash)
       VALUES ('kieu-phu', $1, $1, 'lan_chiem', 'trat-tu-bac', 'Lấn chiếm vỉa hè trước số 12', false, 'zalo', $2, $3)`,
      [`PA-261124-T${Date.now() % 1000}`, currentDataKeys().seal(c.userId), currentDataKeys().personHash("zalo", c.userId)],
    );
    await lan.sendAndWait(`#tl ${ref} Chào ông/bà, tổ trật tự hỏi thêm về phản ánh`, 1);
    expect(textOf(await mai.waitForReplies(1))).to.include(`Yêu cầu ${ref} đã được Trần Thị Lan nhận`);
    await khoa.waitForReplies(1);
    expect(textOf(await c.waitForReplies(1))).to.include("tổ trật tự hỏi thêm về phản ánh");
    await lan.sendAndWait(`#bot ${ref}`, 1);
    await c.waitForReplies(1);
  });

  it("the citizen ends a taken chat with 'kết thúc' or 'gặp tổng đài tự động', told how when it starts", async () => {
    for (const words of ["Kết thúc", "gap tong dai tu dong"]) {
      clock.at("2026-11-24T10:00:00+07:00");
      const c = h.citizen();
      const ref = await ask(c);
      await mai.sendAndWait(`#nhanchat ${ref}`, 1);
      await khoa.waitForReplies(1);
      expect(textOf(await c.waitForReplies(1)))
        .to.include("Cán bộ Ngô Thị Mai đã nhận")
        .and.include('gõ "kết thúc"');
      const ended = textOf(await c.send(words));
      expect(ended).to.include("đã kết thúc theo yêu cầu của ông/bà").and.include("[Tra cứu hồ sơ]");
      expect(textOf(await mai.waitForReplies(1))).to.include(`${ref}: người dân đã kết thúc cuộc trò chuyện`);
      // The bot answers again, and the officer gets nothing more.
      expect(textOf(await c.send("giờ làm việc"))).to.include("07:30–11:30");
      await h.quiet();
      expect(mai.unread()).to.deep.equal([]);
    }
  });

  it("the quiet period counts from the citizen's last message, not the officer's", async () => {
    clock.at("2026-11-24T14:00:00+07:00");
    const c = h.citizen();
    const ref = await ask(c);
    await mai.sendAndWait(`#nhanchat ${ref}`, 1);
    await khoa.waitForReplies(1);
    await c.waitForReplies(1);
    expect(await c.send("Tôi hỏi về giấy xác nhận cư trú")).to.deep.equal([]);
    await mai.waitForReplies(1);
    // The officer keeps writing; the citizen does not answer.
    clock.at("2026-11-24T14:25:00+07:00");
    await mai.send(`#tl ${ref} Ông/bà còn cần hỏi gì không?`);
    await c.waitForReplies(1);
    // 31 minutes after the citizen's last message (6 after the officer's): the bot answers.
    clock.at("2026-11-24T14:31:00+07:00");
    expect(textOf(await c.send("giờ làm việc"))).to.include("07:30–11:30");
    expect(textOf(await mai.waitForReplies(1))).to.include(`⏱ ${ref}: 30 phút không ai nhắn`);
  });

  it("messages left, then the chat taken before the digest and ended: the citizen may leave messages again", async () => {
    clock.at("2026-12-12T19:00:00+07:00"); // Saturday evening: closed until Monday
    const c = h.citizen();
    for (let i = 1; i <= LEFT_MESSAGES_CAP; i++) {
      await c.send("gặp cán bộ");
      expect(textOf(await c.send(`Lời nhắn ${i}`))).to.include("Tổng đài đã nhận lời nhắn");
    }
    expect(textOf(await c.send("gặp cán bộ"))).to.include("đã để lại đủ");
    const redis = new Redis(TEST_REDIS_URL);
    const ref = (await redis.hget(redisKey(h.prefix, "handoff", "user", h.commune.id, "zalo", c.userId), "ref"))!;
    redis.disconnect();
    expect(textOf(await mai.sendAndWait(`#nhanchat ${ref}`, 1))).to.include(`Đồng chí đã nhận trò chuyện ${ref}`);
    await c.waitForReplies(1);
    expect(textOf(await c.send("kết thúc"))).to.include("đã kết thúc theo yêu cầu");
    await mai.waitForReplies(1);
    expect(textOf(await c.send("gặp cán bộ")))
      .to.include("để lại lời nhắn")
      .and.not.include("đã để lại đủ");
    expect(textOf(await c.send("Lời nhắn mới"))).to.include("Tổng đài đã nhận lời nhắn");
    // Kept for the digest of the opening: only the new message waits.
    await h.quiet();
    const digestJob = (await h.queue("notify").getDelayed()).find((j: Job) => j.name === HANDOFF_JOB.digest);
    clock.at("2026-12-14T07:30:00+07:00");
    await digestJob!.promote();
    const digest = textOf(await mai.waitForReplies(1));
    await khoa.waitForReplies(1);
    expect(digest).to.include("1 công dân nhắn ngoài giờ").and.include("Lời nhắn mới").and.not.include("Lời nhắn 1");
  });
  it("a message left before communes had ids (its record, reference and digest job name none) is the single commune's", async () => {
    const c = h.citizen();
    const ref = newUserRef();
    const at = new Date("2026-12-19T20:00:00+07:00").getTime();
    // What the hotline wrote before communes had ids.
    const redis = new Redis(TEST_REDIS_URL);
    const old = (...parts: string[]) => redisKey(h.prefix, "handoff", ...parts);
    await redis
      .multi()
      .hset(old("user", "zalo", c.userId), { ref, status: "left", seq: 1, lastAt: 0, left: 1, event: "old-event", from: "off" })
      .expire(old("user", "zalo", c.userId), 3600)
      .rpush(old("recent", "zalo", c.userId), JSON.stringify({ id: "old-event", at, text: "Lời nhắn trước khi nâng cấp" }))
      .expire(old("recent", "zalo", c.userId), 3600)
      .set(old("ref", ref), `zalo\n${c.userId}`, "EX", 3600)
      .sadd(old("left"), ref)
      .exec();
    redis.disconnect();
    clock.at("2026-12-21T07:30:00+07:00"); // Monday opening
    const opening = new Date("2026-12-21T07:30:00+07:00").getTime();
    await h.queue("notify").add(HANDOFF_JOB.digest, { at: opening }, { jobId: jobId("handoff-digest", String(opening)) });
    expect(textOf(await mai.waitForReplies(1)))
      .to.include("1 công dân nhắn ngoài giờ")
      .and.include("Lời nhắn trước khi nâng cấp");
    await khoa.waitForReplies(1);
    expect(textOf(await mai.sendAndWait(`#nhanchat ${ref}`, 1))).to.include(`Đồng chí đã nhận trò chuyện ${ref}`);
    await khoa.waitForReplies(1);
    expect(textOf(await c.waitForReplies(1))).to.include("Cán bộ Ngô Thị Mai đã nhận");
    expect(textOf(await c.send("kết thúc"))).to.include("đã kết thúc theo yêu cầu");
    expect(textOf(await mai.waitForReplies(1))).to.include(`${ref}: người dân đã kết thúc cuộc trò chuyện`);
  });
});
