import { expect } from "chai";
import type { Job } from "bullmq";
import { HANDOFF_JOB } from "../../src/handoff/effects.js";
import { LEFT_MESSAGES_CAP } from "../../src/handoff/handoff.js";
import { QUEUE } from "../../src/queues/names.js";
import { type Citizen, Harness, type SeenReply, textOf } from "../support/harness.js";

// "Gặp cán bộ" end to end: signed webhooks in, the fake Zalo OA API out, the real Redis queues and
// PostgreSQL between. The fake posts back Zalo's echo of every message the hotline sends (as Zalo
// does), so every test also shows that the hotline's own messages never silence it.

/** The front desk of the example commune (handoffTeam "mot-cua"), on duty from the config. */
const MAI = "5210000000000000011"; // ngo-thi-mai, lead
const KHOA = "5210000000000000012"; // dinh-van-khoa
const BAC_OFFICER = "5210000000000000002"; // tran-thi-lan, another team

/** A clock running at real speed from a chosen time (office hours depend on it). */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("hand-off to a person", function () {
  this.timeout(120_000);
  const clock = movableClock();
  let h: Harness;
  let mai: Citizen;
  let khoa: Citizen;
  before(async () => {
    h = await Harness.start({ clock: clock.now, echoes: true });
    mai = h.citizen(MAI);
    khoa = h.citizen(KHOA);
  });
  after(async () => {
    await h?.stop();
  });

  /** The citizen asks; both front-desk officers get the notice; its reference. */
  async function ask(c: Citizen, words = "gặp cán bộ"): Promise<{ ref: string; notice: SeenReply }> {
    expect(textOf(await c.send(words))).to.include("Tổng đài đã báo cán bộ Bộ phận một cửa");
    const [notice] = await mai.waitForReplies(1);
    await khoa.waitForReplies(1);
    return { ref: refIn(notice!.text), notice: notice! };
  }

  it("in office hours: the front desk is told, the first officer takes it, the bot stays quiet (relays, console echoes), #bot brings it back with the menu", async () => {
    clock.at("2026-11-24T09:00:00+07:00"); // Tuesday morning
    const c = h.citizen();
    await c.send("cho hỏi đăng ký kết hôn cần giấy tờ gì");
    const { ref, notice } = await ask(c, "cần người hỗ trợ trực tiếp");

    // The notice: the display name Zalo gives, the last messages, one button; never the Zalo id.
    expect(notice.text)
      .to.include(`mã ${ref}`)
      .and.include(`Tên Zalo: Người dân ${c.userId.slice(-4)}`);
    expect(notice.text).to.include("đăng ký kết hôn cần giấy tờ gì").and.include("cần người hỗ trợ trực tiếp");
    expect(notice.text).not.to.include(c.userId);
    expect(notice.buttons).to.deep.equal([{ title: "Nhận trò chuyện", payload: `#nhanchat ${ref}` }]);
    expect(h.zalo.messagesFor(BAC_OFFICER)).to.have.length(0);

    // Mai taps the button: the conversation is hers; Khoa and the citizen are told.
    const took = textOf(await mai.sendAndWait(notice.buttons[0]!.payload, 1));
    expect(took).to.include(`Đồng chí đã nhận trò chuyện ${ref} với Người dân`).and.include("đăng ký kết hôn").and.include(`#tl ${ref}`);
    expect(textOf(await khoa.waitForReplies(1))).to.include(`Yêu cầu ${ref} đã được Ngô Thị Mai nhận`);
    expect(textOf(await c.waitForReplies(1))).to.include("Cán bộ Ngô Thị Mai đã nhận cuộc trò chuyện");

    // The citizen writes: no bot answer; the officer gets the message, photos too.
    expect(await c.send("Tôi muốn hỏi về hồ sơ cấp sổ đỏ của nhà tôi")).to.deep.equal([]);
    expect(textOf(await mai.waitForReplies(1))).to.include(`(${ref}): Tôi muốn hỏi về hồ sơ cấp sổ đỏ của nhà tôi`);
    expect(await c.act({ type: "image", urls: ["https://photo-stal-1.zdn.vn/so-do.jpg"] })).to.deep.equal([]);
    const photo = await mai.waitForReplies(2);
    expect(textOf(photo)).to.include("[1 ảnh]");
    expect(JSON.stringify(photo[1]!.raw)).to.include("https://photo-stal-1.zdn.vn/so-do.jpg");

    // The officer answers through the hotline; line breaks are kept.
    expect(await mai.send(`#tl ${ref} Dạ, ông/bà mang sổ đỏ bản gốc\nvà căn cước đến Bộ phận một cửa ạ.`)).to.deep.equal([]);
    expect((await c.waitForReplies(1))[0]!.text).to.equal(
      "💬 Cán bộ Ngô Thị Mai: Dạ, ông/bà mang sổ đỏ bản gốc\nvà căn cước đến Bộ phận một cửa ạ.",
    );

    // Someone answers in the OA console (Zalo's echo carries admin_id): still a person's conversation.
    await c.act({ type: "oa_echo", text: "Dạ, bên em đã xem hồ sơ của ông/bà.", adminId: "8841" });
    expect(await c.send("vâng, cảm ơn cán bộ")).to.deep.equal([]);
    expect(textOf(await mai.waitForReplies(1))).to.include("vâng, cảm ơn cán bộ");

    // Another officer cannot answer Mai's conversation.
    expect(textOf(await khoa.sendAndWait(`#tl ${ref} Chào ông/bà`, 1))).to.include(`${ref} đang do Ngô Thị Mai trả lời`);

    // #bot: back to the bot; the citizen is told, with the menu; the bot answers again.
    expect(textOf(await mai.sendAndWait("#bot", 1))).to.include(`Đã trả cuộc trò chuyện ${ref} cho tổng đài tự động`);
    expect(textOf(await c.waitForReplies(1)))
      .to.include("Cuộc trò chuyện với cán bộ đã kết thúc")
      .and.include("[Tra cứu hồ sơ]")
      .and.include("[Gặp cán bộ]");
    expect(textOf(await c.send("giờ làm việc"))).to.include("07:30–11:30");
    expect(textOf(await mai.sendAndWait(`#nhanchat ${ref}`, 1))).to.include(`${ref} không có yêu cầu nào đang chờ`);
  });

  it("a citizen whose Zalo profile cannot be read: the notice names nobody rather than a made-up name", async () => {
    clock.at("2026-11-24T09:30:00+07:00");
    const c = h.citizen();
    h.zalo.hideProfile(c.userId);
    const { ref, notice } = await ask(c);
    expect(notice.text)
      .not.to.include("Tên Zalo")
      .and.not.to.include(`Người dân ${c.userId.slice(-4)}`);
    expect(textOf(await khoa.sendAndWait(`#nhanchat ${ref}`, 1))).to.include(`Đồng chí đã nhận trò chuyện ${ref}.`);
    await mai.waitForReplies(1);
    await c.waitForReplies(1);
    expect(await c.send("alo")).to.deep.equal([]);
    expect(textOf(await khoa.waitForReplies(1))).to.include(`💬 Người dân (${ref}): alo`);
    await khoa.sendAndWait(`#bot ${ref}`, 1);
    await c.waitForReplies(1);
  });

  it("two officers taking it at once: one gets the conversation, the other is told who has it", async () => {
    clock.at("2026-11-24T10:00:00+07:00");
    for (let round = 0; round < 3; round++) {
      const c = h.citizen();
      const { ref } = await ask(c);
      const before = { mai: h.zalo.messagesFor(MAI).length, khoa: h.zalo.messagesFor(KHOA).length };
      await Promise.all([mai.send(`#nhanchat ${ref}`), khoa.send(`#nhanchat ${ref}`)]);
      // The winner hears "taken"; the loser that it is taken (once from their own tap, once as one told of the request).
      await waitUntil(() => h.zalo.messagesFor(MAI).length - before.mai + h.zalo.messagesFor(KHOA).length - before.khoa >= 3);
      await c.waitForReplies(1);
      await h.quiet();
      const toMai = textOf(mai.all().slice(before.mai));
      const toKhoa = textOf(khoa.all().slice(before.khoa));
      mai.unread();
      khoa.unread();
      const winners = [toMai, toKhoa].filter((t) => t.includes(`Đồng chí đã nhận trò chuyện ${ref}`));
      expect(winners, `round ${round}: ${toMai} || ${toKhoa}`).to.have.length(1);
      const [winner, loserText] = toMai.includes("Đồng chí đã nhận") ? ["Ngô Thị Mai", toKhoa] : ["Đinh Văn Khoa", toMai];
      expect(loserText).to.include(`${ref} đang do ${winner} trả lời`).and.include(`Yêu cầu ${ref} đã được ${winner} nhận`);
      const joined = c.all().filter((r) => r.text.includes("đã nhận cuộc trò chuyện"));
      expect(joined.map((r) => r.text)).to.deep.equal([
        `Cán bộ ${winner} đã nhận cuộc trò chuyện và sẽ trả lời ông/bà tại đây.\nMuốn quay lại tổng đài tự động, ông/bà gõ "kết thúc".`,
      ]);
      const holder = winner === "Ngô Thị Mai" ? mai : khoa;
      await holder.sendAndWait(`#bot ${ref}`, 1);
      await c.waitForReplies(1);
    }
  });

  it("an echo alone starts a hand-off: a person writing in the OA console silences the bot; the hotline's own echoes do not", async () => {
    clock.at("2026-11-24T14:00:00+07:00");
    const c = h.citizen();
    expect(textOf(await c.send("xin chào"))).to.include("[Tra cứu hồ sơ]");
    // The echo of that answer (posted by the fake Zalo) is handled, and recognised as the hotline's own.
    for (const m of h.zalo.messagesFor(c.userId)) await h.settle(m.messageId);
    expect(textOf(await c.send("giờ làm việc"))).to.include("07:30–11:30");

    // A person types in the OA console: Zalo's echo names the admin.
    await c.act({ type: "oa_echo", text: "Chào anh, em là cán bộ Bộ phận một cửa.", adminId: "8841" });
    expect(await c.send("dạ chào chị, tôi hỏi về hồ sơ đất")).to.deep.equal([]);
    expect(await c.send("cảm ơn chị")).to.deep.equal([]);

    // An echo without admin_id of a message the hotline never sent (another tool, an older console): a person too.
    const d = h.citizen();
    expect(textOf(await d.send("xin chào"))).to.include("[Tra cứu hồ sơ]");
    await d.act({ type: "oa_echo", text: "Tin nhắn gửi từ công cụ khác" });
    expect(await d.send("alo")).to.deep.equal([]);
  });

  it("in the evening hours too; 'menu' while nobody has answered yet stops waiting", async () => {
    clock.at("2026-11-24T17:45:00+07:00"); // Tuesday, extended hours 17:30–19:30
    const c = h.citizen();
    const { ref } = await ask(c, "Gặp cán bộ");
    expect(textOf(await c.send("menu"))).to.include("[Tra cứu hồ sơ]");
    expect(textOf(await c.send("giờ làm việc"))).to.include("đang mở cửa (đến 19:30, buổi tối)");
    expect(textOf(await mai.sendAndWait(`#nhanchat ${ref}`, 1))).to.include(`${ref} không có yêu cầu nào đang chờ`);
  });

  it("after three misses in a report: 'Gặp cán bộ' asks for an officer, and the draft is kept for afterwards", async () => {
    clock.at("2026-11-25T09:30:00+07:00");
    const c = h.citizen();
    await c.send("phản ánh");
    await c.tap("Xây dựng không có giấy phép");
    expect(textOf(await c.act({ type: "location", latitude: 21.0071, longitude: 105.6043 }))).to.include("Bước 3/5");
    await c.send("hmm");
    await c.send("abc");
    expect(textOf(await c.send("xyz"))).to.include("[Gặp cán bộ]");
    const asked = textOf(await c.tap("Gặp cán bộ"));
    expect(asked).to.include("Tổng đài đã báo cán bộ").and.not.include("Bước 3/5");
    const notice = (await mai.waitForReplies(1))[0]!;
    await khoa.waitForReplies(1);
    const ref = refIn(notice.text);
    await mai.sendAndWait(`#nhanchat ${ref}`, 1);
    await khoa.waitForReplies(1);
    await c.waitForReplies(1);
    await mai.sendAndWait(`#bot ${ref}`, 1);
    expect(textOf(await c.waitForReplies(1))).to.include("[Phản ánh, kiến nghị]");
    const offer = textOf(await c.tap("Phản ánh, kiến nghị"));
    expect(offer).to.include("đang làm dở").and.include("[Làm tiếp]");
    expect(textOf(await c.tap("Làm tiếp"))).to.include("Tiếp tục phản ánh (bước 3/5)");
  });

  it("outside office hours: told when the office opens, a message left reaches the front desk at opening, once", async () => {
    clock.at("2026-11-28T19:00:00+07:00"); // Saturday evening: closed until Monday 07:30
    const c = h.citizen();
    const offer = textOf(await c.send("cho tôi gặp cán bộ"));
    expect(offer)
      .to.include("Bộ phận một cửa hiện đang nghỉ, mở cửa lại Thứ Hai 30/11 lúc 07:30")
      .and.include("để lại lời nhắn")
      .and.include("024 3384 3115");
    const left = textOf(await c.send("Tôi cần xác nhận cư trú gấp, sáng thứ Hai 8 giờ tôi lên được không?"));
    expect(left).to.include("lúc mở cửa (Thứ Hai 30/11 lúc 07:30)").and.include("[Tra cứu hồ sơ]");

    // It waits for the opening: the digest job of that opening, nothing sent yet.
    const opening = new Date("2026-11-30T07:30:00+07:00").getTime();
    const notify = h.queue("notify");
    const job = await waitFor(async () =>
      (await notify.getJobs(["delayed"])).find((j: Job) => j.name === HANDOFF_JOB.digest && j.data.at === opening),
    );
    expect(job.opts.delay).to.be.closeTo(opening - new Date("2026-11-28T19:00:00+07:00").getTime(), 60_000);
    const before = { mai: h.zalo.messagesFor(MAI).length, khoa: h.zalo.messagesFor(KHOA).length };
    await h.quiet();
    expect(h.zalo.messagesFor(MAI)).to.have.length(before.mai);

    // Monday 07:30 (the job's time comes): both front-desk officers get it, with the take button.
    clock.at("2026-11-30T07:30:00+07:00");
    await job.promote();
    const atOpening = (await mai.waitForReplies(1))[0]!;
    expect(atOpening.text)
      .to.include("1 công dân nhắn ngoài giờ")
      .and.include("từ 28/11/2026 19:00")
      .and.include("Tôi cần xác nhận cư trú gấp");
    expect(atOpening.text)
      .to.include(`Người dân ${c.userId.slice(-4)}`)
      .and.not.include(c.userId);
    await khoa.waitForReplies(1);
    // Once: the same job added again (a retried effect) is the job already done.
    await notify.add(job.name, job.data, { jobId: job.id! });
    await h.quiet();
    expect(h.zalo.messagesFor(MAI)).to.have.length(before.mai + 1);
    expect(h.zalo.messagesFor(KHOA)).to.have.length(before.khoa + 1);

    // An officer takes it and answers.
    const ref = /• ([A-Z0-9]{5})/.exec(atOpening.text)![1]!;
    expect(atOpening.buttons[0]!.payload).to.equal(`#nhanchat ${ref}`);
    const took = textOf(await mai.sendAndWait(atOpening.buttons[0]!.payload, 1));
    expect(took).to.include(`Đồng chí đã nhận trò chuyện ${ref}`).and.include("Tôi cần xác nhận cư trú gấp");
    expect(textOf(await khoa.waitForReplies(1))).to.include("đã được Ngô Thị Mai nhận");
    expect(textOf(await c.waitForReplies(1))).to.include("Cán bộ Ngô Thị Mai đã nhận cuộc trò chuyện");
    await mai.send(`#tl ${ref} Dạ, sáng thứ Hai ông/bà cứ lên ạ.`);
    expect(textOf(await c.waitForReplies(1))).to.include("Dạ, sáng thứ Hai ông/bà cứ lên ạ.");
    await mai.sendAndWait(`#bot ${ref}`, 1);
    await c.waitForReplies(1);
  });

  it("many messages left overnight: each citizen's fold into one conversation within a cap, and each officer gets one digest at opening", async () => {
    clock.at("2026-12-05T20:00:00+07:00"); // Saturday evening: closed until Monday 07/12 07:30
    const opening = new Date("2026-12-07T07:30:00+07:00").getTime();
    const before = { mai: h.zalo.messagesFor(MAI).length, khoa: h.zalo.messagesFor(KHOA).length };
    const insistent = h.citizen();
    for (let i = 1; i <= LEFT_MESSAGES_CAP; i++) {
      expect(textOf(await insistent.send("gặp cán bộ"))).to.include("để lại lời nhắn");
      expect(textOf(await insistent.send(`Lời nhắn số ${i} về giấy phép sửa nhà`))).to.include("Tổng đài đã nhận lời nhắn");
    }
    // Past the cap: told the front desk will read what was left, and no more is taken.
    const full = textOf(await insistent.send("gặp cán bộ"));
    expect(full).to.include(`đã để lại đủ ${LEFT_MESSAGES_CAP} lời nhắn`).and.include("024 3384 3115");
    expect(textOf(await insistent.send("Lời nhắn thừa không được giữ"))).to.not.include("Tổng đài đã nhận lời nhắn");
    const others = [h.citizen(), h.citizen()];
    for (const [i, c] of others.entries()) {
      await c.send("gặp cán bộ");
      expect(textOf(await c.send(`Người thứ ${i + 2} hỏi lịch tiếp dân`))).to.include("Tổng đài đã nhận lời nhắn");
    }

    // One job for the opening, whatever the number of messages.
    await h.quiet();
    const notify = h.queue("notify");
    const delayed = (await notify.getJobs(["delayed"])).filter(
      (j: Job) => j.name === HANDOFF_JOB.digest || j.name === HANDOFF_JOB.leftMessage,
    );
    expect(delayed.map((j) => [j.name, j.data.at])).to.deep.equal([[HANDOFF_JOB.digest, opening]]);
    expect(h.zalo.messagesFor(MAI)).to.have.length(before.mai);

    clock.at("2026-12-07T07:30:00+07:00");
    await delayed[0]!.promote();
    const digest = textOf(await mai.waitForReplies(1));
    await khoa.waitForReplies(1);
    await h.quiet();
    // One digest per officer, naming the three citizens once each.
    expect(h.zalo.messagesFor(MAI)).to.have.length(before.mai + 1);
    expect(h.zalo.messagesFor(KHOA)).to.have.length(before.khoa + 1);
    expect(digest).to.include("3 công dân nhắn ngoài giờ").and.include(`(${LEFT_MESSAGES_CAP} tin, từ 05/12/2026 20:00)`);
    for (let i = 1; i <= LEFT_MESSAGES_CAP; i++) expect(digest).to.include(`Lời nhắn số ${i}`);
    expect(digest).to.include("Người thứ 2").and.include("Người thứ 3").and.not.include("Lời nhắn thừa");
    expect((digest.match(/^• /gm) ?? []).length).to.equal(3);

    // Read at opening: the citizen may leave messages again for the next digest.
    clock.at("2026-12-07T19:45:00+07:00"); // Monday evening, after the extended hours
    expect(textOf(await insistent.send("gặp cán bộ"))).to.include("để lại lời nhắn");
  });

  it("open but nobody on duty on Zalo: the message left goes to the front desk at once", async () => {
    clock.at("2026-11-30T08:00:00+07:00");
    await mai.sendAndWait("#nghi", 1);
    await khoa.sendAndWait("#nghi", 1);
    try {
      const c = h.citizen();
      expect(textOf(await c.send("gặp cán bộ"))).to.include("Hiện chưa có cán bộ trực trả lời qua Zalo");
      expect(textOf(await c.send("Cho hỏi lịch tiếp công dân tuần này"))).to.include("chuyển ngay đến cán bộ Bộ phận một cửa");
      expect(textOf(await mai.waitForReplies(1))).to.include("Cho hỏi lịch tiếp công dân tuần này");
      await khoa.waitForReplies(1);
    } finally {
      await mai.sendAndWait("#trucban", 1);
      await khoa.sendAndWait("#trucban", 1);
    }
  });

  it("an officer's #nhanchat, #tl and #bot need a reference; an unknown one is said so", async () => {
    expect(textOf(await mai.send("#nhanchat"))).to.include("Cách gõ: #nhanchat");
    expect(textOf(await mai.send("#tl AAAAA"))).to.include("Cách gõ: #tl");
    expect(textOf(await mai.send("#bot nhieu-qua"))).to.include("Cách gõ: #bot");
    expect(textOf(await mai.sendAndWait("#nhanchat AAAAA", 1))).to.include("Không có người dân nào mã AAAAA");
    // A citizen typing an officer's command is a citizen.
    const c = h.citizen();
    expect(textOf(await c.send("#nhanchat AAAAA"))).not.to.include("Không có người dân nào");
  });

  describe("the quiet period", () => {
    const QUIET_MS = 30 * 60_000; // HANDOFF_QUIET_MINUTES' default
    let q: Harness;
    let officer: Citizen;
    let other: Citizen;
    before(async () => {
      q = await Harness.start({ clock: clock.now, echoes: true });
      officer = q.citizen(MAI);
      other = q.citizen(KHOA);
    });
    after(async () => {
      await q?.stop();
    });

    /**
     * The quiet period of `ref` passes at once: its delayed jobs, each due HANDOFF_QUIET_MINUTES
     * after the change that set it, run now (the one of the latest change ends the hand-off).
     */
    async function quietPeriodPasses(ref: string): Promise<void> {
      await q.quiet();
      const pending = (await q.queue(QUEUE.notify).getDelayed()).filter(
        (j: Job<{ ref?: string }>) => j.name === HANDOFF_JOB.quiet && j.data.ref === ref,
      );
      expect(pending.length, "the quiet period's jobs").to.be.above(0);
      for (const j of pending) {
        expect(j.opts.delay).to.equal(QUIET_MS);
        await j.promote();
      }
    }

    it("neither side writing that long: the bot is back and says so with the menu; the officer is told", async () => {
      clock.at("2026-11-24T09:00:00+07:00");
      const c = q.citizen();
      expect(textOf(await c.send("gặp cán bộ"))).to.include("Tổng đài đã báo cán bộ");
      const ref = refIn((await officer.waitForReplies(1))[0]!.text);
      await other.waitForReplies(1);
      await officer.sendAndWait(`#nhanchat ${ref}`, 1);
      await other.waitForReplies(1);
      await c.waitForReplies(1);
      expect(await c.send("tôi hỏi chút về hồ sơ")).to.deep.equal([]);
      await officer.waitForReplies(1);

      await quietPeriodPasses(ref);
      const back = textOf(await c.waitForReplies(1));
      expect(back).to.include("Cuộc trò chuyện với cán bộ đã kết thúc").and.include("[Tra cứu hồ sơ]");
      expect(textOf(await officer.waitForReplies(1))).to.include(`⏱ ${ref}: 30 phút không ai nhắn`);
      expect(textOf(await c.send("giờ làm việc"))).to.include("07:30–11:30");
    });

    it("nobody takes the request: the bot comes back, says the officers are busy and gives the hotline", async () => {
      clock.at("2026-11-24T09:30:00+07:00");
      const c = q.citizen();
      await c.send("gặp cán bộ");
      const ref = refIn((await officer.waitForReplies(1))[0]!.text);
      await other.waitForReplies(1);
      await quietPeriodPasses(ref);
      const back = textOf(await c.waitForReplies(1));
      expect(back).to.include("các cán bộ đang bận").and.include("024 3384 3115").and.include("[Gặp cán bộ]");
      expect(textOf(await c.send("giờ làm việc"))).to.include("07:30–11:30");
    });
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

async function waitFor<T>(get: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("not found in time");
    await sleep(20);
  }
}
