/**
 * What the case workers say, in Vietnamese: the reporter's confirmation once a report is filed,
 * the officers' notification of a new case and of an escalation, and the status notices that
 * reach the reporter and the residents following a case. Facts arrive already put into words
 * (names, dates as dd/mm/yyyy HH:mm); this file only words them.
 */
import type { CaseStatus } from "../src/cases/case.js";
import type { FiledFacts, OfficerCaseFacts, StatusFacts } from "../src/cases/wording.js";

/**
 * Said to a citizen for each status a case can reach (the clause after "Phản ánh X "). One word
 * per state: "ghi nhận" is the hotline's receipt of a report, "tiếp nhận" an officer taking it.
 */
const STATUS_NEWS: Record<CaseStatus, string> = {
  new: "đã được tổng đài ghi nhận, đang chờ cán bộ tiếp nhận",
  acknowledged: "đã được cán bộ tiếp nhận và sẽ được kiểm tra, xử lý",
  in_progress: "đang được cán bộ xử lý",
  resolved: "đã được xử lý xong",
  rejected: "không được chấp nhận xử lý (không đủ căn cứ hoặc không thuộc thẩm quyền của xã)",
  closed: "đã kết thúc",
};

function where(f: Pick<OfficerCaseFacts, "area" | "address" | "mapUrl">): string[] {
  // Area names already say "Thôn …".
  const lines = [`• Địa bàn: ${f.area ?? "chưa xác định thôn (cần kiểm tra tại chỗ)"}`];
  if (f.address) lines.push(`• Địa chỉ: ${f.address}`);
  if (f.mapUrl) lines.push(`• Bản đồ: ${f.mapUrl}`);
  if (!f.address && !f.mapUrl) lines.push("• Vị trí: người phản ánh không gửi địa chỉ hay vị trí");
  return lines;
}

/** Where a report came from, when not the chat itself: officers call back a caller, not message them. */
const CHANNEL_LINE: Record<OfficerCaseFacts["channel"], string | null> = {
  zalo: null,
  phone: "• Nguồn: cán bộ tiếp nhận qua điện thoại",
  counter: "• Nguồn: cán bộ tiếp nhận tại bộ phận một cửa",
  open311: "• Nguồn: ứng dụng Open311",
};

/** How many photos, and where to see those Zalo cannot show (uploaded by an officer). */
function photoLine(f: Pick<OfficerCaseFacts, "photos" | "photosSent">): string {
  if (f.photos === 0) return "không có";
  if (f.photosSent === f.photos) return `${f.photos} ảnh (gửi kèm bên dưới)`;
  if (f.photosSent === 0) return `${f.photos} ảnh (xem trên trang quản lý)`;
  return `${f.photos} ảnh (${f.photosSent} ảnh gửi kèm bên dưới, xem đủ trên trang quản lý)`;
}

/** How an officer acts on a case from Zalo (the buttons send the first two). */
/** The commands of a case's next step: acknowledging a new one, working on one already taken. */
const howToAct = (code: string, taken = false) =>
  taken
    ? `Lệnh: #xuly ${code} (đang xử lý) · #xem ${code} · #huongdan (mọi lệnh)`
    : `Lệnh: #nhan ${code} (tiếp nhận) · #xem ${code} · #huongdan (mọi lệnh)`;

function describeLate(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "chưa đến 1 phút";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return [days && `${days} ngày`, hours && `${hours} giờ`, mins && `${mins} phút`].filter(Boolean).join(" ");
}

