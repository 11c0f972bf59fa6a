/**
 * What the Open311 (GeoReport v2) interface says about cases in Vietnamese: the status notes an
 * Open311 client shows to the resident, and the notice given back when a request is filed.
 * Facts arrive already put into words (dates as dd/mm/yyyy HH:mm).
 */
import type { Open311Wording } from "../src/open311/georeport.js";

export const open311: Open311Wording = {
  /** `group` of every service: what the hotline receives. */
  group: "Trật tự xây dựng",
  /** `status_notes` of a case in each status. */
  statusNotes: {
    new: "Phản ánh đã được ghi nhận, đang chờ cán bộ tiếp nhận.",
    acknowledged: "Cán bộ đã tiếp nhận phản ánh và sẽ kiểm tra.",
    in_progress: "Cán bộ đang xử lý phản ánh.",
    resolved: "Phản ánh đã được xử lý.",
    rejected: "Phản ánh không được tiếp nhận xử lý.",
    closed: "Phản ánh đã kết thúc.",
  },
  /** `service_notice` of a filed request. */
  filed: (f: { code: string; ackBy: string | null }) =>
    `Đã ghi nhận phản ánh, mã theo dõi ${f.code}.` + (f.ackBy ? ` Cán bộ sẽ tiếp nhận trước ${f.ackBy}.` : ""),
  descriptionWithheld: "Phản ánh vi phạm: mô tả và ảnh chỉ tổ phụ trách, lãnh đạo xã và cán bộ bảo vệ dữ liệu cá nhân được xem.",
};
