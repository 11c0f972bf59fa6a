/**
 * What the hotline says about the citizen's rights over their data beyond the notice and consents
 * (issue 25): the file of their data through a one-time link, correcting a contact, restriction
 * and objection, requests for the commune's data-protection officer. Plain words, short lines.
 */
import type { DataExportWording } from "../src/privacy/export.js";
import type { ConsentPurpose } from "../src/privacy/purposes.js";
import type { DpoWording } from "../src/privacy/dpo-requests.js";
import { PURPOSE_LABEL } from "./messages.privacy.vi.js";

/** The download page behind the one-time link. */
export const dataExportPage: DataExportWording = {
  title: "Tệp dữ liệu cá nhân của ông/bà",
  ready: (commune, expiresAt) =>
    `Tệp này gồm toàn bộ dữ liệu tổng đài của ${commune} đang lưu về tài khoản Zalo của ông/bà. ` +
    `Đường dẫn chỉ tải được một lần, trước ${expiresAt}. Ông/bà vui lòng tự giữ tệp cẩn thận.`,
  download: "Tải tệp dữ liệu",
  used: 'Đường dẫn này đã được dùng để tải tệp và không còn hiệu lực. Ông/bà có thể nhắn "xem dữ liệu của tôi" cho tổng đài để nhận đường dẫn mới.',
  expired:
    'Đường dẫn này đã hết hạn (chỉ dùng được trong 24 giờ). Ông/bà có thể nhắn "xem dữ liệu của tôi" cho tổng đài để nhận đường dẫn mới.',
  unknown: 'Đường dẫn này không còn hiệu lực. Ông/bà có thể nhắn "xem dữ liệu của tôi" cho tổng đài để nhận đường dẫn mới.',
  fileName: (communeId) => `du-lieu-ca-nhan-${communeId}`,
};

/** Button payloads: what a tap sends back as the citizen's text (understood like typed words too). */
export const RIGHTS_BUTTON = {
  correctPhone: "Sửa số điện thoại",
  correctName: "Sửa họ tên",
  correctConfirm: "Xác nhận sửa",
  correctDecline: "Không sửa",
  restrict: "Hạn chế xử lý dữ liệu",
  restrictConfirm: "Xác nhận hạn chế xử lý",
  restrictDecline: "Không hạn chế",
} as const;

const button = (payload: string) => ({ title: payload, payload });

/** What a correction changes, in words. */
const FIELD = { phone: "số điện thoại", name: "họ tên" } as const;