export const cases = {
  /** Who a case went to when its team is not in the configuration any more. */
  unknownTeam: "cán bộ phụ trách",
  /** The reporter's confirmation: tracking code, team, acknowledgement deadline, how to follow. */
  filed: (f: FiledFacts) =>
    [
      `✅ Tổng đài đã ghi nhận phản ánh của ông/bà. Mã phản ánh: ${f.code}`,
      `• Loại phản ánh: ${f.category}`,
      `• Chuyển đến: ${f.team}`,
      f.handledBy
        ? `• Vị trí ông/bà gửi thuộc địa bàn ${f.handledBy}, nên ${f.handledBy} sẽ xử lý phản ánh này. Mã phản ánh giữ nguyên; ông/bà vẫn nhận tin báo qua Zalo này.`
        : null,
      f.ackBy ? `• Hạn cán bộ tiếp nhận: trước ${f.ackBy} (tính theo giờ làm việc).` : null,
      "",
      `Ông/bà vui lòng giữ mã ${f.code}. Khi phản ánh được tiếp nhận, xử lý, tổng đài sẽ nhắn cho ông/bà qua Zalo này. Cần hỏi thêm, ông/bà gọi đường dây nóng ${f.hotline} và đọc mã phản ánh.`,
    ]
      .filter((l): l is string => l !== null)
      .join("\n"),

  /** A report that could not be filed and will not be retried. */
  notFiled: (hotline: string) =>
    `Rất tiếc, phản ánh của ông/bà chưa gửi được do lỗi hệ thống. Ông/bà vui lòng gửi lại sau ít phút hoặc gọi đường dây nóng ${hotline}.`,

  /** The notification every on-duty officer of the team gets for a new case. */
  officerNewCase(f: OfficerCaseFacts): string {
    const lines = [
      f.transferredFrom
        ? `🔀 ${f.transferredFrom.commune} chuyển phản ánh ${f.code} sang xã ta, giao ${f.team ?? "tổ của đồng chí"} (không phải phản ánh mới). Lý do: ${f.transferredFrom.reason}`
        : f.handedOver
          ? `🔁 Phản ánh ${f.code} được chuyển đến ${f.team ?? "tổ của đồng chí"}`
          : `🔔 Phản ánh mới ${f.code}`,
      `• Loại phản ánh: ${f.category}`,
      ...where(f),
      `• Mô tả: ${f.description}`,
      `• Ảnh: ${photoLine(f)}`,
      CHANNEL_LINE[f.channel],
      f.contact
        ? `• Người phản ánh: ${[f.contact.name, f.contact.phone].filter(Boolean).join(" – ") || "không để lại liên hệ"}${f.contact.phone ? " (gọi lại để xác minh)" : ""}`
        : "• Người phản ánh: ẩn danh",
    ].filter((l): l is string => l !== null);
    const pinned = f.nearby.filter((n) => n.distanceM !== null);
    if (pinned.length) {
      const list = pinned.map((n) => `${n.code} (cách ~${Math.max(1, Math.round(n.distanceM ?? 0))} m)`).join(", ");
      lines.push(`⚠️ Có thể trùng với phản ánh cùng loại gần đó: ${list}`);
    }
    // Without a pin there is no distance: the same kind in the same village, or the same caller saying the same.
    const unpinned = f.nearby.filter((n) => n.distanceM === null);
    if (unpinned.length)
      lines.push(`⚠️ Có thể trùng (cùng loại cùng thôn, hoặc cùng người gọi báo cùng nội dung): ${unpinned.map((n) => n.code).join(", ")}`);
    if (f.ackBy) lines.push(`⏰ Hạn tiếp nhận: ${f.ackBy}`);
    if (f.resolveBy) lines.push(`⏰ Hạn giải quyết: ${f.resolveBy}`);
    lines.push("", howToAct(f.code, Boolean(f.resolveBy)));
    return lines.join("\n");
  },

  /** One tap to act on a new case. */
  officerNewCaseButtons: (code: string, status: CaseStatus) => [
    ...(status === "new" ? [{ title: "Tiếp nhận", payload: `#nhan ${code}` }] : []),
    ...(status === "acknowledged" ? [{ title: "Đang xử lý", payload: `#xuly ${code}` }] : []),
    { title: "Xem chi tiết", payload: `#xem ${code}` },
  ],

  /** To the old team when the case went to another commune. */
  officerTransferredOut: (code: string, toCommune: string, reason: string) =>
    `↪️ Phản ánh ${code} đã được chuyển sang ${toCommune} xử lý. Lý do: ${reason}
Tổ không còn phụ trách và không xem được phản ánh này nữa.`,

  /** To the reporter and followers, once, through the OA they wrote to. */
  citizenTransferred: (f: { code: string; commune: string; hotline: string }) =>
    `🔀 Phản ánh ${f.code} của ông/bà đã được chuyển đến ${f.commune} để xử lý. Mã phản ánh giữ nguyên; ông/bà vẫn nhận tin báo qua Zalo này. Cần hỏi thêm, ông/bà gọi đường dây nóng ${f.hotline} và đọc mã phản ánh.`,

  /** Caption of the n-th photo of a case sent to officers. */
  photoCaption: (code: string, n: number, of: number) => `Ảnh ${n}/${of} – ${code}`,

  /** An unacknowledged case, to the team lead (level 1) or the commune leadership (level 2). */
  escalation(f: OfficerCaseFacts & { level: 1 | 2; lateMs: number }): string {
    const head =
      f.level === 1
        ? `⏰ Phản ánh ${f.code} của ${f.team ?? "tổ được giao"} chưa được tiếp nhận, đã quá hạn ${describeLate(f.lateMs)} (hạn ${f.ackBy ?? "—"}). Đề nghị đồng chí tổ trưởng chỉ đạo tiếp nhận, xử lý.`
        : `⏰ Báo cáo lãnh đạo: phản ánh ${f.code} (giao ${f.team ?? "chưa rõ tổ"}) vẫn chưa được tiếp nhận, đã quá hạn ${describeLate(f.lateMs)} (hạn ${f.ackBy ?? "—"}), đã nhắc tổ trưởng.`;
    return [head, `• Loại phản ánh: ${f.category}`, ...where(f), `• Mô tả: ${f.description}`, "", howToAct(f.code)].join("\n");
  },

  /** A case's new status, to the reporter and the residents following it. */
  statusChanged(f: StatusFacts): string {
    const reopened = f.to === "in_progress" && (f.from === "resolved" || f.from === "rejected");
    const news = reopened ? "được mở lại và đang được cán bộ xử lý tiếp" : STATUS_NEWS[f.to];
    const j = f.joined;
    const lines = j
      ? [
          `📣 Phản ánh ${f.code} (${f.category}) trùng với một phản ánh đã có về cùng sự việc, nên được gộp vào phản ánh đó để xử lý chung:`,
          `• Mã: ${j.code} · ${j.category}${j.area ? ` · ${j.area}` : ""}`,
          `• Tình trạng: ${CITIZEN_STATUS[j.status]} (gửi ${j.filedAt})`,
          `Tổng đài sẽ báo ông/bà tiến độ của phản ánh ${j.code}; ông/bà nhắn mã ${j.code} để xem bất cứ lúc nào.`,
        ]
      : [`📣 Phản ánh ${f.code} (${f.category}) ${news}.`];
    if (f.note && f.to === "resolved") lines.push(`Kết quả xử lý: ${f.note}`);
    if (f.note && f.to === "rejected") lines.push(`Lý do: ${f.note}`);
    lines.push(`Cập nhật lúc ${f.at}.`);
    if (f.to === "rejected" || f.to === "resolved")
      lines.push(`Nếu cần trao đổi thêm, ông/bà gọi đường dây nóng ${f.hotline} và đọc mã ${f.code}.`);
    return lines.join("\n");
  },
};

