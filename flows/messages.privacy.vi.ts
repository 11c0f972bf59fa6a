/**
 * What the hotline tells citizens about their personal data (issue 25), in Vietnamese: the notice
 * shown on first contact and whenever asked, the consent options, "what do you hold about me" and
 * the erasure request. Plain words, short lines; no promise the office cannot keep.
 */
import type { CommuneConfig } from "../src/commune/config.js";
import type { Holdings } from "../src/privacy/holdings.js";
import type { ConsentPurpose } from "../src/privacy/purposes.js";
import { officeName } from "./messages.vi.js";

/** What a purpose is called on its buttons ("Đồng ý gọi lại", "Rút đồng ý gọi lại"). */
export const PURPOSE_LABEL: Readonly<Record<ConsentPurpose, string>> = {
  callback_phone: "gọi lại",
  zns_notices: "nhận tin ZNS",
  rating_survey: "khảo sát",
  photos_kept: "giữ ảnh",
};

/**
 * The exact text a person is shown for each purpose on the consent screen: stored with every
 * answer as the proof of what was agreed to (change it and new answers record the new text).
 */
export const CONSENT_TEXT: Readonly<Record<ConsentPurpose, string>> = {
  callback_phone: "Gọi lại: cán bộ UBND được dùng số điện thoại ông/bà để lại để gọi hỏi thêm hoặc báo kết quả phản ánh.",
  zns_notices:
    "Nhận tin ZNS: khi quá hạn nhắn tin của Zalo, tổng đài được gửi thông báo tiến độ phản ánh, hồ sơ qua tin nhắn Zalo (ZNS) đến số điện thoại của ông/bà.",
  rating_survey: "Khảo sát: sau khi xử lý xong, tổng đài được hỏi ông/bà đánh giá mức độ hài lòng.",
  photos_kept: "Giữ ảnh: ảnh ông/bà gửi được giữ lại sau khi phản ánh đã đóng, để làm tư liệu của UBND.",
};

/** Button payloads: what a tap sends back as the citizen's text (understood like typed words too). */
export const PRIVACY_BUTTON = {
  notice: "Quyền riêng tư",
  holdings: "Xem dữ liệu của tôi",
  consents: "Tùy chọn đồng ý",
  erase: "Xóa dữ liệu của tôi",
  eraseConfirm: "Xác nhận xóa dữ liệu của tôi",
  eraseDecline: "Không xóa dữ liệu",
  grant: (p: ConsentPurpose) => `Đồng ý ${PURPOSE_LABEL[p]}`,
  withdraw: (p: ConsentPurpose) => `Rút đồng ý ${PURPOSE_LABEL[p]}`,
} as const;

const button = (payload: string) => ({ title: payload, payload });

const yesNo = (v: boolean) => (v ? "đã đồng ý" : "chưa đồng ý");

