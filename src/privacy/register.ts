import { CONSENT_PURPOSES, type ConsentPurpose, type LegalBasis } from "./purposes.js";
import { DEFAULT_RETENTION_DAYS, type RetentionKind } from "./settings.js";

/**
 * The processing register (Decree 356/2025: the controller's record of processing): every piece of
 * personal data the hotline keeps, where, why, on which legal basis, for how long and who gets it.
 * The one source of truth: `npm run privacy:register` writes docs/privacy-register.md from it, and
 * a test fails when the file and this list differ, or when a column named here is not in the schema.
 */
export interface RegisterEntry {
  /** `table.column` in the database, or `redis:<key pattern>`. */
  where: string;
  what: string;
  purpose: string;
  basis: LegalBasis;
  /** The consent it rests on, when the basis is consent. */
  consent?: ConsentPurpose;
  /** A retention kind of the commune config, or a sentence when the purge does not apply. */
  retention: RetentionKind | string;
  recipients: string;
}

const OFFICERS = "cán bộ UBND được giao xử lý (tổ phụ trách, tổ trưởng, lãnh đạo xã)";
const ZALO = "Zalo / Công ty VNG (bên xử lý: chuyển tin nhắn)";
const WITH_CASE = "giữ cùng phản ánh (hồ sơ của UBND; thời hạn lưu trữ theo quy định lưu trữ, chưa tự động xóa)";
const EVIDENCE = "giữ làm bằng chứng (đề xuất 5 năm, chờ bộ phận pháp chế xác nhận; chưa tự động xóa)";