/**
 * A case as a citizen asking about it sees it (see `flows/case-status.ts`): `description` only
 * for its reporter; the note and the duplicate in `lastUpdate` only for the reporter and followers.
 */
export interface CitizenCaseFacts {
  code: string;
  category: string;
  area: string | null;
  status: CaseStatus;
  team: string | null;
  filedAt: string;
  /** The last change: when and to what; the result or reason, and the original of a duplicate, if any. */
  lastUpdate: { at: string; status: CaseStatus; note: string | null; duplicateOf: string | null } | null;
  description: string | null;
}

/** Each status in plain words for a citizen. */
const CITIZEN_STATUS: Record<CaseStatus, string> = {
  new: "Đã ghi nhận, đang chờ cán bộ tiếp nhận",
  acknowledged: "Cán bộ đã tiếp nhận, sẽ kiểm tra, xử lý",
  in_progress: "Đang được cán bộ xử lý",
  resolved: "Đã xử lý xong",
  rejected: "Không được chấp nhận xử lý",
  closed: "Đã kết thúc",
};

/** The reporter's answers to the resolution question, as the buttons send them. */
export const FEEDBACK = {
  resolved: (code: string) => `Đã xử lý ${code}`,
  notResolved: (code: string) => `Chưa xử lý ${code}`,
  rating: (code: string, n: number) => `Đánh giá ${n} sao ${code}`,
};

