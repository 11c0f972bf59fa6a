import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { escalationDueAt } from "../../src/cases/escalation.js";
import { escalationJobId } from "../../src/cases/escalation-jobs.js";
import { findCase } from "../../src/cases/case-queries.js";
import { followersOf } from "../../src/cases/followers.js";
import { QUEUE } from "../../src/queues/names.js";
import { exampleConfig, openRoundTheClock } from "../commune/fixture.js";
import { runDelayedNow } from "../support/delayed-jobs.js";
import { testEnv } from "../support/env.js";
import { Harness, textOf } from "../support/harness.js";

/**
 * A report taken by phone goes through the same pipeline as one from the chat, on the whole
 * hotline with its real queues and a fake Zalo: routed by where it is, the team told over Zalo,
 * escalated to the lead and the leadership when nobody acknowledges it, counted by channel; and
 * the caller, once their Zalo shares the number they left, follows it from Zalo.
 */

const ADMIN = testEnv().ADMIN_TOKEN!;
/** Trật tự Bắc (Thôn Đồng Bụt): the lead and an officer on Zalo. */
const BAC_LEAD = "5210000000000000001";
const BAC_OFFICER = "5210000000000000002";
/** The commune's chairman: the second escalation level. */
const CHAIRMAN = "5210000000000000101";
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(64, 9)]);

// "khac" must be acknowledged within 0.01 working hours (36 s), the leadership told 36 s after the
// lead (each run at once after checking when it was due: the filing's follow-up, relayed from the
// case outbox, comes well before); the office is open around the clock so that this is wall-clock time.
const commune = openRoundTheClock(exampleConfig());
commune.categories = commune.categories.map((k) => (k.id === "khac" ? { ...k, ackHours: 0.01 } : k));
commune.escalation = { toLeadAfterAckHours: 0, toLeadershipAfterHours: 0.01 };

const todayVN = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

