import { expect } from "chai";
import type { Job } from "bullmq";
import { HANDOFF_JOB } from "../../src/handoff/effects.js";
import { exampleConfig } from "../commune/fixture.js";
import type { Harness } from "../support/harness.js";
import { OaUser, otherCommune, startProvince } from "../support/province-harness.js";
import { SANDBOX } from "../support/sign.js";

// A province of two communes, each with its own OA, front desk and hours: a citizen asking for a
// person reaches their own commune's front desk, through their own commune's OA, and nobody else.

const OA_A = SANDBOX.oaId; // kieu-phu, the example
const OA_B = "3100000000000000002"; // xa-b, made from the example with other ids and hours
const MAI_A = "5210000000000000011"; // ngo-thi-mai, kieu-phu's front desk
const KHOA_A = "5210000000000000012";
const MAI_B = "5310000000000000011"; // ngo-thi-mai-xa-b, xa-b's front desk
const KHOA_B = "5310000000000000012";

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

let n = 0;
const citizenId = () => `71${String(Date.now()).slice(-9)}${String(++n).padStart(8, "0")}`;

describe("hand-off in a province of two communes", function () {
  this.timeout(120_000);
  const clock = movableClock();
  let h: Harness;
  let maiA: OaUser, khoaA: OaUser, maiB: OaUser, khoaB: OaUser;
  before(async () => {
    const a = { ...exampleConfig(), zalo: { oaId: OA_A } };
    const b = otherCommune(exampleConfig(), { id: "xa-b", name: "Xã Bình Yên", oaId: OA_B, zaloPrefix: "53" });
    // Open every day, mornings only: on a Saturday evening xa-b opens on Sunday, kieu-phu on Monday.
    b.officeHours = { regular: [{ days: [1, 2, 3, 4, 5, 6, 7], open: "08:00", close: "11:00" }], extended: [], closedDates: [] };
    h = await startProvince([a, b], { clock: clock.now });
    maiA = new OaUser(h, OA_A, MAI_A);
    khoaA = new OaUser(h, OA_A, KHOA_A);
    maiB = new OaUser(h, OA_B, MAI_B);
    khoaB = new OaUser(h, OA_B, KHOA_B);
  });
  after(async () => {
    await h?.stop();
  });

  it("a citizen of B asking for a person reaches B's front desk only; an officer of A can neither take nor end it", async () => {
    clock.at("2026-11-24T09:00:00+07:00"); // Tuesday morning: both open
    const user = citizenId();
    const inB = new OaUser(h, OA_B, user);
    expect(await inB.send("gặp cán bộ")).to.include("Tổng đài đã báo cán bộ");
    const ref = refIn(await maiB.waitForReplies(1));
    await khoaB.waitForReplies(1);
    await h.quiet();
    // A's front desk heard nothing, through any OA.
    expect(h.zalo.messagesFor(MAI_A)).to.deep.equal([]);
    expect(h.zalo.messagesFor(KHOA_A)).to.deep.equal([]);

    // The same user id on A's OA is another citizen (Zalo ids are per OA): the bot answers them.
    const inA = new OaUser(h, OA_A, user);
    expect(await inA.send("giờ làm việc")).to.include("07:30–11:30");

    // A's front desk may not take B's conversation, answer in it, nor give it back to the bot.
    expect(await maiA.sendAndWait(`#nhanchat ${ref}`)).to.include(`không nhận được cuộc trò chuyện ${ref}`);
    expect(await maiA.sendAndWait(`#tl ${ref} Chào ông/bà`)).to.include(`không nhận được cuộc trò chuyện ${ref}`);
    expect(await maiA.sendAndWait(`#bot ${ref}`)).to.include(`không nhận được cuộc trò chuyện ${ref}`);
    await h.quiet();
    expect(inB.unread()).to.equal("");
    expect(maiB.unread()).to.equal("");

    // B's front desk takes it: the citizen is told through B's OA, the other officer of B too.
    expect(await maiB.sendAndWait(`#nhanchat ${ref}`)).to.include(`Đồng chí đã nhận trò chuyện ${ref}`);
    expect(await inB.waitForReplies(1)).to.include("Cán bộ Ngô Thị Mai đã nhận");
    expect(await khoaB.waitForReplies(1)).to.include(`Yêu cầu ${ref} đã được Ngô Thị Mai nhận`);
    expect(await inB.send("kết thúc")).to.include("đã kết thúc theo yêu cầu của ông/bà");
    await maiB.waitForReplies(1);
    await h.quiet();
    expect(khoaA.unread()).to.equal("");
    expect(inA.unread()).to.equal("");
  });

  it("a message left in B outside hours goes to B's front desk at B's opening", async () => {
    clock.at("2026-12-12T19:00:00+07:00"); // Saturday evening: xa-b opens Sunday 08:00, kieu-phu Monday 07:30
    const inB = new OaUser(h, OA_B, citizenId());
    expect(await inB.send("gặp cán bộ")).to.include("để lại lời nhắn");
    expect(await inB.send("Xin hỏi về đăng ký tạm trú")).to.include("Tổng đài đã nhận lời nhắn");
    await h.quiet();
    const digests = (await h.queue("notify").getDelayed()).filter((j: Job) => j.name === HANDOFF_JOB.digest);
    const sundayOpening = new Date("2026-12-13T08:00:00+07:00").getTime();
    expect(digests.map((j: Job) => j.data)).to.deep.equal([{ communeId: "xa-b", at: sundayOpening }]);

    clock.at("2026-12-13T08:00:00+07:00");
    await digests[0]!.promote();
    expect(await maiB.waitForReplies(1))
      .to.include("1 công dân nhắn ngoài giờ")
      .and.include("đăng ký tạm trú");
    await khoaB.waitForReplies(1);
    await h.quiet();
    expect(maiA.unread()).to.equal("");
    expect(khoaA.unread()).to.equal("");
  });
});