export const citizenCases = {
  /** A status in a few words, for a ZNS template's parameter. */
  statusLabel: (s: CaseStatus) => CITIZEN_STATUS[s],
  card(f: CitizenCaseFacts): string {
    const lines = [
      `📋 Phản ánh ${f.code}`,
      `• Loại phản ánh: ${f.category}`,
      `• Thôn: ${f.area ?? "chưa xác định"}`,
      `• Tình trạng: ${CITIZEN_STATUS[f.status]}`,
      `• Đơn vị xử lý: ${f.team ?? cases.unknownTeam}`,
      `• Ngày gửi: ${f.filedAt}`,
    ];
    if (f.description) lines.push(`• Nội dung: ${f.description}`);
    const u = f.lastUpdate;
    if (u) {
      const what = u.duplicateOf ? `trùng với phản ánh ${u.duplicateOf}, được xử lý chung` : CITIZEN_STATUS[u.status].toLowerCase();
      lines.push(`• Cập nhật gần nhất: ${u.at} – ${what}`);
      if (u.note && u.status === "resolved") lines.push(`• Kết quả xử lý: ${u.note}`);
      if (u.note && u.status === "rejected") lines.push(`• Lý do: ${u.note}`);
    }
    return lines.join("\n");
  },
  notFound: (code: string) =>
    `Không tìm thấy phản ánh ${code}. Ông/bà vui lòng kiểm tra lại mã trong tin nhắn xác nhận (dạng PA-YYMMDD-XXXX).`,
  rateLimited: (until: string) => `Ông/bà đã tra cứu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ${until}.`,
  mine(list: { code: string; category: string; status: CaseStatus; filedAt: string }[]): string {
    if (!list.length) return "Ông/bà chưa gửi hoặc theo dõi phản ánh nào qua Zalo này.";
    return [
      "📋 Phản ánh của ông/bà (mới nhất trước):",
      ...list.map((c, i) => `${i + 1}. ${c.code} · ${c.category} · ${CITIZEN_STATUS[c.status]} · gửi ${c.filedAt}`),
      "Nhắn mã phản ánh để xem chi tiết.",
    ].join("\n");
  },

  /** Asked of the reporter with the resolution notice. */
  // Every kind of report: a broken street light or a pothole is not a "vi phạm".
  resolutionQuestion: "Sự việc ông/bà phản ánh đã được xử lý chưa? Mời ông/bà chọn bên dưới.",
  resolutionButtons: (code: string) => [
    { title: "Đã xử lý", payload: FEEDBACK.resolved(code) },
    { title: "Chưa", payload: FEEDBACK.notResolved(code) },
  ],
  askRating: (code: string) => `Ông/bà hài lòng thế nào với việc xử lý phản ánh ${code}? Chọn từ 1 (không hài lòng) đến 5 (rất hài lòng).`,
  ratingButtons: (code: string) => [1, 2, 3, 4, 5].map((n) => ({ title: `${n} ⭐`, payload: FEEDBACK.rating(code, n) })),
  confirmed: "Cảm ơn ông/bà đã xác nhận.",
  reopened: (code: string, team: string) => `Đã mở lại phản ánh ${code} và báo ${team} xử lý tiếp. Tổng đài sẽ nhắn khi có kết quả.`,
  tooLateToReopen: (code: string, days: number, hotline: string) =>
    `Phản ánh ${code} đã xử lý xong hơn ${days} ngày nên không mở lại được. Nếu sự việc tái diễn, ông/bà vui lòng gửi phản ánh mới hoặc gọi ${hotline}.`,
  notYours: (code: string) => `Chỉ người gửi phản ánh ${code} mới trả lời được câu hỏi này.`,
  notResolvedYet: (code: string) => `Phản ánh ${code} hiện không ở trạng thái "đã xử lý xong", không cần xác nhận.`,
  rateAfterResolution: (code: string) => `Phản ánh ${code} đang được xử lý lại. Khi có kết quả, tổng đài sẽ nhắn và mời ông/bà đánh giá.`,
  rated: (n: number) => `Cảm ơn ông/bà đã đánh giá ${n}/5. Ý kiến của ông/bà giúp xã phục vụ tốt hơn.`,

  /** To the team's officers when the reporter says the violation is still there. */
  officerReopened: (code: string, resolveBy: string | null, reason: string | null) =>
    `🔁 Người phản ánh báo sự việc ở ${code} CHƯA được xử lý: phản ánh đã mở lại (Đang xử lý)${resolveBy ? `, hạn xử lý mới ${resolveBy}` : ""}.` +
    (reason ? `\nNgười phản ánh cho biết: "${reason}"` : ""),
};