describe("a report taken by phone goes through the chat's pipeline (real queues, fake Zalo)", function () {
  this.timeout(60_000);
  let h: Harness;
  let dataDir: string;
  let phoneOfficer: string;
  let counterLead: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "phone-intake-"));
    h = await Harness.start({ commune, env: { DATA_DIR: dataDir } });
    const token = async (id: string) => {
      const res = await fetch(`${h.url}/api/v1/officers/${id}/token`, { method: "POST", headers: { authorization: `Bearer ${ADMIN}` } });
      return String(((await res.json()) as { token: string }).token);
    };
    // Officers of another team and of the counter take the calls: the place decides the team.
    phoneOfficer = await token("do-thu-trang");
    counterLead = await token("ngo-thi-mai");
  });
  after(async () => {
    await h?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function takeCall(fields: Record<string, unknown>, token = phoneOfficer): Promise<{ code: string; json: Record<string, unknown> }> {
    const res = await fetch(`${h.url}/api/v1/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        channel: "phone",
        category: "khac",
        description: "Dựng lán tạm lấn ra đường làng trước cổng đình",
        ...fields,
      }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(json)).to.equal(201);
    return { code: String(json.code), json };
  }

  it("is routed, stored with channel phone, notified to the team over Zalo and escalated to the lead, then the leadership", async () => {
    const { code } = await takeCall({
      address: "Ngõ 2 xóm Chùa, thôn Đồng Bụt",
      reporterName: "Trần Văn Bình",
      reporterPhone: "0912 888 777",
    });
    const stored = await findCase(h.db, code);
    expect(stored).to.deep.include({
      channel: "phone",
      teamId: "trat-tu-bac",
      areaId: "dong-but",
      status: "new",
      contactPhone: "0912888777",
    });

    for (const officer of [BAC_LEAD, BAC_OFFICER]) {
      const [notice] = await h.zalo.waitForMessages(officer, 1, 20_000);
      const text = String(notice!.message.text);
      expect(text).to.contain(`Phản ánh mới ${code}`).and.contain("Nguồn: cán bộ tiếp nhận qua điện thoại");
      expect(text).to.contain("Trần Văn Bình – 0912888777").and.contain("Ngõ 2 xóm Chùa");
      expect(JSON.stringify(notice!.message)).to.contain(`#nhan ${code}`);
    }
    // Nobody acknowledges: the lead is told after the deadline, then the chairman (each level due
    // at its time, checked as a number, then run at once).
    const escalation = h.queue(QUEUE.escalation);
    const dueToLead = await runDelayedNow(escalation, escalationJobId(code, 1));
    expect(Math.abs(dueToLead.getTime() - escalationDueAt(stored!, commune, 1)!.getTime())).to.be.below(250);
    const lead = await h.zalo.waitForMessages(BAC_LEAD, 2, 20_000);
    expect(String(lead[1]!.message.text)).to.contain(`Phản ánh ${code} của Tổ trật tự xây dựng khu Bắc chưa được tiếp nhận`);
    const dueToLeadership = await runDelayedNow(escalation, escalationJobId(code, 2));
    expect(Math.abs(dueToLeadership.getTime() - escalationDueAt(stored!, commune, 2)!.getTime())).to.be.below(250);
    const [chairman] = await h.zalo.waitForMessages(CHAIRMAN, 1, 20_000);
    expect(String(chairman!.message.text)).to.contain(`Báo cáo lãnh đạo: phản ánh ${code}`);
    expect((await findCase(h.db, code))!.escalationLevel).to.equal(2);
  });

  it("a counter report with a photo: the team is told of it without an image Zalo could not fetch", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      channel: "counter",
      category: "lan_chiem",
      areaId: "phu-my",
      description: "Đổ vật liệu xây dựng chiếm nửa lòng đường liên thôn",
      anonymous: "true",
    }))
      form.append(k, v);
    form.append("photo", new Blob([new Uint8Array(JPEG)], { type: "image/jpeg" }), "anh.jpg");
    const res = await fetch(`${h.url}/api/v1/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${counterLead}`, "idempotency-key": "quay-1" },
      body: form,
    });
    const json = (await res.json()) as { code: string };
    expect(res.status, JSON.stringify(json)).to.equal(201);
    const seen = h.zalo.messagesFor(BAC_OFFICER).length;
    const notices = await h.zalo.waitForMessages(BAC_OFFICER, seen + 1, 20_000);
    const notice = notices.find((m) => String(m.message.text ?? "").includes(`Phản ánh mới ${json.code}`))!;
    expect(String(notice.message.text))
      .to.contain("1 ảnh (xem trên trang quản lý)")
      .and.contain("tại bộ phận một cửa")
      .and.contain("Người phản ánh: ẩn danh");
    await h.quiet();
    expect(h.zalo.messagesFor(BAC_OFFICER).filter((m) => JSON.stringify(m.message).includes('"media_type":"image"'))).to.deep.equal([]);
  });

  it("the caller follows it from Zalo once their shared number matches; another number is refused", async () => {
    const { code } = await takeCall({ areaId: "dong-but", category: "lan_chiem", reporterPhone: "0977 123 456" });
    // Someone else asks first, with another number shared earlier.
    const stranger = h.citizen();
    await stranger.act({ type: "submit_info", name: "Người khác", phone: "84977000000" });
    const refused = textOf(await stranger.send(`theo dõi ${code}`));
    expect(refused).to.contain("không trùng với số đã để lại");
    expect(await followersOf(h.db, code)).to.deep.equal([]);

    // The caller has shared nothing yet: asked for it, then linked by the share itself.
    const caller = h.citizen();
    const asked = await caller.send(`Theo dõi phản ánh ${code.toLowerCase()} ạ`);
    expect(textOf(asked)).to.contain("đối chiếu số điện thoại");
    expect(JSON.stringify(asked.map((r) => r.raw))).to.contain("request_user_info");
    const shared = textOf(await caller.act({ type: "submit_info", name: "Lê Thị Hoa", phone: "84977123456" }));
    expect(shared).to.contain(`Đã liên kết phản ánh ${code}`);
    expect(await followersOf(h.db, code)).to.deep.equal([{ channel: "zalo", userId: caller.userId, communeId: h.commune.id }]);
    expect(await findCase(h.db, code)).to.deep.include({ reporterChannel: "zalo", reporterUserId: caller.userId });
    // Listed as on Zalo now: off the officers' call-back list.
    const offZalo = await fetch(`${h.url}/api/v1/cases?reporterOnZalo=false&limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await offZalo.json()) as { cases: { code: string }[] }).cases.map((c) => c.code)).to.not.include(code);

    // An officer acts: the caller hears it on Zalo like any reporter.
    const ack = await fetch(`${h.url}/api/v1/cases/${code}/transitions`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "acknowledged" }),
    });
    expect(ack.status).to.equal(200);
    const [notice] = await caller.waitForReplies(1, 20_000);
    expect(notice!.text).to.contain(`Phản ánh ${code}`).and.contain("đã được cán bộ tiếp nhận");
    expect(textOf(await caller.send(`theo dõi ${code}`))).to.contain(`Ông/bà đang theo dõi phản ánh ${code}`);
    // Linked, the caller is the reporter: a look-up shows what they reported; the other account sees the public fields.
    expect(textOf(await caller.send(code))).to.contain("Dựng lán tạm lấn ra đường làng");
    expect(textOf(await stranger.send(code)))
      .to.contain(`Phản ánh ${code}`)
      .and.not.contain("Dựng lán tạm");
  });

  it("a number shared before the call links at once when asked; unfollowing the OA forgets it", async () => {
    const caller = h.citizen();
    expect(textOf(await caller.act({ type: "submit_info", name: "Phạm Văn Tú", phone: "84988111222" }))).to.contain(
      'nhắn "theo dõi" kèm mã phản ánh',
    );
    const { code } = await takeCall({ areaId: "phu-my", category: "sai_giay_phep", reporterPhone: "0988111222" }, counterLead);
    expect(textOf(await caller.send(`theo doi ${code}`))).to.contain(`Đã liên kết phản ánh ${code}`);
    expect(await followersOf(h.db, code)).to.deep.equal([{ channel: "zalo", userId: caller.userId, communeId: h.commune.id }]);
    const rows = () => h.db.query("SELECT phone_hash FROM shared_phones WHERE user_id = $1", [caller.userId]);
    const [row] = await rows();
    // A keyed hash, not the number in any form.
    expect(JSON.stringify(row)).to.not.match(/988111222/);
    await h.settle((await h.post({ type: "unfollow" }, caller.userId)).msgId);
    expect(await rows()).to.deep.equal([]);
  });

  it("a share nobody asked for links nothing, even when open cases hold that number; the asked one links only its case", async () => {
    const first = await takeCall({ areaId: "dong-but", category: "lan_chiem", reporterPhone: "0966 555 444" });
    const second = await takeCall({ areaId: "phu-my", category: "sai_giay_phep", reporterPhone: "0966555444" }, counterLead);
    const someone = h.citizen();
    const unasked = textOf(await someone.act({ type: "submit_info", name: "Ai đó", phone: "84966555444" }));
    expect(unasked).to.contain('nhắn "theo dõi" kèm mã phản ánh').and.not.contain(first.code).and.not.contain(second.code);
    await h.quiet();
    expect(await followersOf(h.db, first.code)).to.deep.equal([]);
    expect(await followersOf(h.db, second.code)).to.deep.equal([]);
    expect(await findCase(h.db, first.code)).to.deep.include({ reporterUserId: null });

    // Asked for one case, the share (the number is already known: linked at once) links that case only.
    const caller = h.citizen();
    await caller.act({ type: "submit_info", name: "Người gọi", phone: "84900000001" });
    const asked = textOf(await caller.send(`theo dõi ${first.code}`));
    expect(asked).to.contain("không trùng với số đã để lại");
    const other = h.citizen();
    expect(textOf(await other.send(`theo dõi ${first.code}`))).to.contain("đối chiếu số điện thoại");
    expect(textOf(await other.act({ type: "submit_info", name: "Chủ số", phone: "84966555444" }))).to.contain(
      `Đã liên kết phản ánh ${first.code}`,
    );
    await h.quiet();
    expect(await followersOf(h.db, first.code)).to.deep.equal([{ channel: "zalo", userId: other.userId, communeId: h.commune.id }]);
    expect(await followersOf(h.db, second.code)).to.deep.equal([]);
    // The ask is answered: a second share links nothing more.
    expect(textOf(await other.act({ type: "submit_info", name: "Chủ số", phone: "84966555444" }))).to.contain('nhắn "theo dõi"');
  });

  it("asked right after a dossier's card, it is about the case, not the dossier on screen", async () => {
    const dossier = "000.00.21.H26-251126-0042";
    const put = await fetch(`${h.url}/api/v1/dossiers/${dossier}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({
        procedure: "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        channel: "direct",
        status: 2,
        received_at: "2025-11-26T08:00:00+07:00",
        due_at: "2026-12-30T17:00:00+07:00",
      }),
    });
    expect(put.status, await put.text()).to.be.within(200, 201);
    const { code } = await takeCall({ areaId: "yen-thai", category: "lan_chiem", reporterPhone: "0933444555" });
    const citizen = h.citizen();
    expect(textOf(await citizen.send(dossier))).to.contain(dossier);
    expect(textOf(await citizen.send(`theo dõi ${code}`))).to.contain(`Để liên kết phản ánh ${code}`);
    expect(await h.db.query("SELECT 1 FROM dossier_followers WHERE user_id = $1", [citizen.userId])).to.deep.equal([]);
  });

  it("statistics count the cases by channel: phone and counter beside zalo and open311", async () => {
    const res = await fetch(`${h.url}/api/v1/stats?from=${todayVN()}&to=${todayVN()}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const stats = (await res.json()) as { cases: { byChannel: { channel: string; count: number }[] } };
    const count = Object.fromEntries(stats.cases.byChannel.map((c) => [c.channel, c.count]));
    expect(count).to.deep.equal({ zalo: 0, phone: 6, counter: 1, open311: 0 });
    // The escalation jobs ran on the real queue.
    expect(await h.queue(QUEUE.escalation).getCompletedCount()).to.be.greaterThan(0);
  });
});
