import { expect } from "chai";
import { Redis } from "ioredis";
import { PRIVACY_PURGE_JOB } from "../../src/privacy/purge.js";
import { QUEUE } from "../../src/queues/names.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { testEnv } from "../support/env.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { columnsHolding } from "./support.js";

const ADMIN = testEnv().ADMIN_TOKEN!;
const CODE = /PA-\d{6}-[A-Z0-9]{4}/;
const NAME = "Đặng Thị Thu Trang";
const ADDRESS = "số 27 ngõ 9 đường liên thôn";

/**
 * Issue 25, "anonymous means anonymous": through the webhook, the officers' API, Open311 and the CSV
 * exports, an anonymous report's sender is never shown; the hotline keeps their Zalo account only
 * sealed, to tell them of changes and ask whether it was fixed, and lets it go when the case closes.
 * And no export or public listing carries a reporter's personal data (a named report alongside).
 */
describe("anonymous reports and personal data in exports (issue 25)", function () {
  this.timeout(90_000);
  let h: Harness;
  let redis: Redis;
  before(async () => {
    h = await Harness.start();
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${h.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).to.be.within(200, 299);
    return text;
  };

  async function report(c: Citizen, contact: "anonymous" | { name: string; phone: string }): Promise<string> {
    await c.send("Phản ánh vi phạm");
    await c.send("lan chiem");
    await c.send(ADDRESS);
    await c.tap("Thôn Ngọc Bài");
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà bên cạnh đổ vật liệu lấn ra nửa mặt đường từ tuần trước, đề nghị xã kiểm tra");
    if (contact === "anonymous") await c.tap("Ẩn danh");
    else {
      await c.tap("Chia sẻ thông tin Zalo");
      await c.act({ type: "submit_info", name: contact.name, phone: `84${contact.phone.slice(1)}` });
    }
    // A report of the same kind in the same village is offered first (the tests file several there).
    await c.tapIfOffered("Vẫn gửi phản ánh mới");
    await c.tap("Gửi");
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = c.all().find((r) => CODE.test(r.text) && !r.text.includes("Theo dõi"));
      if (found) return found.text.match(CODE)![0];
      if (Date.now() > deadline) throw new Error(`no tracking code:\n${textOf(c.all())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("never shows an anonymous sender, tells them of changes, and lets their account go when the case closes", async () => {
    const anon = h.citizen();
    const named = h.citizen();
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const code = await report(anon, "anonymous");
    const namedCode = await report(named, { name: NAME, phone });
    await h.quiet(20_000);

    // Kept only sealed: no column of any table holds the sender's account (nor the named reporter's contact).
    expect(await columnsHolding(h.db, anon.userId)).to.deep.equal([]);
    for (const clear of [phone.slice(1), NAME]) expect(await columnsHolding(h.db, clear), clear).to.deep.equal([]);
    const sealed = await h.db.query<{ sealed: string | null }>("SELECT reporter_user_sealed AS sealed FROM cases WHERE code = $1", [code]);
    expect(sealed[0]!.sealed).to.match(/^v1:/);

    // What officers, the dashboard (same API), Open311, the exports and the access audit give.
    const today = new Date().toISOString().slice(0, 10);
    const seen = [
      await api("GET", `/api/v1/cases/${code}`),
      await api("GET", "/api/v1/cases?limit=50"),
      await api("GET", `/open311/v2/requests/${code}.json`, undefined, { authorization: "", "x-api-key": ADMIN }),
    ].join("\n");
    expect(seen).to.not.include(anon.userId);
    expect(JSON.parse(await api("GET", `/api/v1/cases/${code}`))).to.include({ anonymous: true, contact: null });
    const published = [
      await api("GET", "/open311/v2/requests.json", undefined, { authorization: "" }),
      await api("GET", `/open311/v2/requests/${namedCode}.json`, undefined, { authorization: "" }),
      await api("GET", `/api/v1/stats?from=${today}&to=${today}&format=csv`),
      await api("GET", "/api/v1/access-audit?format=csv"),
    ].join("\n");
    expect(published).to.include(namedCode);
    for (const personal of [anon.userId, named.userId, phone, phone.slice(1), `84${phone.slice(1)}`, NAME, "Thu Trang", "ngõ 9", "số 27"])
      expect(published, personal).to.not.include(personal);

    // Told of each change, asked whether it was fixed, as any reporter.
    await api("POST", `/api/v1/cases/${code}/transitions`, { to: "acknowledged" });
    await api("POST", `/api/v1/cases/${code}/transitions`, { to: "resolved", note: "Đã yêu cầu dọn vật liệu, trả lại mặt đường" });
    await h.quiet();
    const told = textOf(anon.unread());
    expect(told).to.include(code).and.include("Đã yêu cầu dọn vật liệu");
    expect(told).to.include("đã được xử lý chưa");

    // Closed: the next purge lets the account go; the case stays.
    await api("POST", `/api/v1/cases/${code}/transitions`, { to: "closed" });
    await h.quiet();
    const notify = h.queue(QUEUE.notify);
    const job = await notify.add(PRIVACY_PURGE_JOB, {});
    await h.waitForJob(notify, job.id!);
    const after = await h.db.query<{ channel: string | null; sealed: string | null; hash: string | null; status: string }>(
      "SELECT reporter_channel AS channel, reporter_user_sealed AS sealed, reporter_hash AS hash, status FROM cases WHERE code = $1",
      [code],
    );
    expect(after).to.deep.equal([{ channel: null, sealed: null, hash: null, status: "closed" }]);
  });
});
