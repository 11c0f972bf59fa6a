import { expect } from "chai";
import type { CommuneConfig } from "../../src/commune/config.js";
import { CONSENT_TEXT } from "../../flows/messages.privacy.vi.js";
import { znsSettingsSchema } from "../../src/commune/zns-templates.js";
import { exampleConfig } from "../commune/fixture.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";

// Issue 24, end to end through the real webhook, queues, workers and PostgreSQL: the consent is
// asked once in the chat with the phone, and a case resolved after Zalo's window reaches the
// reporter by ZNS with it, and is held without it.

const ADMIN = "test-admin-token-0123456789-abcdefghij";
const STATUS_TEMPLATE = "310001";
const RESULT_TEMPLATE = "310002";

function znsCommune(): CommuneConfig {
  return {
    ...exampleConfig(),
    zns: znsSettingsSchema.parse({
      templates: {
        status: { templateId: STATUS_TEMPLATE, params: { ma_phan_anh: "code", trang_thai: "status" } },
        result: { templateId: RESULT_TEMPLATE, params: { ma_phan_anh: "code", ket_qua: "result", hotline: "hotline" } },
      },
    }),
  };
}

describe("notices after Zalo's window, from the chat (issue 24)", function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ commune: znsCommune() });
    h.zalo.zns.approve(STATUS_TEMPLATE, ["ma_phan_anh", "trang_thai"]);
    h.zalo.zns.approve(RESULT_TEMPLATE, ["ma_phan_anh", "ket_qua", "hotline"]);
  });
  after(async () => {
    await h?.stop();
  });

  /** A report written in the chat up to the phone; returns what the phone's answer said. */
  async function reportUpToPhone(c: Citizen, phone: string): Promise<string> {
    for (const m of ["đèn đường hỏng", "Ngõ 5 thôn Phú Mỹ", "xong", "Đèn đầu ngõ 5 tắt cả tuần nay, tối om"]) await c.send(m);
    return textOf(await c.send(phone));
  }

  async function submit(c: Citizen): Promise<string> {
    await c.tapIfOffered("Vẫn gửi phản ánh mới");
    await c.send("Gửi");
    await h.quiet();
    const rows = await h.db.query<{ code: string }>("SELECT code FROM cases ORDER BY created_at DESC LIMIT 1");
    return rows[0]!.code;
  }

  async function move(code: string, to: string, note?: string): Promise<void> {
    const res = await fetch(`${h.url}/api/v1/cases/${code}/transitions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ to, ...(note ? { note } : {}) }),
    });
    expect(res.status, await res.text()).to.equal(200);
  }

  async function paths(code: string): Promise<Record<string, unknown>[]> {
    const rows = await h.db.query<{ detail: unknown }>(
      "SELECT detail FROM case_events WHERE case_code = $1 AND action = 'notice_sent' ORDER BY id",
      [code],
    );
    return rows.map((r) => (typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>);
  }

  it("asks once with the phone; a case resolved after the window then goes by ZNS", async () => {
    const citizen = h.citizen();
    expect(await reportUpToPhone(citizen, "0912 345 678")).to.include(CONSENT_TEXT.zns_notices);
    expect(textOf(await citizen.send("dong y"))).to.include("đồng ý nhận thông báo qua tin ZNS");
    const code = await submit(citizen);

    // A second report: the consent is not asked again.
    expect(await reportUpToPhone(citizen, "0912 345 678")).to.not.include(CONSENT_TEXT.zns_notices);
    await citizen.send("Hủy");

    // Zalo's window closed: the changes go by ZNS to 84912345678.
    h.zalo.failFor(citizen.userId, -230);
    await move(code, "acknowledged");
    await move(code, "resolved", "Đã thay bóng đèn đầu ngõ 5");
    await h.quiet();
    const sent = h.zalo.zns.sentTo("84912345678");
    expect(sent.map((s) => s.templateId)).to.deep.equal([STATUS_TEMPLATE, RESULT_TEMPLATE]);
    expect(sent[1]!.templateData).to.deep.equal({ ma_phan_anh: code, ket_qua: "Đã thay bóng đèn đầu ngõ 5", hotline: h.commune.hotline });
    const recorded = await paths(code);
    expect(recorded.map((p) => [p.path, p.kind])).to.deep.equal([
      ["zns", "status"],
      ["zns", "rating"],
    ]);
    expect(await h.db.query("SELECT 1 FROM held_notices WHERE user_id = $1 AND delivered_at IS NULL", [citizen.userId])).to.deep.equal([]);
  });

  it('without consent ("không") the notice is held, as before, until the citizen writes', async () => {
    const citizen = h.citizen();
    await reportUpToPhone(citizen, "0987 654 321");
    await citizen.send("không");
    const code = await submit(citizen);
    h.zalo.failFor(citizen.userId, -230);
    const before = h.zalo.zns.requests;
    await move(code, "acknowledged");
    await h.waitForHeld(citizen.userId, 1);
    await h.quiet();
    expect(h.zalo.zns.requests).to.equal(before);
    expect((await paths(code)).at(-1)).to.deep.include({ path: "held", because: "no_consent" });
    h.zalo.clearFailFor(citizen.userId);
    // The filing's confirmation (read before the window closed), the answer to "alo", the held notice.
    citizen.unread();
    const got = await citizen.sendAndWait("alo", 2);
    expect(got.map((r) => r.text).join("\n")).to.include("đã được cán bộ tiếp nhận");
  });
});