/**
 * "theo dõi PA-…" from someone who reported by phone or at the counter: linked when the number
 * they shared with the OA is the one they left, never a word on what the case's number is.
 */
export const caseFollow = {
  linked: (code: string) =>
    `✅ Đã liên kết phản ánh ${code} với Zalo này. Khi phản ánh được tiếp nhận, xử lý, tổng đài sẽ nhắn cho ông/bà qua Zalo.`,
  already: (code: string) => `Ông/bà đang theo dõi phản ánh ${code}; khi phản ánh được cập nhật, tổng đài sẽ nhắn cho ông/bà.`,
  askShare: (code: string) =>
    `Để liên kết phản ánh ${code} với Zalo này, tổng đài cần đối chiếu số điện thoại ông/bà đã để lại khi phản ánh. Mời ông/bà bấm "Chia sẻ" ở tin nhắn dưới đây để gửi số điện thoại Zalo.`,
  requestInfo: {
    title: "Chia sẻ số điện thoại",
    subtitle: "Để liên kết phản ánh ông/bà đã báo qua điện thoại hoặc tại bộ phận một cửa",
  },
  differs: (code: string, hotline: string) =>
    `Số điện thoại Zalo của ông/bà không trùng với số đã để lại khi phản ánh ${code}, nên tổng đài chưa liên kết được. Ông/bà vẫn nhắn mã ${code} để xem tình trạng được, hoặc gọi đường dây nóng ${hotline}.`,
  /** After a share outside any conversation: the cases left with that number, now linked. */
  sharedLinked: (codes: string[]) =>
    codes.length === 1
      ? `✅ Đã liên kết phản ánh ${codes[0]} (ông/bà để lại số điện thoại này) với Zalo này. Khi phản ánh được cập nhật, tổng đài sẽ nhắn cho ông/bà.`
      : `✅ Đã liên kết với Zalo này các phản ánh ông/bà để lại số điện thoại này: ${codes.join(", ")}. Khi phản ánh được cập nhật, tổng đài sẽ nhắn cho ông/bà.`,
  /** A share the hotline did not ask for: it links nothing. */
  sharedUnasked:
    'Cảm ơn ông/bà đã chia sẻ. Để theo dõi một phản ánh đã báo qua điện thoại hoặc tại bộ phận một cửa, ông/bà nhắn "theo dõi" kèm mã phản ánh (ví dụ: theo dõi PA-261126-HXYX).',
  sharedNothing: (hotline: string) =>
    `Cảm ơn ông/bà đã chia sẻ. Tổng đài không thấy phản ánh nào đang xử lý có số điện thoại này nên chưa liên kết được. Cần hỏi thêm, ông/bà gọi đường dây nóng ${hotline}.`,
};

export type CaseMessages = typeof cases;
