/**
 * What the hotline says to officers on Zalo: linking their account, the answers to their
 * commands, the list of commands. Short lines for a phone on a construction site; officers are
 * addressed as "đồng chí".
 */
import type { Refusal } from "../src/cases/actions.js";
import type { CaseStatus } from "../src/cases/case.js";
import { formatDateTimeVN } from "../src/core/local-time.js";

/** Each status as officers name it. */
export const STATUS_LABEL: Record<CaseStatus, string> = {
  new: "Mới",
  acknowledged: "Đã tiếp nhận",
  in_progress: "Đang xử lý",
  resolved: "Đã xử lý xong",
  rejected: "Từ chối",
  closed: "Đã đóng",
};

/** The command that moves a case to each status, where Zalo has one. */
const COMMAND_TO: Partial<Record<CaseStatus, string>> = {
  acknowledged: "#nhan",
  in_progress: "#xuly",
  resolved: "#xong",
  rejected: "#tuchoi",
};

export const COMMAND_LIST = [
  "Lệnh cho cán bộ (gõ có dấu hay không dấu đều được, MÃ là mã phản ánh PA-…):",
  "#ds – phản ánh đang mở",
  "#xem MÃ – xem chi tiết",
  "#nhan MÃ – tiếp nhận",
  "#xuly MÃ [ghi chú] – đang xử lý",
  "#xong MÃ kết quả – đã xử lý xong (gửi ảnh trong 2 phút sau để làm minh chứng)",
  "#tuchoi MÃ lý do – từ chối",
  "#trung MÃ MÃ_GỐC – trùng với phản ánh khác",
  "#ghichu MÃ nội dung – ghi chú nội bộ",
  "#chuyen MÃ MÃ_TỔ – chuyển tổ khác (tổ trưởng)",
  "#chuyenxa MÃ TÊN_XÃ [lý do] – chuyển sang xã khác (tổ trưởng, lãnh đạo)",
  "#nhanchat MÃ_NGƯỜI_DÂN – nhận trò chuyện với người dân",
  "#tl MÃ_NGƯỜI_DÂN nội dung – trả lời người dân",
  "#bot [MÃ_NGƯỜI_DÂN] – trả cuộc trò chuyện cho tổng đài tự động",
  "#nghi / #trucban – tạm nghỉ / trực lại",
  "#dangnhap – mã đăng nhập trang quản lý",
  "#huongdan – danh sách lệnh",
].join("\n");

export interface CaseLine {
  code: string;
  category: string;
  area: string | null;
  age: string;
  overdue: boolean;
  status: CaseStatus;
}

export interface CaseCard {
  code: string;
  category: string;
  status: CaseStatus;
  team: string | null;
  area: string | null;
  address: string | null;
  mapUrl: string | null;
  /** Null when withheld: a violation report's description and photos are for its team, the leader and the dpo. */
  description: string | null;
  photos: number;
  contact: { name: string | null; phone: string | null } | null;
  ackBy: string | null;
  resolveBy: string | null;
  overdue: boolean;
  notes: { author: string; at: string; body: string }[];
  rating: number | null;
}

const allowedText = (allowed: readonly CaseStatus[]) =>
  allowed.length
    ? allowed.map((s) => (COMMAND_TO[s] ? `${COMMAND_TO[s]} (${STATUS_LABEL[s].toLowerCase()})` : STATUS_LABEL[s].toLowerCase())).join(", ")
    : "không còn bước nào (đã đóng)";

