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
  notice_sent: "Thông báo cho người dân",
};

/** How a notice reached its citizen (issue 24). @type {Record<string, string>} */
const NOTICE_PATH = {
  consultation: "Gửi thông báo qua tin nhắn Zalo",
  zns: "Gửi thông báo qua ZNS",
  held: "Thông báo chờ người dân nhắn lại",
  released: "Gửi thông báo đã chờ, khi người dân nhắn lại",
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
  if (e.action === "notice_sent" && NOTICE_PATH[String(d.path)]) {
    // A notice recorded before its recipient was kept (migration 024) names none.
    const who = d.recipient === "reporter" ? " (người phản ánh)" : d.recipient === "follower" ? " (người theo dõi)" : "";
    return `${NOTICE_PATH[String(d.path)]}${who}`;
  }
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

/**
 * A span of time in its two largest units: "45 giây", "12 phút", "3 giờ 20 phút", "2 ngày 4 giờ".
 * @param {number} seconds
 */
export function span(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} giây`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} phút`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} giờ ${m % 60} phút` : `${h} giờ`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ngày ${h % 24} giờ` : `${d} ngày`;
}

/** Tài khoản OA: the fleet page's words for the province's IT team. */
export const FLEET = {
  title: "Tài khoản Zalo OA",
  noAlerts: "Không có cảnh báo: mọi OA đều nhận tin và có token hợp lệ.",
  /**
   * One alert line: what is wrong, and what to do.
   * @param {{kind: string, at?: string, code?: string | null, silentForSeconds?: number, usualGapSeconds?: number}} a
   * @param {(iso: string) => string} when
   */
  alert(a, when) {
    switch (a.kind) {
      case "token_refresh_failed":
        return `Làm mới token thất bại lúc ${when(a.at ?? "")}${a.code ? ` (mã lỗi Zalo ${a.code})` : ""}. OA sẽ không gửi được tin khi token hết hạn: kết nối lại OA.`;
      case "token_expired":
        return `Token đã hết hạn lúc ${when(a.at ?? "")}: OA không gửi được tin. Kết nối lại OA.`;
      case "token_missing":
        return "Chưa có token: OA chưa được kết nối.";
      case "silent":
        return `Không nhận được sự kiện nào trong ${span(a.silentForSeconds ?? 0)}, lâu hơn khoảng lặng dài nhất gần đây (${span(a.usualGapSeconds ?? 0)}). Kiểm tra webhook của OA.`;
      default:
        return a.kind;
    }
  },
  /** The failure codes Zalo gives, as the IT team looks them up. @type {Record<string, string>} */
  codes: {
    "-32": "quá giới hạn gọi",
    "-201": "tham số sai",
    "-211": "hết hạn mức",
    "-213": "chưa quan tâm OA",
    "-216": "token không hợp lệ",
    "-220": "token hết hạn",
    "-227": "tài khoản bị khoá",
    "-230": "quá 7 ngày không tương tác",
    "-232": "ngoài khung được gửi",
    "-234": "không gửi ban đêm",
    "-244": "người dùng chặn loại tin này",
    other: "lỗi khác",
  },
  usualGap:
    "Khoảng lặng thường có: khoảng lặng dài nhất trong 50 khoảng lặng gần nhất của OA (mỗi khoảng từ 5 phút trở lên giữa hai sự kiện); cần ít nhất 10 khoảng mới đánh giá. Hạn mức tin tư vấn được hỏi Zalo 10 phút một lần.",
};
