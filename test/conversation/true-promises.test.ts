import { expect } from "chai";
import { createReadStream } from "node:fs";
import { getCase } from "../../src/cases/case-queries.js";
import { escalationJobId } from "../../src/cases/escalation-jobs.js";
import { nextEscalationAt } from "../../src/cases/escalation.js";
import { QUEUE } from "../../src/queues/names.js";
import { formatDateTimeVN } from "../../src/core/local-time.js";
import { importDossiers } from "../../src/dossiers/import.js";
import { upsertDossiers } from "../../src/dossiers/repository.js";
import type { DossierInput } from "../../src/dossiers/dossier.js";
import { Readable } from "node:stream";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

// Issue 11, "promises and notices that are true": deadlines in working time, dossier notices
// that never ask to wait for a passed date nor announce a step back, plain wording, greetings.

const CODE = /PA-\d{6}-[A-Z0-9]{4}/;
const csv = (rows: string[]) =>
  Readable.from(["code,procedure,channel,status,received_at,due_at,finished_at\n", ...rows.map((r) => `${r}\n`)]);
const dossier = (code: string, status: DossierInput["status"], dueAt: string | null): DossierInput => ({
  code,
  procedure: "Chứng thực chữ ký",
  channel: "direct",
  status,
  receivedAt: new Date("2025-11-10T03:00:00Z"),
  dueAt: dueAt ? new Date(dueAt) : null,
  finishedAt: null,
});

describe("conversation: promises and notices that are true", function () {
  this.timeout(90000);
  let h: Harness;
  // Monday 30/11/2026 15:47 in Hà Nội.
  let now = new Date("2026-11-30T08:47:00Z");
  before(async () => {
    h = await Harness.start({ clock: () => now });
    await importDossiers(h.db, h.commune.id, createReadStream(DOSSIERS_SAMPLE));
  });
  after(async () => {
    await h?.stop();
  });

  async function trackingText(c: Citizen): Promise<string> {
    for (let i = 0; i < 400; i++) {
      const found = c.all().find((r) => CODE.test(r.text) && r.text.includes("Mã phản ánh"));
      if (found) return found.text;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no confirmation; the citizen saw:\n${textOf(c.all())}`);
  }

  it("a 4-hour acknowledgement asked for at 15:47 on a Monday is promised for the next morning, and escalation runs on that clock", async () => {
    now = new Date("2026-11-30T08:47:00Z");
    const c = h.citizen();
    await c.send("phản ánh");
    await c.tap("Xây dựng không có giấy phép");
    await c.act({ type: "location", latitude: 21.008, longitude: 105.607 });
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    const confirmation = await trackingText(c);
    // 15:47–17:00, then 07:30 + 2 h 47 on Tuesday.
    expect(confirmation).to.include("trước 01/12/2026 10:17").and.not.include("19:47");
    const stored = (await getCase(h.db, confirmation.match(CODE)![0]))!;
    expect(formatDateTimeVN(stored.ackDueAt!)).to.equal("01/12/2026 10:17");
    // Escalation to the lead is scheduled at that deadline (toLeadAfterAckHours 0), not 4 wall-clock hours later.
    expect(nextEscalationAt(stored, h.commune)).to.deep.equal({ level: 1, at: stored.ackDueAt });
    expect(await h.queue(QUEUE.escalation).getJob(escalationJobId(stored.code, 1)), "escalation job").to.not.equal(undefined);
  });

  it("a dossier notice past its appointment says the dossier is late instead of asking to wait", async () => {
    now = new Date("2025-11-25T03:00:00Z");
    const code = "000.00.21.H26-251110-0101";
    await upsertDossiers(h.db, h.commune.id, [dossier(code, 2, "2025-11-20T10:00:00Z")]);
    const c = h.citizen();
    expect(textOf(await c.send(code))).to.include("đã quá ngày hẹn trả kết quả");
    await c.tap("Theo dõi hồ sơ này");
    await importDossiers(h.db, h.commune.id, csv([`${code},Chứng thực chữ ký,direct,4,10/11/2025 10:00,20/11/2025 17:00,`]));
    await h.triggerDossierNotices();
    const [notice] = await c.waitForReplies(1);
    expect(notice!.text).to.include("Đang được giải quyết").and.include("đã quá ngày hẹn trả kết quả (20/11/2025 17:00)");
    expect(notice!.text).not.to.include("Ngày hẹn trả kết quả:");
  });

  it("a status that goes backwards in an import (9 → 4) is in the import summary and not announced", async () => {
    now = new Date("2025-11-25T03:00:00Z");
    const code = "000.00.21.H26-251110-0102";
    await upsertDossiers(h.db, h.commune.id, [dossier(code, 4, "2025-12-20T10:00:00Z")]);
    const c = h.citizen();
    await c.send(code);
    await c.tap("Theo dõi hồ sơ này");
    const forward = await importDossiers(
      h.db,
      h.commune.id,
      csv([`${code},Chứng thực chữ ký,direct,9,10/11/2025 10:00,20/12/2025 17:00,`]),
    );
    expect(forward.backwards).to.deep.equal([]);
    await h.triggerDossierNotices();
    expect((await c.waitForReplies(1))[0]!.text).to.include("Đã có kết quả");
    const back = await importDossiers(h.db, h.commune.id, csv([`${code},Chứng thực chữ ký,direct,4,10/11/2025 10:00,20/12/2025 17:00,`]));
    expect(back.backwards).to.deep.equal([{ code, from: 9, to: 4 }]);
    await h.triggerDossierNotices();
    await h.quiet();
    expect(c.unread()).to.deep.equal([]);
    // A real step forward afterwards is news again.
    await importDossiers(
      h.db,
      h.commune.id,
      csv([`${code},Chứng thực chữ ký,direct,10,10/11/2025 10:00,20/12/2025 17:00,21/11/2025 09:00`]),
    );
    await h.triggerDossierNotices();
    expect((await c.waitForReplies(1))[0]!.text).to.include("Đã trả kết quả");
  });

  it("a dossier handed in but not received yet shows the day it was handed in, not a reception date", async () => {
    const code = "000.00.21.H26-251110-0103";
    await upsertDossiers(h.db, h.commune.id, [dossier(code, 1, null)]);
    const r = textOf(await h.citizen().send(code));
    expect(r).to.include("Đã nộp, đang chờ cán bộ tiếp nhận").and.include("Ngày nộp: 10/11/2025").and.not.include("Ngày tiếp nhận");
  });

  it("a pin outside the villages is said plainly", async () => {
    const c = h.citizen();
    await c.send("phản ánh");
    await c.tap("Xây dựng không có giấy phép");
    // Inside the commune's boundary, in a gap between villages (a pin outside the boundary is refused: borders).
    const r = textOf(await c.act({ type: "location", latitude: 20.99, longitude: 105.643 }));
    expect(r).to.include("chưa xác định được vị trí này thuộc thôn nào").and.not.include("cấu hình");
  });

  it("the greeting greets back and names the office as people do", async () => {
    const r = textOf(await h.citizen().send("xin chào"));
    expect(r).to.include("Kính chào ông/bà!").and.include("UBND xã Kiều Phú");
  });

  for (const nod of ["ok", "dạ vâng", "👍"]) {
    it(`"${nod}" after an answer gets a short acknowledgement, not "chưa hiểu" and the menu`, async () => {
      const c = h.citizen();
      await c.send("giờ làm việc");
      const r = await c.send(nod);
      expect(r).to.have.length(1);
      expect(r[0]!.text).to.include("Dạ").and.not.include("chưa hiểu");
      expect(r[0]!.buttons).to.deep.equal([]);
    });
  }
});