export const PROCESSING_REGISTER: readonly RegisterEntry[] = [
  {
    where: "redis:session:<channel>:<userId>",
    what: "Tài khoản Zalo (user id), bước đang làm, 5 tin nhắn gần nhất",
    purpose: "Trả lời cuộc trò chuyện; cho cán bộ tiếp nhận biết ngữ cảnh khi công dân xin gặp cán bộ",
    basis: "public_service",
    retention: "chatSessions",
    recipients: `${OFFICERS}; ${ZALO}`,
  },
  {
    where: "cases.reporter_user_sealed",
    what: 'Tài khoản Zalo của người phản ánh (mã hóa AES-256-GCM; mã băm có khóa cases.reporter_hash để tra cứu); phản ánh ẩn danh: xóa khi phản ánh đóng hoặc hết hạn hỏi "đã xử lý chưa"',
    purpose: "Báo tiến độ, kết quả phản ánh cho người phản ánh",
    basis: "law_enforcement",
    retention: "closedCaseContacts",
    recipients: ZALO,
  },
  {
    where: "cases.contact_name_sealed",
    what: "Họ tên người phản ánh (mã hóa AES-256-GCM)",
    purpose: "Cán bộ liên hệ người phản ánh khi xử lý",
    basis: "law_enforcement",
    retention: "closedCaseContacts",
    recipients: OFFICERS,
  },
  {
    where: "cases.contact_phone_sealed",
    what: "Số điện thoại người phản ánh (mã hóa AES-256-GCM; mã băm có khóa cases.contact_phone_hash để đối chiếu số gọi đến)",
    purpose: "Cán bộ gọi lại hỏi thêm hoặc báo kết quả",
    basis: "consent",
    consent: "callback_phone",
    retention: "closedCaseContacts",
    recipients: OFFICERS,
  },
  {
    where: "cases.contact_phone_sealed",
    what: "Số điện thoại người phản ánh, gửi cho Zalo (dạng 84…) khi gửi tin ZNS",
    purpose: "Gửi thông báo tiến độ, kết quả phản ánh qua tin ZNS khi quá hạn nhắn tin của Zalo",
    basis: "consent",
    consent: "zns_notices",
    retention: "closedCaseContacts",
    recipients: ZALO,
  },
  {
    where: "cases.description",
    what: "Nội dung phản ánh (có thể nêu người vi phạm: dữ liệu nhạy cảm về vi phạm pháp luật)",
    purpose: "Xử lý vi phạm trật tự xây dựng, vấn đề địa phương",
    basis: "law_enforcement",
    retention: WITH_CASE,
    recipients: OFFICERS,
  },
  {
    where: "cases.address",
    what: "Địa chỉ, vị trí (cùng cases.latitude, cases.longitude)",
    purpose: "Xác định nơi vi phạm, giao tổ phụ trách",
    basis: "law_enforcement",
    retention: WITH_CASE,
    recipients: OFFICERS,
  },
  {
    where: "case_photos.stored_path",
    what: "Ảnh hiện trường người phản ánh gửi (đã xóa EXIF: vị trí GPS, thiết bị); tệp ảnh xóa khi không còn phản ánh nào dùng",
    purpose:
      "Xử lý phản ánh; giữ sau khi đóng phản ánh chỉ khi có đồng ý (cases.photos_kept_by_consent ghi lại đồng ý khi người phản ánh không còn được liên kết với phản ánh)",
    basis: "consent",
    consent: "photos_kept",
    retention: "closedCasePhotos",
    recipients: OFFICERS,
  },
  {
    where: "case_photos.proof",
    what: "Ảnh cán bộ chụp khi xử lý xong (minh chứng kết quả; có thể có người, nhà cửa)",
    purpose: "Minh chứng việc UBND đã xử lý phản ánh",
    basis: "law_enforcement",
    retention: WITH_CASE,
    recipients: OFFICERS,
  },
  {
    where: "cases.rating",
    what: "Đánh giá mức độ hài lòng (cùng cases.citizen_confirmed)",
    purpose: "Khảo sát sự hài lòng sau khi xử lý",
    basis: "consent",
    consent: "rating_survey",
    retention: WITH_CASE,
    recipients: OFFICERS,
  },
  {
    where: "case_followers.user_id",
    what: "Tài khoản Zalo người theo dõi phản ánh",
    purpose: "Báo thay đổi trạng thái phản ánh",
    basis: "public_service",
    retention: "closedCaseContacts",
    recipients: ZALO,
  },
  {
    where: "dossier_followers.user_id",
    what: "Tài khoản Zalo người theo dõi hồ sơ thủ tục",
    purpose: "Báo tiến độ hồ sơ thủ tục hành chính",
    basis: "public_service",
    retention: "đến khi công dân bỏ theo dõi hoặc yêu cầu xóa (chưa tự động xóa)",
    recipients: ZALO,
  },
  {
    where: "held_notices.replies",
    what: "Thông báo chờ gửi (cùng held_notices.user_id)",
    purpose: "Gửi thông báo khi Zalo chưa cho gửi (ngoài 48 giờ, ban đêm)",
    basis: "public_service",
    retention: "heldNotices",
    recipients: ZALO,
  },
  {
    where: "handoff_messages.body",
    what: "Lời nhắn để lại cho cán bộ ngoài giờ (cùng handoff_messages.user_id)",
    purpose: "Chuyển lời nhắn cho cán bộ tiếp nhận vào giờ làm việc",
    basis: "public_service",
    retention: "handoffMessages",
    recipients: OFFICERS,
  },
  {
    where: "shared_phones.phone_hash",
    what: "Mã băm có khóa của số điện thoại công dân chia sẻ qua Zalo (không lưu số)",
    purpose: "Nhận ra người đã phản ánh qua điện thoại để theo dõi trên Zalo",
    basis: "public_service",
    retention: "sharedPhones",
    recipients: "không ai (chỉ phần mềm so khớp)",
  },
  {
    where: "consent_records.text_shown",
    what: "Đồng ý / rút đồng ý theo mục đích, nội dung đã hiển thị, thời điểm (người được nêu bằng mã băm có khóa)",
    purpose: "Chứng minh sự đồng ý",
    basis: "legal_obligation",
    retention: EVIDENCE,
    recipients: "người phụ trách bảo vệ dữ liệu của UBND",
  },
  {
    where: "privacy_requests.person_hash",
    what: "Yêu cầu xem, xóa dữ liệu và kết quả (người được nêu bằng mã băm có khóa)",
    purpose: "Chứng minh việc thực hiện quyền của chủ thể dữ liệu",
    basis: "legal_obligation",
    retention: EVIDENCE,
    recipients: "người phụ trách bảo vệ dữ liệu của UBND",
  },
  {
    where: "privacy_requests.detail",
    what: "Nội dung yêu cầu về dữ liệu gửi cán bộ phụ trách bảo vệ dữ liệu (lời của công dân) và câu trả lời (privacy_requests.answer)",
    purpose: "Giải quyết yêu cầu của chủ thể dữ liệu trong thời hạn luật định",
    basis: "legal_obligation",
    retention: EVIDENCE,
    recipients: "người phụ trách bảo vệ dữ liệu của UBND; lãnh đạo xã khi quá hạn",
  },
  {
    where: "privacy_requests.reply_user_id",
    what: "Tài khoản Zalo của người gửi yêu cầu cho cán bộ phụ trách bảo vệ dữ liệu",
    purpose: "Báo cho công dân khi yêu cầu được tiếp nhận và giải quyết",
    basis: "legal_obligation",
    retention: "xóa khi yêu cầu được giải quyết (hoặc khi công dân yêu cầu xóa dữ liệu)",
    recipients: ZALO,
  },
  {
    where: "access_audit.reader_id",
    what: "Ai (cán bộ) xem thông tin liên hệ, ảnh của phản ánh nào, lúc nào, qua đâu (không lưu dữ liệu đã xem, không nêu công dân)",
    purpose: "Kiểm soát truy cập dữ liệu cá nhân; bước đầu của báo cáo sự cố lộ dữ liệu",
    basis: "legal_obligation",
    retention: "accessAudit",
    recipients: "quản trị hệ thống; người phụ trách bảo vệ dữ liệu của UBND",
  },
  {
    where: "redis:data-export:<sha256(token)>",
    what: "Tài khoản Zalo và xã của đường dẫn tải tệp dữ liệu một lần (đường dẫn chỉ mang mã ngẫu nhiên)",
    purpose: "Cho công dân tải tệp toàn bộ dữ liệu tổng đài lưu về mình (quyền được xem)",
    basis: "legal_obligation",
    retention: "24 giờ; sau khi dùng chỉ còn dấu đã dùng, không kèm tài khoản",
    recipients: "chỉ người có đường dẫn",
  },
];

