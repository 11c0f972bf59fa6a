import { expect } from "chai";
import { dpoSay } from "../../flows/messages.rights.vi.js";
import { dpoDeadlines } from "../../src/privacy/dpo-deadlines.js";
import { dpoEscalationJobId } from "../../src/privacy/dpo-requests.js";
import { QUEUE } from "../../src/queues/names.js";
import { testEnv } from "../support/env.js";
import { Harness, textOf } from "../support/harness.js";

const ADMIN = { authorization: `Bearer ${testEnv({}).ADMIN_TOKEN}`, "content-type": "application/json" };
const DPO_ZALO = "5219999000000000001";
const CHAIRMAN = "5210000000000000101";
const textsTo = (h: Harness, userId: string) => h.zalo.messagesFor(userId).map((m) => String(m.message.text ?? ""));

async function until<T>(look: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await look();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("requests for the data-protection officer, through the webhook and the API (issue 25)", function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await h.db.query(
      "INSERT INTO officers (id, name, role, zalo_user_id, commune_id) VALUES ('dpo-admin', 'Lưu Thị Quyên', 'dpo', $1, 'kieu-phu')",
      [DPO_ZALO],
    );
  });
  after(async () => {
    await h?.stop();
  });

  it("files the citizen's words with the law's deadlines, escalates like a case, and tells the citizen when settled", async () => {
    const c = h.citizen();
    expect(textOf(await c.send("gửi yêu cầu về dữ liệu cá nhân"))).to.include("nội dung yêu cầu");
    const filed = textOf(await c.send("Tôi muốn biết cán bộ nào đã xem số điện thoại của tôi trong tháng này"));
    expect(filed).to.include("tiếp nhận trước").and.include("giải quyết trước");
    await h.quiet();

    const rows = await h.db.query<{ id: number; kind: string; received_at: Date; ack_due_at: Date; settle_due_at: Date; detail: string }>(
      "SELECT id, kind, received_at, ack_due_at, settle_due_at, detail FROM privacy_requests WHERE kind = 'dpo'",
    );
    expect(rows).to.have.length(1);
    const r = rows[0]!;
    const due = dpoDeadlines(h.commune, new Date(r.received_at));
    expect(new Date(r.ack_due_at).toISOString()).to.equal(due.ackBy.toISOString());
    expect(new Date(r.settle_due_at).toISOString()).to.equal(due.settleBy.toISOString());
    expect(r.detail).to.include("đã xem số điện thoại");
    // The handlers (those holding privacy-requests:settle) are told on Zalo.
    expect(textsTo(h, DPO_ZALO).join("\n")).to.include(`#${r.id}`).and.include("đã xem số điện thoại");

    // Its escalations wait on the escalation queue, one per level; the first, run now as if due, tells the leadership.
    const escalation = h.queue(QUEUE.escalation);
    const l1 = (await escalation.getJob(dpoEscalationJobId(r.id, 1)))!;
    expect(await l1.isDelayed()).to.equal(true);
    expect(await (await escalation.getJob(dpoEscalationJobId(r.id, 2)))!.isDelayed()).to.equal(true);
    await l1.promote();
    await until(
      async () => (textsTo(h, CHAIRMAN).some((t) => t.includes(`#${r.id}`) && t.includes("quá hạn tiếp nhận")) ? true : undefined),
      "the escalation",
    );
    expect(
      (await h.db.query<{ escalation_level: number }>("SELECT escalation_level FROM privacy_requests WHERE id = $1", [r.id]))[0],
    ).to.deep.equal({
      escalation_level: 1,
    });

    const list = await fetch(`${h.url}/api/v1/privacy-requests`, { headers: ADMIN });
    const listed = (await list.json()) as { requests: { id: number; detail: string; ackDueAt: string }[] };
    expect(listed.requests.map((x) => x.id)).to.deep.equal([r.id]);

    const strict = await fetch(`${h.url}/api/v1/privacy-requests/${r.id}/settle`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ answer: "x", extra: 1 }),
    });
    expect(strict.status).to.equal(400);
    await strict.arrayBuffer();

    const ack = await fetch(`${h.url}/api/v1/privacy-requests/${r.id}/acknowledge`, { method: "POST", headers: ADMIN, body: "{}" });
    expect(ack.status).to.equal(200);
    expect(((await ack.json()) as { acknowledgedAt: string | null }).acknowledgedAt).to.be.a("string");
    await h.quiet();
    expect(textOf(await c.waitForReplies(1))).to.include("đã tiếp nhận yêu cầu");

    const answer = "Trong tháng 12, chỉ cán bộ tổ trật tự khu Bắc xem số điện thoại của ông/bà, để gọi xác minh phản ánh.";
    const settle = await fetch(`${h.url}/api/v1/privacy-requests/${r.id}/settle`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ answer }),
    });
    expect(settle.status).to.equal(200);
    await settle.arrayBuffer();
    await h.quiet();
    expect(textOf(await c.waitForReplies(1)))
      .to.include("đã được giải quyết")
      .and.include(answer);
    expect(await escalation.getJob(dpoEscalationJobId(r.id, 2))).to.equal(undefined);
    const done = await h.db.query<{ done_at: Date | null; reply_user_id: string | null; settled_by: string }>(
      "SELECT done_at, reply_user_id, settled_by FROM privacy_requests WHERE id = $1",
      [r.id],
    );
    expect(done[0]!.done_at).to.not.equal(null);
    expect(done[0]!.reply_user_id, "the account is dropped once the citizen is told").to.equal(null);
    expect(done[0]!.settled_by).to.equal("admin");

    const again = await fetch(`${h.url}/api/v1/privacy-requests/${r.id}/settle`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ answer }),
    });
    expect(again.status).to.equal(409);
    await again.arrayBuffer();
    const open = (await (await fetch(`${h.url}/api/v1/privacy-requests`, { headers: ADMIN })).json()) as { requests: unknown[] };
    expect(open.requests).to.deep.equal([]);
  });

  it("offers the request when a correction has nothing to apply to, and keeps the right for those who hold it", async () => {
    const c = h.citizen();
    const answer = await c.send("sửa số điện thoại");
    expect(textOf(answer)).to.include("không lưu số điện thoại").and.include(`[${dpoSay.button}]`);
    const lead = await fetch(`${h.url}/api/v1/officers/nguyen-van-hung/token`, { method: "POST", headers: ADMIN, body: "{}" });
    const { token } = (await lead.json()) as { token: string };
    const refused = await fetch(`${h.url}/api/v1/privacy-requests`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).to.equal(403);
    await refused.arrayBuffer();
  });
});
