/**
 * Everything the hotline says to citizens, in Vietnamese. Flows pick a message from here; no
 * citizen-facing text is written inline anywhere else.
 */
import type { CommuneConfig } from "../src/commune/config.js";
import type { OfficeStatus, OpeningPeriod } from "../src/commune/hours.js";
import { hoursOn } from "../src/commune/hours.js";
import { addLocalDays, toLocal } from "../src/core/local-time.js";
import type { CodeProblem } from "../src/dossiers/code.js";
import type { DossierChannel, Timeliness } from "../src/dossiers/dossier.js";
import type { DossierView } from "./dossier-view.js";

/** Button payloads: what a tap sends back as the user's text (understood like typed words). */
export const MENU = {
  dossier: "Tra cứu hồ sơ",
  procedures: "Thủ tục hành chính",
  report: "Phản ánh, kiến nghị",
  hours: "Giờ làm việc",
  officer: "Gặp cán bộ",
  main: "Menu",
} as const;

const WEEKDAYS = ["", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];

/** The office as people name it: "UBND xã Kiều Phú" for "Xã Kiều Phú". */
export function officeName(c: Pick<CommuneConfig, "name">): string {
  const name = c.name.trim();
  if (/^(ubnd|ủy ban|uỷ ban)/i.test(name)) return name;
  return `UBND ${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}

const hhmm = (d: Date) => toLocal(d).time;
const ddmm = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;

export const vi = {
  menu: (commune: string) => ({
    text: `Đây là tổng đài Zalo của ${officeName({ name: commune })}. Ông/bà cần hỗ trợ gì? Chọn một mục bên dưới hoặc nhắn nội dung cần hỏi.`,
    // Zalo shows at most 5 buttons on a message: these are all of them.
    buttons: [
      { title: "Tra cứu hồ sơ", payload: MENU.dossier },
      { title: "Thủ tục hành chính", payload: MENU.procedures },
      { title: "Phản ánh, kiến nghị", payload: MENU.report },
      { title: "Giờ làm việc & liên hệ", payload: MENU.hours },
      { title: "Gặp cán bộ", payload: MENU.officer },
    ],
  }),
  /** A greeting answered in kind, before the menu. */
  greeting: "Kính chào ông/bà!",
  welcome: (commune: string) =>
    `Kính chào ông/bà! Cảm ơn ông/bà đã quan tâm Zalo của ${officeName({ name: commune })}. Tại đây ông/bà có thể tra cứu hồ sơ, hỏi giấy tờ và lệ phí của thủ tục hành chính, phản ánh vi phạm trật tự xây dựng và các vấn đề ở địa phương (đèn đường, đường sá, rác thải…).`,
  sessionExpired: (what: string) => `Phần ${what} ông/bà đang làm dở đã bị hủy vì quá lâu không có trả lời. Mời ông/bà chọn lại từ menu.`,
  flowTitle: {
    "dossier-status": "tra cứu hồ sơ",
    "violation-report": "phản ánh",
    "officer-message": "lời nhắn cho cán bộ",
    "contact-correction": "sửa thông tin liên hệ",
    "privacy-request": "yêu cầu về dữ liệu",
  } as Record<string, string>,
  cancelled: (what: string) => `Đã hủy ${what}.`,
  /** Leaving a flow, changing one's mind, a question on the side. */
  leave: {
    confirmCancel: (what: string) => `Ông/bà muốn dừng ${what}? Những gì ông/bà đã gửi cho phần này sẽ bị xóa.`,
    confirmButtons: [
      { title: "Đúng, hủy bỏ", payload: "Đúng, hủy bỏ" },
      { title: "Không, làm tiếp", payload: "Không, làm tiếp" },
    ],
    kept: (what: string, minutes: number) => `Phần ${what} đang làm dở được giữ lại ${minutes} phút; ông/bà chọn lại mục này để làm tiếp.`,
    resumeOffer: (what: string) => `Ông/bà có phần ${what} đang làm dở. Ông/bà muốn làm tiếp hay làm mới từ đầu?`,
    resumeButtons: [
      { title: "Làm tiếp", payload: "Làm tiếp" },
      { title: "Làm mới từ đầu", payload: "Làm mới từ đầu" },
    ],
  },
  nothingToCancel: "Hiện không có việc gì đang làm dở để hủy.",
  cannotGoBack: "Không thể quay lại ở bước này.",
  help: 'Tổng đài có thể giúp:\n• Tra cứu hồ sơ: nhắn mã hồ sơ in trên giấy tiếp nhận.\n• Thủ tục hành chính: hỏi giấy tờ, thời gian, lệ phí, nơi nộp, ví dụ "làm khai sinh cần giấy tờ gì".\n• Phản ánh vi phạm trật tự xây dựng, đèn đường, đường sá, rác thải…: gửi vị trí, ảnh và mô tả.\n• Giờ làm việc, địa chỉ, số đường dây nóng.\nLệnh nhanh: "menu" (hoặc 0) về menu chính, "hủy" để hủy việc đang làm, "quay lại" để về bước trước.',
  tooManyMisses: "Có vẻ tổng đài chưa hiểu ý ông/bà. Ông/bà có thể về menu chính hoặc gặp cán bộ.",
  tooManyMissesButtons: [
    { title: "Menu chính", payload: MENU.main },
    { title: "Gặp cán bộ", payload: MENU.officer },
  ],
  notUnderstood:
    'Xin lỗi, tổng đài chưa hiểu ý ông/bà. Tổng đài giúp tra cứu hồ sơ, hướng dẫn thủ tục, nhận phản ánh và báo giờ làm việc; ông/bà cũng có thể bấm "Gặp cán bộ".',
  thanks: "Rất vui được hỗ trợ ông/bà!",
  goodbye: "Kính chào ông/bà. Cần hỗ trợ gì, ông/bà cứ nhắn tổng đài ạ.",
  ack: "Dạ. Ông/bà cần hỗ trợ thêm việc gì cứ nhắn tổng đài ạ.",
  /** "Có ai ở đó không?", at any hour: the automatic hotline answers; people only in office hours. */
  stillHere: (openNow: boolean) =>
    openNow
      ? 'Dạ, tổng đài vẫn đang trực ạ. Ông/bà cần hỗ trợ gì cứ nhắn; muốn trao đổi với cán bộ, ông/bà bấm "Gặp cán bộ".'
      : 'Dạ, tổng đài tự động vẫn trả lời ông/bà (cán bộ chỉ trực trong giờ làm việc). Ông/bà cần hỗ trợ gì cứ nhắn; cần cán bộ, bấm "Gặp cán bộ" để để lại lời nhắn.',
  /** How to complain about an officer or a decision (Luật Khiếu nại 2011, Luật Tố cáo 2018), and an offer to pass a message on. */
  complaint: (c: CommuneConfig) =>
    [
      "Dạ, tổng đài ghi nhận ông/bà chưa hài lòng. Ông/bà có thể:",
      `• Khiếu nại một quyết định hay việc làm của cán bộ ${officeName(c)}: gửi đơn (hoặc trình bày trực tiếp) tới Chủ tịch UBND xã, trong 90 ngày kể từ khi biết quyết định, việc làm đó.`,
      "• Tố cáo hành vi sai phạm của cán bộ, công chức: gửi đơn ghi rõ họ tên, địa chỉ người tố cáo và nội dung tới Chủ tịch UBND xã (người đứng đầu cơ quan quản lý cán bộ đó).",
      `• Nộp đơn tại Bộ phận tiếp công dân, ${c.address}, hoặc gửi qua bưu điện.`,
      `Ông/bà cũng có thể bấm "Gửi ý kiến tới lãnh đạo" để nhắn nội dung; tổng đài chuyển tới Bộ phận Một cửa để báo cáo lãnh đạo xã. Cần hỏi thêm, gọi đường dây nóng ${c.hotline}.`,
    ].join("\n"),
  complaintButtons: [
    { title: "Gửi ý kiến tới lãnh đạo", payload: "Gửi ý kiến tới lãnh đạo" },
    { title: "Gặp cán bộ", payload: "Gặp cán bộ" },
  ],
  leadershipPrompt:
    "Mời ông/bà nhắn nội dung ý kiến gửi lãnh đạo xã trong một tin nhắn (nên ghi rõ họ tên, số điện thoại để cán bộ liên hệ lại).",
  /** Put before a message left for the leadership, so the front desk knows where it goes. */
  forLeadership: "[Ý kiến gửi lãnh đạo xã]",
  /** Where a dossier submitted online is followed. */
  onlineDossier: (example: string) =>
    [
      "Hồ sơ nộp trực tuyến, ông/bà theo dõi được ở:",
      "• Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc cổng dịch vụ công của tỉnh: đăng nhập, vào mục hồ sơ đã nộp;",
      "• Email, tin nhắn SMS báo đã tiếp nhận hồ sơ: có mã hồ sơ;",
      `• Hoặc nhắn mã hồ sơ ngay tại đây, dạng ${example}.`,
    ].join("\n"),
  /** Meeting the citizen-reception officer: the commune's schedule and place when configured. */
  citizenReception: (c: CommuneConfig) =>
    c.citizenReception
      ? `Lịch tiếp công dân của ${officeName(c)}: ${c.citizenReception.schedule}, tại ${c.citizenReception.place}. Ông/bà mang theo căn cước và giấy tờ liên quan.`
      : `Lịch tiếp công dân của ${officeName(c)} chưa có trên tổng đài. Ông/bà vui lòng gọi đường dây nóng ${c.hotline} để hỏi lịch và nơi tiếp công dân.`,
  nonTextOutsideFlow: "Tổng đài đã nhận được tin nhắn. Ông/bà cần hỗ trợ việc gì? Mời chọn một mục bên dưới.",
  /** "Gặp cán bộ" where the commune names no front-desk team for Zalo. */
  officerByPhone: (hotline: string) => `Để gặp cán bộ, ông/bà vui lòng gọi đường dây nóng ${hotline} trong giờ làm việc.`,
  reportNotYet: (hotline: string) =>
    `Chức năng phản ánh qua Zalo đang được xây dựng. Ông/bà vui lòng gọi đường dây nóng ${hotline} để phản ánh.`,

  /** Office hours, open-now, address and hotline in one message. */
  contact(c: CommuneConfig, status: OfficeStatus, now: Date): string {
    const lines: string[] = [`🏛 ${officeName(c)}`, `Địa chỉ: ${c.address}`, `Đường dây nóng: ${c.hotline}`];
    if (c.email) lines.push(`Email: ${c.email}`);
    if (c.mapUrl) lines.push(`Bản đồ: ${c.mapUrl}`);
    lines.push("", "Giờ làm việc của Bộ phận một cửa:");
    const today = toLocal(now).date;
    // A week from today, grouped by the days that share the same hours.
    const rows = new Map<string, number[]>();
    for (let i = 0; i < 7; i++) {
      const day = hoursOn(c, addLocalDays(today, i));
      if (day.holiday) continue;
      const key = day.periods.map(periodText).join(", ") || "Nghỉ";
      rows.set(key, [...(rows.get(key) ?? []), day.isoWeekday]);
    }
    for (const [hours, days] of rows)
      lines.push(
        `• ${days
          .sort()
          .map((d) => WEEKDAYS[d])
          .join(", ")}: ${hours}`,
      );
    const evening = c.officeHours.extended.find((b) => b.note);
    if (evening?.note) lines.push(`(Buổi tối: ${evening.note})`);
    lines.push("", openNowText(status));
    return lines.join("\n");
  },

  dossier: {
    channel: {
      online: "Nộp trực tuyến",
      direct: "Nộp trực tiếp",
      postal: "Nộp qua bưu chính",
    } satisfies Record<DossierChannel, string>,
    timeliness: {
      early: "Hoàn thành trước hạn",
      on_time: "Hoàn thành đúng hạn",
      late: "Hoàn thành trễ hạn",
      in_progress: "Đang giải quyết, còn trong hạn",
      overdue: "Đã quá ngày hẹn trả",
      waiting_citizen: "Đang chờ ông/bà bổ sung hoặc nộp phí",
      closed: "Hồ sơ đã kết thúc",
    } satisfies Record<Timeliness, string>,
    /** "When will it be ready?" naming a procedure but no code: its legal time limit first. */
    timeLimit: (procedure: string, time: string) =>
      `Thủ tục ${procedure}, thời hạn giải quyết theo quy định: ${time.charAt(0).toLowerCase()}${time.slice(1)}${/[.!?]$/.test(time) ? "" : "."} Ngày trả kết quả của từng hồ sơ ghi trên giấy tiếp nhận và hẹn trả kết quả.`,
    /** A procedure named whose time limit the catalogue does not give: where to ask, never a guess. */
    noTimeLimit: (procedure: string, hotline: string) =>
      `Thủ tục ${procedure}: tổng đài chưa có thông tin thời hạn giải quyết. Ông/bà hỏi Bộ phận một cửa (đường dây nóng ${hotline}); ngày trả kết quả của từng hồ sơ ghi trên giấy tiếp nhận và hẹn trả kết quả.`,
    /** "Bao giờ có kết quả?" with neither a code nor a procedure: what can be said, and what to give. */
    whenWithoutCode: (example: string) =>
      `Thời gian trả kết quả tùy từng thủ tục, và ngày hẹn trả của mỗi hồ sơ ghi trên giấy tiếp nhận và hẹn trả kết quả.\nÔng/bà nhắn mã hồ sơ (ví dụ: ${example}) để tra cứu, hoặc chọn (hoặc nhắn tên) thủ tục để xem thời hạn giải quyết theo quy định.`,
    timeLimitButton: (procedure: string) => ({
      title: procedure.length > 40 ? `${procedure.slice(0, 39)}…` : procedure,
      payload: `Thời hạn ${procedure}`,
    }),
    askCode: (example: string) =>
      `Mời ông/bà nhập mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả, ví dụ: ${example}\n(Không nhớ mã, ông/bà nhắn "không nhớ mã".)`,
    malformed: (fragment: string, problems: CodeProblem[], example: string) =>
      [
        `"${fragment}" chưa đúng dạng mã hồ sơ${problems.length ? `: ${problems.map(problemText).join("; ")}` : ""}.`,
        `Mã hồ sơ có ba phần, ví dụ ${example}: mã cơ quan (${example.split("-")[0]}), ngày nhận hồ sơ viết liền năm-tháng-ngày (251126 là ngày 26/11/2025) và số thứ tự (0001). Mời ông/bà nhập lại.`,
      ].join("\n"),
    partialNotFound: (tail: string, example: string) =>
      `Không tìm thấy hồ sơ nào có đuôi "${tail}". Mời ông/bà nhắn đủ mã hồ sơ, cả phần mã cơ quan ở đầu, ví dụ: ${example}.`,
    partialAmbiguous: (tail: string, example: string) =>
      `Có nhiều hồ sơ cùng đuôi "${tail}". Mời ông/bà nhắn đủ mã hồ sơ, cả phần mã cơ quan ở đầu, ví dụ: ${example}.`,
    /** A code nearly right, put back as a question (yes / no buttons). */
    isItThisCode: (code: string) => `Có phải hồ sơ ${code} không ạ?`,
    codeYes: "Đúng, tra cứu hồ sơ này",
    codeNo: "Không phải",
    codeQuestionButtons: [
      { title: "Đúng, tra cứu hồ sơ này", payload: "Đúng, tra cứu hồ sơ này" },
      { title: "Không phải", payload: "Không phải" },
    ],
    /** In the middle of another flow the yes button carries the code itself. */
    codeAsideButtons: (code: string) => [{ title: `Tra cứu ${code}`, payload: code }],
    notThatCode: (example: string) => `Dạ. Mời ông/bà nhắn lại đủ mã hồ sơ, ví dụ: ${example}.`,
    remindCode: "↩️ Tiếp tục tra cứu hồ sơ: mời ông/bà nhắn mã hồ sơ.",
    lostCode: (c: CommuneConfig) =>
      [
        "Mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả. Nếu không còn giấy, ông/bà có thể tìm mã ở:",
        "• Tin nhắn SMS hoặc email báo đã tiếp nhận hồ sơ (khi nộp có để lại số điện thoại, email);",
        "• Tài khoản trên Cổng dịch vụ công (mục hồ sơ đã nộp), nếu nộp trực tuyến.",
        `Không tìm được mã, ông/bà mang căn cước công dân đến Bộ phận một cửa ${officeName(c)} để được tra giúp, hoặc gọi đường dây nóng ${c.hotline} trong giờ làm việc.`,
      ].join("\n"),
    notACode: (example: string) => `Tổng đài cần mã hồ sơ để tra cứu, ví dụ: ${example}. Mời ông/bà nhập mã hồ sơ.`,
    notFound: (code: string) =>
      `Không tìm thấy hồ sơ ${code}. Ông/bà vui lòng kiểm tra lại mã trên giấy tiếp nhận và hẹn trả kết quả (dòng "Mã hồ sơ"), hoặc mã trong tin nhắn/email xác nhận khi nộp trực tuyến. Hồ sơ vừa nộp có thể cần đến ngày làm việc sau mới tra cứu được.`,
    unavailable: "Hệ thống tra cứu hồ sơ đang bận. Ông/bà vui lòng thử lại sau ít phút.",
    rateLimited: (until: Date) => `Ông/bà đã tra cứu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ${hhmm(until)}.`,
    notLookedUp: (codes: string[], until: Date) =>
      `Tổng đài chưa tra được ${codes.length === 1 ? "hồ sơ" : `${codes.length} hồ sơ`} ${codes.join(", ")} vì đã tra nhiều lần trong thời gian ngắn. Ông/bà nhắn lại các mã này sau ${hhmm(until)}.`,
    result(v: DossierView, hotline: string): string {
      const lines = [
        `📄 Hồ sơ ${v.code}`,
        `Thủ tục: ${v.procedure}`,
        `Tình trạng: ${v.statusLabel}`,
        // Status 1 is not received yet: its date is the day it was handed in.
        `${v.status === 1 ? "Ngày nộp" : "Ngày tiếp nhận"}: ${v.receivedAt}`,
      ];
      if (v.appointmentAt) lines.push(`Ngày hẹn trả kết quả: ${v.appointmentAt}`);
      if (v.finishedAt) lines.push(`Ngày có kết quả: ${v.finishedAt}`);
      lines.push(`Tiến độ: ${v.timelinessLabel}`, `Việc cần làm: ${whatToDo(v, hotline)}`);
      return lines.join("\n");
    },
    resultButtons: (code: string, o: { offerFollow: boolean; followed: boolean }) => [
      ...(o.offerFollow ? [{ title: "Theo dõi hồ sơ này", payload: `Theo dõi hồ sơ ${code}` }] : []),
      ...(o.followed ? [{ title: "Bỏ theo dõi hồ sơ này", payload: `Bỏ theo dõi hồ sơ ${code}` }] : []),
      { title: "Tra cứu hồ sơ khác", payload: MENU.dossier },
      { title: "Menu chính", payload: MENU.main },
    ],
    followed: (code: string) => `Đã đăng ký theo dõi hồ sơ ${code}. Khi tình trạng hồ sơ thay đổi, tổng đài sẽ nhắn cho ông/bà.`,
    alreadyFollowing: "🔔 Ông/bà đang theo dõi hồ sơ này.",
    alreadyFollowed: (code: string) => `Ông/bà đã theo dõi hồ sơ ${code} rồi; khi tình trạng thay đổi, tổng đài sẽ nhắn cho ông/bà.`,
    unfollowed: (code: string) => `Đã bỏ theo dõi hồ sơ ${code}. Tổng đài sẽ không nhắn về hồ sơ này nữa.`,
    notFollowing: (code: string) => `Ông/bà không theo dõi hồ sơ ${code}.`,
    followingNone: 'Ông/bà chưa theo dõi hồ sơ nào. Sau khi tra cứu một hồ sơ, bấm "Theo dõi hồ sơ này" để được nhắn khi hồ sơ thay đổi.',
    following: (codes: string[]) =>
      [
        `Ông/bà đang theo dõi ${codes.length} hồ sơ:`,
        ...codes.map((c) => `• ${c}`),
        codes.length > 5 ? "Bấm để tra cứu (5 hồ sơ đầu):" : "Bấm để tra cứu:",
      ].join("\n"),
    whichToUnfollow: "Ông/bà muốn bỏ theo dõi hồ sơ nào?",
    lookUpButton: (code: string) => ({ title: code, payload: code }),
    unfollowButton: (code: string) => ({ title: `Bỏ ${code}`, payload: `Bỏ theo dõi ${code}` }),
    /** A follower's notice: like the card, a passed appointment is said to be passed, never to be waited for. */
    statusChanged: (v: DossierView, hotline: string) =>
      [
        `🔔 Hồ sơ ${v.code} (${v.procedure}) vừa cập nhật: ${v.statusLabel}.`,
        whatToDo(v, hotline),
        v.appointmentAt && v.timeliness !== "overdue" && v.nextStep === "wait" ? `Ngày hẹn trả kết quả: ${v.appointmentAt}` : null,
      ]
        .filter((l): l is string => l !== null)
        .join("\n"),
  },
};

/** What the citizen should do now; past the appointment, "please wait for it" would mislead: say it is late. */
function whatToDo(v: DossierView, hotline: string): string {
  if (v.timeliness !== "overdue") return v.nextStepText;
  return `Hồ sơ đã quá ngày hẹn trả kết quả (${v.appointmentAt ?? ""}), cơ quan giải quyết sẽ gửi văn bản xin lỗi và hẹn lại ngày trả. Ông/bà có thể gọi đường dây nóng ${hotline} để hỏi rõ.`;
}

/** What looks wrong in a typed dossier code, in plain words. */
function problemText(p: CodeProblem): string {
  switch (p.kind) {
    case "letter_o":
      return "có vẻ chữ O thay cho số 0";
    case "comma":
      return "có dấu phẩy thay cho dấu chấm";
    case "missing_agency":
      return "thiếu phần mã cơ quan ở đầu";
    case "missing_date":
      return "thiếu ngày nhận hồ sơ (6 chữ số)";
    case "bad_date":
      return `"${p.value}" không phải ngày nhận hồ sơ (cần 6 chữ số năm-tháng-ngày)`;
    case "missing_sequence":
      return "thiếu số thứ tự ở cuối (4 chữ số)";
    case "short_sequence":
      return `số thứ tự "${p.value}" cần đủ 4 chữ số`;
  }
}

function periodText(p: OpeningPeriod): string {
  return `${p.open}–${p.close}${p.kind === "extended" ? " (buổi tối)" : ""}`;
}

function openNowText(s: OfficeStatus): string {
  if (s.openNow && s.current) {
    return `✅ Bộ phận một cửa đang mở cửa (đến ${s.current.close}${s.current.kind === "extended" ? ", buổi tối" : ""}).`;
  }
  const when = nextOpeningText(s);
  if (!when) return "⛔ Bộ phận một cửa hiện đang nghỉ.";
  return `⛔ Bộ phận một cửa hiện đang nghỉ. Mở cửa lại ${when}.`;
}

/** When the centre opens next, as said to a citizen ("hôm nay lúc 13:30", "Thứ Hai 30/11 lúc 07:30"). */
export function nextOpeningText(s: OfficeStatus): string | null {
  const n = s.nextOpening;
  if (!n) return null;
  return n.date === s.today.date ? `hôm nay lúc ${n.open}` : `${WEEKDAYS[n.isoWeekday]} ${ddmm(n.date)} lúc ${n.open}`;
}

export type Messages = typeof vi;
