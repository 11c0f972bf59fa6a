import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import type { Citizen, Harness } from "./harness.js";

/** The code of the report a Zalo user filed through the chat, once the worker has filed it. */
export async function filedBy(h: Harness, userId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  // Reporters are kept sealed: their cases are found by the keyed hash of the account.
  const hash = currentDataKeys().personHash("zalo", userId);
  for (;;) {
    const rows = await h.db.query<{ code: string }>("SELECT code FROM cases WHERE reporter_hash = $1", [hash]);
    if (rows[0]) return rows[0].code;
    if (Date.now() > deadline) throw new Error("the report was not filed");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Files, through the chat, the privacy tests' report: an encroachment in Thôn Ngọc Bài, no photo,
 * the contact shared from Zalo (`phone` as typed, 0…), and returns its code once filed.
 */
export async function fileReportWithContact(h: Harness, c: Citizen, contact: { name: string; phone: string }): Promise<string> {
  await c.send("Phản ánh vi phạm");
  await c.send("lan chiem");
  await c.send("số 12 ngõ 5 đường liên thôn");
  await c.tap("Thôn Ngọc Bài");
  await c.tap("Bỏ qua ảnh");
  await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay, đề nghị xã kiểm tra");
  await c.tap("Chia sẻ thông tin Zalo");
  await c.act({ type: "submit_info", name: contact.name, phone: `84${contact.phone.slice(1)}` });
  // A report of the same kind in the same village is offered first (tests may file several there).
  await c.tapIfOffered("Vẫn gửi phản ánh mới");
  await c.tap("Gửi");
  return filedBy(h, c.userId);
}
