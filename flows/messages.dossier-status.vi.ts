import type { DossierStatus } from "../src/dossiers/status.js";

/**
 * How a citizen is told each national dossier status (the official labels, which officers and
 * the CSV use, stay in src/dossiers/status.ts): a plain label and what to do next.
 */
export const DOSSIER_STATUS_WORDS: Record<DossierStatus, { label: string; nextStep: string }> = {
  1: {
    label: "Đã nộp, đang chờ cán bộ tiếp nhận",
    nextStep: "Ông/bà chưa cần làm gì thêm. Cán bộ sẽ kiểm tra và tiếp nhận hồ sơ.",
  },
  2: {
    label: "Đã được tiếp nhận",
    nextStep: "Ông/bà chưa cần làm gì thêm. Hồ sơ sẽ được chuyển giải quyết.",
  },
  3: {
    label: "Không được tiếp nhận",
    nextStep: "Xem lý do trong thông báo của Bộ phận Một cửa, hoàn thiện và nộp lại hồ sơ mới nếu cần.",
  },
  4: {
    label: "Đang được giải quyết",
    nextStep: "Ông/bà chưa cần làm gì thêm. Vui lòng chờ đến ngày hẹn trả kết quả.",
  },
  5: {
    label: "Cần bổ sung giấy tờ",
    nextStep:
      "Bổ sung giấy tờ theo thông báo của cán bộ: nộp trực tuyến hoặc mang đến Bộ phận Một cửa. Thời hạn giải quyết tính lại từ khi nhận đủ giấy tờ.",
  },
  6: {
    label: "Chờ nộp phí, lệ phí",
    nextStep: "Nộp phí, lệ phí (hoặc thuế) theo thông báo: trực tuyến hoặc tại Bộ phận Một cửa.",
  },
  7: {
    label: "Đã rút hồ sơ theo yêu cầu của người nộp",
    nextStep: "Hồ sơ đã được rút theo đề nghị của ông/bà.",
  },
  8: {
    label: "Đã dừng giải quyết",
    nextStep: "Xem lý do trong thông báo; nếu cần, liên hệ Bộ phận Một cửa để được hướng dẫn.",
  },
  9: {
    label: "Đã có kết quả, chờ ông/bà nhận",
    nextStep: "Đến Bộ phận Một cửa nhận kết quả (mang giấy biên nhận và căn cước), hoặc chờ nhận qua bưu điện nếu đã đăng ký.",
  },
  10: {
    label: "Đã trả kết quả",
    nextStep: "Hồ sơ đã hoàn tất, ông/bà không cần làm gì thêm.",
  },
};
