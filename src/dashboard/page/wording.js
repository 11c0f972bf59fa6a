/**
 * The dashboard's Vietnamese words that are not data: headings, column names, what the map says,
 * and the audit trail in sentences. Pure (no DOM): the tests import it in Node. A commune may
 * configure street lights, roads or rubbish beside building violations, so nothing here calls
 * every report a "vi phạm".
 */

/** The kind of a report, as a column, a filter or a form's question. */
export const CATEGORY = "Loại phản ánh";

/** Officers' roles as the commune says them. */
export const ROLE = /** @type {Record<string, string>} */ ({
  admin: "Quản trị",
  province_admin: "Quản trị tỉnh",
  province: "Cán bộ tỉnh",
  commune_admin: "Quản trị xã",
  dpo: "Bảo vệ dữ liệu cá nhân",
  leader: "Lãnh đạo xã",
  lead: "Tổ trưởng",
  officer: "Cán bộ",
});

/** The case list's columns, in order (the phone's cards show the same labels). */
export const CASE_COLUMNS = {
  code: "Mã",
  category: CATEGORY,
  area: "Thôn",
  status: "Trạng thái",
  age: "Đã gửi",
  deadline: "Hạn",
};

export const OVERDUE = "Quá hạn";

/** Dates typed and shown the Vietnamese way, whatever the browser's language. */
export const DATE = {
  placeholder: "dd/mm/yyyy",
  invalid: "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 31/12/2025.",
};

export const MAP = {
  /** The heading's count: on the map with a pin, counted at their village, not on the map at all. */
  counts: (/** @type {number} */ pinned, /** @type {number} */ byArea, /** @type {number} */ nowhere) =>
    [`${pinned} có vị trí`, byArea ? `${byArea} tính theo thôn` : null, nowhere ? `${nowhere} không có trên bản đồ (không rõ thôn)` : null]
      .filter(Boolean)
      .join(" · "),
  /** A village's count of cases without a pin, shown at its centre. */
  areaCount: (/** @type {number} */ n, /** @type {string} */ area) => `${n} phản ánh ở ${area} không có vị trí chính xác`,
  legendAreaCount: "Số phản ánh không có vị trí, đặt giữa thôn",
  /** Under a case's small map when its tiles could not load. */
  noTiles: (/** @type {string | null} */ area) => (area ? `Không tải được bản đồ nền. Phản ánh ở ${area}.` : "Không tải được bản đồ nền."),
  noLocation: (/** @type {string | null} */ area) =>
    area ? `Người phản ánh không gửi vị trí; phản ánh ở ${area}.` : "Người phản ánh không gửi vị trí, chưa rõ thôn.",
};

export const PHOTOS = {
  report: "Ảnh người phản ánh gửi",
  proof: "Ảnh minh chứng của cán bộ",
  none: "Không có ảnh.",
};

/** Who did something, when it was not a named officer. @type {Record<string, string>} */
export const ACTOR = {
  citizen: "người phản ánh",
  system: "hệ thống",
  admin: "quản trị",
};

/** Where a report came from, in the trail. @type {Record<string, string>} */
const FILED_VIA = {
  zalo: "qua Zalo",
  phone: "qua điện thoại",
  counter: "tại bộ phận một cửa",
  open311: "qua Open311",
};

/** @type {Record<string, string>} */
export const ACTION = {
  filed: "Phản ánh được gửi",
  transition: "Chuyển trạng thái",
  note_added: "Thêm ghi chú",
  escalated: "Quá hạn, báo cấp trên",
  follower_added: "Thêm người dân theo dõi",
  reporter_linked: "Người phản ánh nhận tin qua Zalo",
  linked: "Liên kết phản ánh gần đó",
  reassigned: "Chuyển tổ",
  rated: "Người phản ánh đánh giá",
  citizen_confirmed: "Người phản ánh xác nhận đã xử lý",
  proof_added: "Thêm ảnh minh chứng",
};

/** A move between statuses in words, by the status reached. @type {Record<string, string>} */
const MOVED_TO = {
  acknowledged: "Tiếp nhận phản ánh",
  in_progress: "Bắt đầu xử lý",
  resolved: "Báo đã xử lý",
  rejected: "Từ chối",
  closed: "Đóng phản ánh",
};

/**
 * One line of the audit trail in words. `status` names the statuses; `teamName` names a team's id.
 * @param {{action: string, fromStatus: string | null, toStatus: string | null, detail: Record<string, unknown> | null}} e
 * @param {Record<string, string>} status
 * @param {(id: string) => string} [teamName]
 */
export function eventWords(e, status, teamName = (id) => id) {
  const d = e.detail ?? {};
  const text = (/** @type {unknown} */ v) => (typeof v === "string" && v.trim() ? v.trim() : null);
  if (e.action === "transition" && e.toStatus) {
    const moved = `${status[e.fromStatus ?? ""] ?? e.fromStatus ?? ""} → ${status[e.toStatus] ?? e.toStatus}`;
    if (text(d.duplicateOf)) return `Đóng vì trùng với ${d.duplicateOf} (${moved})`;
    if (d.reopenedBy === "reporter") {
      const reason = text(d.reason);
      return `Người phản ánh báo chưa xử lý xong, mở lại${reason ? `: «${reason}»` : ""} (${moved})`;
    }
    const reopened = e.toStatus === "in_progress" && (e.fromStatus === "resolved" || e.fromStatus === "rejected");
    const words = reopened ? "Mở lại để xử lý tiếp" : (MOVED_TO[e.toStatus] ?? ACTION.transition);
    const note = text(d.note);
    return `${words}${note ? `: «${note}»` : ""} (${moved})`;
  }
  if (e.action === "filed") {
    const via = FILED_VIA[String(d.channel ?? "")];
    const photos = typeof d.photos === "number" && d.photos > 0 ? `, kèm ${d.photos} ảnh` : "";
    return `${ACTION.filed}${via ? ` ${via}` : ""}${photos}`;
  }
  if (e.action === "proof_added" && typeof d.photos === "number") return `${ACTION.proof_added} (${d.photos} ảnh)`;
  if (e.action === "rated" && typeof d.rating === "number") return `${ACTION.rated}: ${d.rating}/5 sao`;
  if (e.action === "reassigned" && text(d.toTeam)) return `Chuyển sang ${teamName(String(d.toTeam))}`;
  if (e.action === "transferred_out" || e.action === "transferred_in") {
    const from = text(d.fromName) ?? text(d.from) ?? "?";
    const to = text(d.toName) ?? text(d.to) ?? "?";
    const reason = text(d.reason);
    const words = e.action === "transferred_out" ? `Chuyển từ ${from} sang ${to}` : `${to} nhận từ ${from}`;
    return `${words}${reason ? `: «${reason}»` : ""}`;
  }
  if (e.action === "escalated" && typeof d.level === "number") return `${ACTION.escalated} (mức ${d.level})`;
  return ACTION[e.action] ?? e.action;
}

/**
 * Who did it: the officer's name the API gives, else the reporter, the system, the admin, or
 * the id as it was stored (an officer since removed from the registry).
 * @param {{actor: string, actorName?: string | null}} e
 */
export function actorWords(e) {
  return e.actorName ?? ACTOR[e.actor] ?? e.actor;
}