const BASIS: Readonly<Record<LegalBasis, string>> = {
  public_service: "thực hiện nhiệm vụ của cơ quan nhà nước (dịch vụ công)",
  law_enforcement: "xử lý vi phạm pháp luật",
  consent: "sự đồng ý",
  legal_obligation: "nghĩa vụ theo luật",
};

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function retentionOf(r: RegisterEntry["retention"]): string {
  if (r in DEFAULT_RETENTION_DAYS) {
    const kind = r as RetentionKind;
    return `${DEFAULT_RETENTION_DAYS[kind]} ngày (mặc định; \`privacy.retentionDays.${kind}\` trong cấu hình xã)`;
  }
  return r;
}

/** The register as Markdown (docs/privacy-register.md). */
export function renderRegister(entries: readonly RegisterEntry[] = PROCESSING_REGISTER): string {
  const rows = entries.map((e) =>
    [
      `\`${e.where}\``,
      e.what,
      e.purpose,
      e.consent ? `${BASIS[e.basis]} (\`${e.consent}\`)` : BASIS[e.basis],
      retentionOf(e.retention),
      e.recipients,
    ]
      .map(cell)
      .join(" | "),
  );
  return [
    "# Sổ đăng ký xử lý dữ liệu cá nhân (processing register)",
    "",
    "<!-- Generated by `npm run privacy:register` from src/privacy/register.ts: edit that file, not this one. -->",
    "",
    "Bên kiểm soát dữ liệu: UBND xã vận hành tổng đài (tên, địa chỉ, liên hệ trong cấu hình xã). Bên xử lý: Zalo / Công ty VNG",
    "(chuyển tin nhắn), đơn vị lưu trữ máy chủ của xã. Thời hạn lưu là mặc định, chờ bộ phận pháp chế của xã xác nhận.",
    "",
    "| Nơi lưu | Dữ liệu | Mục đích | Cơ sở pháp lý | Thời hạn lưu | Người nhận |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
    "",
    "Mục đích cần sự đồng ý (hỏi bằng một nút cho mỗi mục, rút lại bằng một nút): " +
      CONSENT_PURPOSES.map((p) => `\`${p}\``).join(", ") +
      ".",
    "",
  ].join("\n");
}
