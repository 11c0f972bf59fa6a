/**
 * Dữ liệu cá nhân: for the data-protection officer and the admins (`audit:read`). What the nightly
 * retention purge removed, per kind, with the periods in force (`GET /api/v1/privacy/purge`), and
 * the access audit as a CSV file, the first step of a breach report.
 */
import { api, download, problemText } from "./api.js";
import { h, toast } from "./dom.js";
import { count, when } from "./format.js";

/** The kinds of personal data the purge counts, as the commune's legal office reads them. */
const KIND = /** @type {Record<string, string>} */ ({
  chatSessions: "Phiên trò chuyện",
  closedCaseContacts: "Liên hệ trên phản ánh đã đóng",
  closedCasePhotos: "Ảnh của phản ánh đã đóng",
  heldNotices: "Thông báo chờ gửi",
  handoffMessages: "Tin nhắn để lại cho cán bộ",
  sharedPhones: "Số điện thoại đã chia sẻ",
  accessAudit: "Nhật ký truy cập dữ liệu",
  anonymousReporters: "Tài khoản người phản ánh ẩn danh",
});

/** @param {import("./app.js").Ctx} ctx */
export async function privacyView(ctx) {
  /** @type {{retentionDays: Record<string, number>, runs: {ranAt: string, counts: Record<string, number>}[]}} */
  const p = await api("/privacy/purge?limit=7");
  const kinds = [...new Set([...Object.keys(p.retentionDays), ...p.runs.flatMap((r) => Object.keys(r.counts))])];
  const csv = h("button", { type: "button", id: "audit-csv" }, "Tải nhật ký truy cập (CSV)");
  csv.addEventListener("click", async () => {
    try {
      await download("/access-audit?format=csv", "nhat-ky-truy-cap.csv");
    } catch (err) {
      toast(problemText(err), "error");
    }
  });
  ctx.show(
    h("h1", {}, "Dữ liệu cá nhân"),
    h("p", { class: "muted" }, "Mỗi đêm, tổng đài xóa hoặc ẩn danh dữ liệu cá nhân đã quá thời hạn lưu; bản ghi phản ánh được giữ lại."),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "purges", class: "league" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "Loại dữ liệu"),
            h("th", { class: "num" }, "Thời hạn lưu"),
            p.runs.map((r) => h("th", { class: "num" }, when(r.ranAt))),
          ),
        ),
        h(
          "tbody",
          {},
          kinds.map((k) =>
            h(
              "tr",
              { "data-kind": k },
              h("th", { scope: "row" }, KIND[k] ?? k),
              h("td", { class: "num" }, p.retentionDays[k] === undefined ? "—" : `${count(p.retentionDays[k])} ngày`),
              p.runs.map((r) => h("td", { class: "num" }, count(r.counts[k] ?? 0))),
            ),
          ),
        ),
      ),
    ),
    p.runs.length ? h("div", { hidden: true }) : h("p", { id: "no-purge" }, "Chưa có lần xóa nào được ghi lại."),
    h("p", {}, csv),
  );
  document.title = `Dữ liệu cá nhân – ${ctx.commune.name}`;
}
