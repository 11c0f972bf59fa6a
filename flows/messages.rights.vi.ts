/**
 * What the hotline says about the citizen's rights over their data beyond the notice and consents
 * (issue 25): the file of their data through a one-time link, correcting a contact, restriction
 * and objection, requests for the commune's data-protection officer. Plain words, short lines.
 */
import type { DataExportWording } from "../src/privacy/export.js";

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

export const rightsSay = {
  /** With "what do you hold about me": the file, through its one-time link. */
  exportLink: "Ông/bà có thể tải tệp đầy đủ dữ liệu này (dùng một lần, trong 24 giờ):",
  exportButton: "Tải tệp dữ liệu",
  /** Where the hotline has no public address for the link. */
  exportAtOffice: "Nếu cần tệp đầy đủ dữ liệu này, ông/bà có thể đề nghị tại bộ phận một cửa của UBND.",
};