export const officer = {
  commands: COMMAND_LIST,
  unknownCommand: (typed: string) => `Không có lệnh "${typed}".\n\n${COMMAND_LIST}`,
  didYouMean: (typed: string, nearest: string) => `Không có lệnh "${typed}". Ý đồng chí là #${nearest}? (Gõ #huongdan để xem mọi lệnh.)`,
  notACommand: `Đồng chí đang dùng tài khoản cán bộ: tổng đài chỉ nhận lệnh bắt đầu bằng #.\n\n${COMMAND_LIST}`,
  usage: (usage: string) => `Thiếu thông tin. Cách gõ: ${usage}`,
  usages: {
    xem: "#xem MÃ (ví dụ #xem PA-261126-HXYX)",
    nhan: "#nhan MÃ",
    xuly: "#xuly MÃ [ghi chú]",
    xong: "#xong MÃ kết quả xử lý (ví dụ #xong PA-261126-HXYX đã tháo dỡ phần lấn chiếm)",
    tuchoi: "#tuchoi MÃ lý do",
    trung: "#trung MÃ MÃ_GỐC",
    ghichu: "#ghichu MÃ nội dung",
    chuyen: "#chuyen MÃ MÃ_TỔ",
    chuyenxa: "#chuyenxa MÃ TÊN_XÃ [lý do]",
    dangky: "#dangky MÃ_LIÊN_KẾT (mã do quản trị viên cấp)",
    nhanchat: '#nhanchat MÃ_NGƯỜI_DÂN (bấm nút "Nhận trò chuyện" trong tin báo)',
    tl: "#tl MÃ_NGƯỜI_DÂN nội dung (MÃ_NGƯỜI_DÂN có 5 ký tự, trong tin báo người dân cần gặp cán bộ)",
    bot: "#bot (hoặc #bot MÃ_NGƯỜI_DÂN khi đang giữ nhiều cuộc trò chuyện)",
  },

  // Linking
  linked: (name: string, team: string | null) =>
    `✅ Đã liên kết Zalo này với cán bộ ${name}${team ? ` – ${team}` : ""}. Từ nay đồng chí nhận phản ánh mới tại đây.\n\n${COMMAND_LIST}`,
  linkRefused: {
    unknown: "Mã liên kết không đúng. Đồng chí kiểm tra lại mã (10 ký tự) hoặc xin quản trị viên cấp mã mới.",
    used: "Mã liên kết này đã được dùng. Đồng chí xin quản trị viên cấp mã mới.",
    expired: "Mã liên kết đã hết hạn (mã có hiệu lực 7 ngày). Đồng chí xin quản trị viên cấp mã mới.",
    revoked: "Mã liên kết này đã được thay bằng mã mới hơn. Đồng chí dùng mã quản trị viên cấp sau cùng.",
    inactive: "Tài khoản cán bộ của mã này đã ngừng hoạt động nên không liên kết được. Đồng chí liên hệ quản trị viên.",
    taken: (name: string) => `Tài khoản Zalo này đã liên kết với cán bộ ${name}. Mỗi tài khoản Zalo chỉ liên kết với một cán bộ.`,
  },
  linkLockedOut: (minutes: number) =>
    `⛔ Đã nhập sai mã quá nhiều lần nên tạm khóa nhập mã. Đồng chí thử lại sau khoảng ${minutes} phút, hoặc liên hệ quản trị viên.`,
  unlinkedElsewhere: (name: string, at: Date) =>
    `⚠️ Tài khoản cán bộ ${name} vừa được liên kết với một tài khoản Zalo khác lúc ${formatDateTimeVN(at)}; Zalo này không còn nhận phản ánh. Nếu không phải đồng chí làm, hãy báo ngay quản trị viên.`,

  signInCode: (code: string, minutes: number) =>
    `🔑 Mã đăng nhập trang quản lý: ${code}\nMã dùng một lần, hết hạn sau ${minutes} phút. Không đưa mã này cho ai, kể cả người xưng là quản trị viên.`,

  // Duty
  offDuty: "Đã chuyển sang tạm nghỉ: đồng chí sẽ không nhận phản ánh mới và yêu cầu gặp cán bộ. Gõ #trucban để trực lại.",
  onDuty: "Đã chuyển sang trực: đồng chí sẽ nhận phản ánh mới và yêu cầu gặp cán bộ.",

  // Case commands
  /** `reach`: the reporter is told on Zalo, can be called back on the number left, or cannot be reached. */
  moved: (code: string, from: CaseStatus, to: CaseStatus, reach: "told" | "call" | "nobody") =>
    `✅ ${code}: ${STATUS_LABEL[from]} → ${STATUS_LABEL[to]}.` +
    {
      told: " Người phản ánh sẽ được báo.",
      call: " Người phản ánh không gửi qua Zalo nên tổng đài không báo được; nếu cần, đồng chí liên hệ theo số điện thoại đã để lại.",
      nobody: " Người phản ánh không gửi qua Zalo và không để lại số điện thoại: tổng đài không báo được, cũng không có số để gọi lại.",
    }[reach],
  resolvedProofHint: "Gửi ảnh hiện trường trong 2 phút tới để đính kèm làm minh chứng.",
  noteAdded: (code: string) => `📝 Đã ghi chú nội bộ vào ${code} (không gửi cho người dân).`,
  duplicate: (code: string, original: string, reporterTold: boolean) =>
    `✅ ${code} đã đóng: trùng với ${original}.` +
    (reporterTold
      ? ` Người phản ánh sẽ được báo và theo dõi ${original}.`
      : " Người phản ánh không gửi qua Zalo nên tổng đài không báo được."),
  reassigned: (code: string, team: string) => `✅ Đã chuyển ${code} cho ${team}. Tổ mới đã được báo.`,
  transferred: (code: string, commune: string, reporterTold: boolean) =>
    `✅ Đã chuyển ${code} sang ${commune}. Tổ phụ trách bên đó đã được báo; phản ánh không còn thuộc xã ta.` +
    (reporterTold ? " Người phản ánh sẽ được báo (mã giữ nguyên)." : ""),
  unknownCommune: (typed: string, communes: readonly { id: string; name: string }[], own: string) => {
    const others = communes.filter((x) => x.id !== own);
    return others.length
      ? `Không có xã "${typed}" trong tỉnh. Các xã chuyển được: ${others.map((x) => `${x.name} (${x.id})`).join(", ")}.`
      : `Không có xã "${typed}": tổng đài chỉ phục vụ một xã, không chuyển sang xã khác được.`;
  },
  proofAttached: (code: string, n: number) => `📎 Đã đính kèm ${n} ảnh minh chứng vào ${code}.`,
  refused(r: Refusal, teams: { id: string; name: string }[]): string {
    switch (r.reason) {
      case "not_found":
        return `Không có phản ánh ${r.code}. Đồng chí kiểm tra lại mã.`;
      case "other_team":
        return `${r.code} thuộc tổ khác: đồng chí không xử lý được phản ánh này.`;
      case "original_other_team":
        return `Phản ánh gốc ${r.code} thuộc tổ khác: đồng chí chỉ đánh dấu trùng được với phản ánh của tổ mình. Cần gộp với ${r.code}, đồng chí báo lãnh đạo xã.`;
      case "not_allowed":
        return `${r.code} đang ở trạng thái "${STATUS_LABEL[r.from]}", không chuyển sang "${STATUS_LABEL[r.to]}" được. Lệnh dùng được lúc này: ${allowedText(r.allowed)}.`;
      case "not_open":
        return `${r.code} đã ở trạng thái "${STATUS_LABEL[r.status]}", không đánh dấu trùng được nữa.`;
      case "same_case":
        return `Mã gốc phải là một phản ánh khác ${r.code}.`;
      case "read_only":
        return `Tài khoản của đồng chí chỉ xem được ${r.code}, không xử lý được phản ánh.`;
      case "leads_only":
        return `Chỉ tổ trưởng của tổ phụ trách (hoặc lãnh đạo) mới chuyển được ${r.code} sang tổ hoặc xã khác.`;
      case "unknown_team":
        return `Không có tổ "${r.teamId}". Mã các tổ: ${teams.map((t) => `${t.id} (${t.name})`).join(", ")}.`;
      case "same_team":
        return `Phản ánh đã thuộc tổ ${r.teamId}.`;
      case "unknown_commune":
        return `Không có xã "${r.communeId}" trong tỉnh.`;
      case "same_commune":
        return "Phản ánh đã thuộc xã này.";
    }
  },
  lostRace: (why: string) => `⚠️ Lệnh vừa rồi không thực hiện được: ${why}`,

  // Lists and cards
  worklist(lines: CaseLine[], total: number, scope: string): string {
    if (!lines.length) return `Không có phản ánh nào đang mở (${scope}).`;
    const head = `📋 Phản ánh đang mở (${scope}): ${total}${total > lines.length ? `, hiện ${lines.length} việc gấp nhất` : ""}`;
    return [
      head,
      ...lines.map(
        (l, i) =>
          `${i + 1}. ${l.overdue ? "⚠️ " : ""}${l.code} · ${l.category} · ${l.area ?? "chưa rõ thôn"} · ${STATUS_LABEL[l.status]} · ${l.age}`,
      ),
      "Gõ #xem MÃ để xem chi tiết.",
    ].join("\n");
  },
  noTeam: "Đồng chí chưa thuộc tổ nào nên không có phản ánh để xử lý. Liên hệ quản trị viên.",
  card(c: CaseCard): string {
    const lines = [
      `📋 ${c.code} – ${c.category}`,
      `• Trạng thái: ${STATUS_LABEL[c.status]}${c.overdue ? " ⚠️ quá hạn" : ""}`,
      `• Tổ: ${c.team ?? "chưa giao"}`,
      `• Thôn: ${c.area ?? "chưa xác định"}`,
    ];
    if (c.address) lines.push(`• Địa chỉ: ${c.address}`);
    if (c.mapUrl) lines.push(`• Bản đồ: ${c.mapUrl}`);
    if (c.description === null)
      lines.push(`• Mô tả và ảnh: chỉ tổ phụ trách, lãnh đạo xã và cán bộ bảo vệ dữ liệu cá nhân được xem (phản ánh vi phạm).`);
    else lines.push(`• Mô tả: ${c.description}`, `• Ảnh: ${c.photos > 0 ? `${c.photos} (gửi kèm)` : "không có"}`);
    lines.push(
      c.contact
        ? `• Người phản ánh: ${[c.contact.name, c.contact.phone].filter(Boolean).join(" – ") || "không để lại liên hệ"}`
        : "• Người phản ánh: ẩn danh",
    );
    if (c.status === "new" && c.ackBy) lines.push(`• Hạn tiếp nhận: ${c.ackBy}`);
    if (c.resolveBy && (c.status === "new" || c.status === "acknowledged" || c.status === "in_progress"))
      lines.push(`• Hạn xử lý: ${c.resolveBy}`);
    if (c.rating !== null) lines.push(`• Người dân đánh giá: ${c.rating}/5`);
    if (c.notes.length) lines.push("Ghi chú gần nhất:", ...c.notes.map((n) => `– ${n.at} ${n.author}: ${n.body}`));
    return lines.join("\n");
  },
  age(ms: number): string {
    const h = Math.floor(ms / 3600_000);
    if (h < 1) return `${Math.max(1, Math.floor(ms / 60_000))} phút`;
    if (h < 48) return `${h} giờ`;
    return `${Math.floor(h / 24)} ngày`;
  },
  buttons: {
    acknowledge: (code: string) => ({ title: "Tiếp nhận", payload: `#nhan ${code}` }),
    view: (code: string) => ({ title: "Xem chi tiết", payload: `#xem ${code}` }),
    inProgress: (code: string) => ({ title: "Đang xử lý", payload: `#xuly ${code}` }),
  },
};

export type OfficerMessages = typeof officer;