export const privacySay = {
  /** The notice: controller, what is kept for what and how long, recipients, rights. */
  notice: (c: CommuneConfig) => {
    const office = officeName(c);
    const days = c.privacy.retentionDays;
    const contact = [`ĐT ${c.hotline}`, ...(c.email ? [c.email] : [])].join(", ");
    const dpo = c.privacy.contact ? `\nLiên hệ về dữ liệu cá nhân: ${c.privacy.contact}.` : "";
    return {
      text:
        `Về dữ liệu cá nhân của ông/bà:\n` +
        `• ${office} (${c.address}; ${contact}) là bên quản lý dữ liệu của tổng đài này.${dpo}\n` +
        `• Tổng đài lưu tài khoản Zalo và tin nhắn để trả lời ông/bà (xóa sau ${days.chatSessions} ngày không nhắn); ` +
        `nội dung, vị trí, ảnh, họ tên và số điện thoại trong phản ánh để xử lý theo quy định (kể từ khi đóng phản ánh: họ tên, số điện thoại xóa sau ${days.closedCaseContacts} ngày, ảnh sau ${days.closedCasePhotos} ngày); ` +
        `mã hồ sơ ông/bà theo dõi để báo tiến độ.\n` +
        `• Chỉ cán bộ UBND được giao việc xem các thông tin này; Zalo (Công ty VNG) chuyển tin nhắn theo hợp đồng với UBND.\n` +
        `• Gọi lại, tin ZNS, khảo sát, giữ ảnh sau khi xong việc: chỉ khi ông/bà đồng ý, rút lại bất cứ lúc nào.\n` +
        `• Ông/bà có quyền xem, sửa, xóa dữ liệu, rút đồng ý: bấm nút dưới đây, nhắn "quyền riêng tư", hoặc liên hệ UBND.`,
      buttons: [button(PRIVACY_BUTTON.holdings), button(PRIVACY_BUTTON.consents), button(PRIVACY_BUTTON.erase)],
    };
  },

  /** The consent screen: one line per purpose with its state, one button per purpose. */
  consents: (inForce: Record<ConsentPurpose, boolean>, purposes: readonly ConsentPurpose[]) => ({
    text:
      "Các việc dưới đây chỉ làm khi ông/bà đồng ý (im lặng là chưa đồng ý; rút lại bất cứ lúc nào):\n" +
      purposes.map((p) => `• ${CONSENT_TEXT[p]} (${yesNo(inForce[p])})`).join("\n"),
    buttons: purposes.map((p) => button(inForce[p] ? PRIVACY_BUTTON.withdraw(p) : PRIVACY_BUTTON.grant(p))),
  }),
  granted: (p: ConsentPurpose) => `Đã ghi nhận ông/bà đồng ý: ${CONSENT_TEXT[p]} Ông/bà có thể rút lại bất cứ lúc nào.`,
  withdrawn: (p: ConsentPurpose) =>
    `Đã ghi nhận ông/bà rút đồng ý "${PURPOSE_LABEL[p]}". Từ nay tổng đài không dùng dữ liệu của ông/bà vào việc này.`,
  grantButton: (p: ConsentPurpose) => button(PRIVACY_BUTTON.withdraw(p)),
  withdrawButton: (p: ConsentPurpose) => button(PRIVACY_BUTTON.grant(p)),

  /** "What do you hold about me". */
  holdings: (h: Holdings, c: CommuneConfig) => {
    const lines = [
      h.reported.total
        ? `• Phản ánh ông/bà đã gửi: ${h.reported.total} (${h.reported.codes.join(", ")}${h.reported.total > h.reported.codes.length ? ", …" : ""})`
        : "• Phản ánh ông/bà đã gửi: không có",
      `• Phản ánh ông/bà đang theo dõi: ${h.followedCases}`,
      `• Hồ sơ thủ tục ông/bà đang theo dõi: ${h.followedDossiers}`,
      `• Số điện thoại: ${h.phoneKept ? "có lưu" : "không lưu"}; họ tên: ${h.nameKept ? "có lưu (trong phản ánh)" : "không lưu"}`,
      ...(h.heldNotices ? [`• Thông báo đang chờ gửi cho ông/bà: ${h.heldNotices}`] : []),
      ...(h.messagesLeft ? [`• Lời nhắn ông/bà để lại cho cán bộ: ${h.messagesLeft}`] : []),
      `• Tin nhắn gần đây của cuộc trò chuyện (xóa sau ${c.privacy.retentionDays.chatSessions} ngày không nhắn)`,
      `• Đồng ý: ${(Object.keys(PURPOSE_LABEL) as ConsentPurpose[]).map((p) => `${PURPOSE_LABEL[p]} – ${yesNo(h.consents[p])}`).join("; ")}`,
    ];
    return {
      text: `Tổng đài đang lưu về ông/bà:\n${lines.join("\n")}`,
      buttons: [button(PRIVACY_BUTTON.consents), button(PRIVACY_BUTTON.erase)],
    };
  },
  holdingsUnavailable: "Hiện chưa xem được dữ liệu tổng đài lưu về ông/bà. Ông/bà vui lòng thử lại sau ít phút hoặc liên hệ UBND.",

  /** Erasure: asked to confirm first, since it cannot be undone. */
  eraseAsk: {
    text:
      "Ông/bà muốn xóa dữ liệu cá nhân? Tổng đài sẽ xóa tài khoản Zalo, họ tên, số điện thoại của ông/bà khỏi phản ánh, " +
      "hồ sơ đang theo dõi, thông báo đang chờ và cuộc trò chuyện. Phản ánh vẫn được UBND xử lý, nhưng ông/bà sẽ không nhận " +
      "thông báo về chúng nữa. Không thể hoàn tác.",
    buttons: [button(PRIVACY_BUTTON.eraseConfirm), button(PRIVACY_BUTTON.eraseDecline)],
  },
  erasing:
    "Tổng đài đã nhận yêu cầu và đang xóa dữ liệu cá nhân của ông/bà; việc xóa xong trong ít phút. " +
    "Yêu cầu này được lưu lại làm bằng chứng theo quy định, không kèm tài khoản hay số điện thoại của ông/bà.",
  eraseDeclined: "Tổng đài giữ nguyên dữ liệu của ông/bà.",
};