export const rightsSay = {
  /** With "what do you hold about me": the file, through its one-time link, and the other rights. */
  exportLink: "Ông/bà có thể tải tệp đầy đủ dữ liệu này (dùng một lần, trong 24 giờ), sửa thông tin liên hệ hoặc hạn chế xử lý:",
  exportButton: "Tải tệp dữ liệu",
  /** Where the hotline has no public address for the link. */
  exportAtOffice:
    "Nếu cần tệp đầy đủ dữ liệu này, ông/bà có thể đề nghị tại bộ phận một cửa của UBND. Ông/bà cũng có thể sửa thông tin liên hệ hoặc hạn chế xử lý:",
  rightsButtons: [button(RIGHTS_BUTTON.correctPhone), button(RIGHTS_BUTTON.restrict)],

  /** Correcting the phone or name kept on the citizen's reports still being handled. */
  correct: {
    nothingKept: (field: "phone" | "name") =>
      `Hiện tổng đài không lưu ${FIELD[field]} của ông/bà trên phản ánh nào đang xử lý, nên không có gì cần sửa.`,
    ask: (field: "phone" | "name") =>
      field === "phone"
        ? "Ông/bà vui lòng nhắn số điện thoại mới (ví dụ 0912 345 678)."
        : "Ông/bà vui lòng nhắn họ tên đúng (ví dụ Nguyễn Văn An).",
    notPhone: "Số điện thoại chưa đúng. Ông/bà vui lòng nhắn lại số di động hoặc số cố định, ví dụ 0912 345 678.",
    notName: "Họ tên chưa đúng. Ông/bà vui lòng nhắn họ tên bằng chữ, ví dụ Nguyễn Văn An.",
    confirm: (field: "phone" | "name", value: string, codes: readonly string[]) => ({
      text: `Sửa ${FIELD[field]} trên ${codes.length} phản ánh đang xử lý (${codes.join(", ")}) thành: ${value}?`,
      buttons: [button(RIGHTS_BUTTON.correctConfirm), button(RIGHTS_BUTTON.correctDecline)],
    }),
    confirmAgain: 'Ông/bà bấm "Xác nhận sửa" hoặc nhắn "có" để sửa; "Không sửa" hoặc "không" để giữ nguyên.',
    done: (field: "phone" | "name") =>
      `Đã ghi nhận. Tổng đài sửa ${FIELD[field]} trên các phản ánh đang xử lý của ông/bà; cán bộ sẽ dùng thông tin mới.`,
    declined: "Tổng đài giữ nguyên thông tin của ông/bà.",
  },

  /** Restriction: only what the law requires; confirmed first. */
  restrictAsk: {
    text:
      "Hạn chế xử lý: tổng đài chỉ dùng dữ liệu của ông/bà cho việc pháp luật yêu cầu — xử lý phản ánh, hồ sơ của ông/bà và trả lời kết quả. " +
      "Tổng đài sẽ không gọi lại, không gửi tin ZNS, không hỏi khảo sát, không giữ ảnh sau khi xong việc, " +
      "và không báo tin về phản ánh của người khác mà ông/bà đang theo dõi. Ông/bà có thể đồng ý lại từng việc bất cứ lúc nào.",
    buttons: [button(RIGHTS_BUTTON.restrictConfirm), button(RIGHTS_BUTTON.restrictDecline)],
  },
  restricted:
    "Đã ghi nhận yêu cầu hạn chế xử lý. Từ nay tổng đài chỉ dùng dữ liệu của ông/bà để xử lý và trả lời phản ánh, hồ sơ của ông/bà.",
  restrictDeclined: "Tổng đài giữ nguyên cách xử lý dữ liệu như ông/bà đã đồng ý.",

  /** Objection to consent-based purposes: withdrawn at once. */
  objected: (purposes: readonly ConsentPurpose[]) =>
    `Đã ghi nhận ông/bà phản đối: ${purposes.map((p) => PURPOSE_LABEL[p]).join(", ")}. ` +
    "Tổng đài không dùng dữ liệu của ông/bà vào các việc này nữa. Việc xử lý phản ánh, hồ sơ theo quy định vẫn tiếp tục.",
};

/** A request for the commune's data-protection officer: what the citizen is told, and the officers. */
export const dpoSay = {
  button: "Gửi yêu cầu về dữ liệu",
  ask: "Ông/bà vui lòng nhắn nội dung yêu cầu về dữ liệu cá nhân (một tin nhắn). Cán bộ phụ trách dữ liệu cá nhân của UBND sẽ trả lời.",
  notText: "Ông/bà vui lòng nhắn nội dung yêu cầu bằng chữ.",
  dropped: "Tổng đài không gửi yêu cầu nào.",
  filed: (ackBy: string, settleBy: string) =>
    `Đã gửi yêu cầu của ông/bà đến cán bộ phụ trách dữ liệu cá nhân của UBND. ` +
    `Yêu cầu sẽ được tiếp nhận trước ${ackBy} và giải quyết trước ${settleBy}; kết quả được báo qua Zalo này.`,
  /** After a correction the hotline has nothing to apply to. */
  offer: "Nếu cần sửa thông tin khác, ông/bà có thể gửi yêu cầu cho cán bộ phụ trách dữ liệu cá nhân của UBND.",
};

export const dpoWording: DpoWording = {
  handlersNew: (r) =>
    `🔐 Yêu cầu về dữ liệu cá nhân #${r.id} của người dân qua Zalo:\n"${r.detail}"\n` +
    `Hạn tiếp nhận: ${r.ackBy}; hạn giải quyết: ${r.settleBy}. Xử lý trên trang quản trị hoặc API /privacy-requests.`,
  handlersOverdue: (r) =>
    r.level === 1
      ? `⚠️ Yêu cầu về dữ liệu cá nhân #${r.id} đã quá hạn tiếp nhận (${r.ackBy}). Hạn giải quyết: ${r.settleBy}.`
      : `⚠️ Yêu cầu về dữ liệu cá nhân #${r.id} đã quá hạn giải quyết (${r.settleBy}).`,
  citizenAcknowledged: (settleBy) =>
    `Cán bộ phụ trách dữ liệu cá nhân của UBND đã tiếp nhận yêu cầu của ông/bà; kết quả sẽ được báo trước ${settleBy}.`,
  citizenSettled: (answer) => `Yêu cầu về dữ liệu cá nhân của ông/bà đã được giải quyết. Trả lời của UBND:\n${answer}`,
};
