/**
 * What the report flow says to residents, in Vietnamese: construction-order violations and the
 * other local problems of the commune's categories (lighting, roads, rubbish…), so the wording
 * speaks of "phản ánh", not only of "vi phạm".
 * The confirmation with the tracking code is the case worker's (flows/messages.cases.vi.ts).
 * Button payloads are what a tap sends back as text, so each is also understood when typed.
 */
import type { ReplyButton } from "../src/core/reply.js";
import { CONSENT_TEXT } from "./messages.privacy.vi.js";

/** Payloads of the flow's fixed buttons. */
export const REPORT = {
  photosDone: "Xong",
  skipPhotos: "Bỏ qua ảnh",
  clearPhotos: "Xóa hết ảnh",
  shareZalo: "Chia sẻ thông tin Zalo",
  typePhone: "Nhập số điện thoại",
  anonymous: "Ẩn danh",
  znsYes: "Đồng ý",
  znsNo: "Không",
  submit: "Gửi",
  edit: "Sửa",
  cancel: "Hủy",
  fileNew: "Vẫn gửi phản ánh mới",
  unknownVillage: "Không rõ thôn",
  useShortened: "Dùng bản rút gọn",
  rewrite: "Nhắn lại mô tả",
  placeRight: "Đúng địa điểm này",
} as const;

/** The parts of a report a resident can change from the summary, in the order they are asked. */
export const REPORT_PARTS = [
  { id: "category", title: "Loại phản ánh" },
  { id: "location", title: "Vị trí" },
  { id: "photos", title: "Ảnh" },
  { id: "description", title: "Mô tả" },
  { id: "contact", title: "Liên hệ" },
] as const;

/** What the summary shows, already put into words by the flow. */
export interface ReportSummary {
  category: string;
  location: string;
  photos: number;
  description: string;
  /** Null: anonymous. */
  contact: string | null;
}

/** Where an open case nearby stands, as the duplicate offer says it (a new case is not "being handled" yet). */
const NEARBY_STATUS: Record<string, string> = {
  new: "đang chờ cán bộ tiếp nhận",
  acknowledged: "đã được cán bộ tiếp nhận",
  in_progress: "đang được cán bộ xử lý",
};

const button = (title: string, payload: string = title): ReplyButton => ({ title, payload });

export const report = {
  askCategory: "📝 Phản ánh, kiến nghị.\nBước 1/5 – Ông/bà muốn phản ánh việc gì? Chọn một mục bên dưới (hoặc nhắn số thứ tự).",
  moreCategories: "Các mục khác:",
  categoryFromWords: (name: string) => `📝 Phản ánh – loại: ${name}. (Chưa đúng thì bấm "Sửa" ở bước cuối để đổi.)`,
  categoryCorrected: (name: string) => `✏️ Đã sửa loại phản ánh thành: ${name}.`,
  categoryNotUnderstood: (names: string[]) =>
    `Tổng đài chưa rõ ông/bà phản ánh việc gì. Mời ông/bà bấm một nút bên dưới hoặc nhắn số thứ tự:\n${names.map((n, i) => `${i + 1}. ${n}`).join("\n")}`,

  askLocation:
    'Bước 2/5 – Việc ông/bà phản ánh ở đâu? Ông/bà gửi vị trí trên Zalo (bấm dấu ＋ hoặc biểu tượng 📍 → Vị trí, rồi ghim đúng chỗ), hoặc nhắn địa chỉ / địa điểm gần đó, ví dụ: "ngõ 3 thôn Phú Mỹ, gần chợ".',
  askNamedPlace: (address: string, area: string | null) =>
    `Bước 2/5 – Có phải việc ông/bà phản ánh ở "${address}"${area ? ` (${area})` : ""}? Bấm "${REPORT.placeRight}", hoặc gửi vị trí 📍 / nhắn địa chỉ khác.`,
  namedPlaceButtons: [button(REPORT.placeRight)],
  locationNotUnderstood:
    "Tổng đài cần vị trí nơi xảy ra việc ông/bà phản ánh: gửi vị trí (📍) trên Zalo, hoặc nhắn địa chỉ cụ thể (số nhà, ngõ, thôn, địa điểm gần đó).",
  askVillage: (address: string) => `Tổng đài đã ghi địa chỉ "${address}". Địa chỉ này thuộc thôn nào? Mời ông/bà chọn bên dưới.`,
  villageNotUnderstood: (names: string[]) =>
    `Mời ông/bà chọn thôn bằng nút bên dưới hoặc nhắn số thứ tự:\n${names.map((n, i) => `${i + 1}. ${n}`).join("\n")}\nNếu không rõ, chọn "${REPORT.unknownVillage}".`,
  moreVillages: "Các thôn khác:",
  /** `province`: where a place outside every village of the commune may belong (PROVINCE_CONFIG's general hotline). */
  pinReceived: (area: string | null, commune: string, province?: { name: string; hotline: string }) =>
    area
      ? `📍 Đã nhận vị trí (${area}).`
      : "📍 Đã nhận vị trí. Tổng đài chưa xác định được vị trí này thuộc thôn nào; cán bộ sẽ kiểm tra." +
        (province
          ? ` Nếu nơi này không thuộc ${commune.charAt(0).toLowerCase()}${commune.slice(1)}, ông/bà có thể gọi đường dây nóng của ${province.name} (${province.hotline}) để được hướng dẫn nơi tiếp nhận.`
          : ""),

  /** A pin in a neighbouring commune of the deployment: a fact here; who handles it is told once, with the code. */
  pinInNeighbour: (commune: string) => `📍 Đã nhận vị trí (thuộc địa bàn ${commune}).`,
  /** A pin in no commune of the deployment: refused, with the province's general hotline (else the commune's own). */
  pinOutside: (hotline: string, province: string | null) =>
    "📍 Vị trí ông/bà gửi không thuộc địa bàn tổng đài này phục vụ, nên tổng đài chưa nhận được phản ánh tại vị trí đó. " +
    "Nếu ghim nhầm, ông/bà gửi lại vị trí 📍 hoặc nhắn địa chỉ nơi xảy ra việc. " +
    (province
      ? `Nếu việc xảy ra ở địa phương khác, ông/bà gọi đường dây nóng của ${province} (${hotline}) để được hướng dẫn nơi tiếp nhận.`
      : `Nếu việc xảy ra ở địa phương khác, ông/bà gọi đường dây nóng ${hotline} để được hướng dẫn nơi tiếp nhận.`),

  askPhotos: (have: number, max: number) =>
    have > 0
      ? `Bước 3/5 – Tổng đài đã có ${have}/${max} ảnh. Ông/bà có thể gửi thêm ảnh, rồi bấm "${REPORT.photosDone}".`
      : `Bước 3/5 – Mời ông/bà gửi ảnh hiện trường (tối đa ${max} ảnh). Gửi xong bấm "${REPORT.photosDone}"; không có ảnh thì bấm "${REPORT.skipPhotos}".`,
  photoReceived: (have: number, max: number) => `📷 Đã nhận ${have}/${max} ảnh. Gửi thêm hoặc bấm "${REPORT.photosDone}".`,
  photoKept: (have: number, max: number) => `📷 Đã nhận ${have}/${max} ảnh (ảnh sẽ được gửi kèm phản ánh).`,
  photosFull: (max: number) => `📷 Đã đủ ${max} ảnh.`,
  tooManyPhotos: (max: number) =>
    `Mỗi phản ánh gửi được tối đa ${max} ảnh; tổng đài giữ ${max} ảnh gửi đầu tiên, các ảnh sau không được ghi nhận.`,
  photosCleared: "Đã xóa các ảnh trước. Mời ông/bà gửi lại ảnh.",
  photosNotUnderstood: (max: number) =>
    `Ở bước này tổng đài cần ảnh hiện trường (tối đa ${max} ảnh). Gửi ảnh, hoặc bấm "${REPORT.photosDone}" khi đã gửi xong, "${REPORT.skipPhotos}" nếu không có ảnh.`,
  photoButtons: (have: number) => (have > 0 ? [button(REPORT.photosDone), button(REPORT.clearPhotos)] : [button(REPORT.skipPhotos)]),

  askDescription: (min: number, max: number) =>
    `Bước 4/5 – Mời ông/bà mô tả sự việc: việc gì, từ khi nào, của ai (nếu biết)… (từ ${min} đến ${max} ký tự).`,
  descriptionTooShort: (length: number, min: number, max: number) =>
    `Mô tả quá ngắn (${length} ký tự). Mời ông/bà mô tả rõ hơn, từ ${min} đến ${max} ký tự, ví dụ: "Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay".`,
  offerShortened: (length: number, max: number, short: string) =>
    `Mô tả dài ${length} ký tự, quá giới hạn ${max} ký tự. Tổng đài có thể gửi bản rút gọn dưới đây (phần cuối được lược bớt):\n\n"${short}"\n\nBấm "${REPORT.useShortened}" để dùng bản này, hoặc "${REPORT.rewrite}" để tự viết lại ngắn hơn.`,
  shortenButtons: [button(REPORT.useShortened), button(REPORT.rewrite)],
  keptAsDescription: '📝 Tổng đài đã ghi nội dung ông/bà vừa nhắn làm mô tả của phản ánh (nếu ông/bà không muốn phản ánh, nhắn "hủy").',
  descriptionNotText: (min: number, max: number) => `Ở bước này tổng đài cần mô tả bằng chữ (từ ${min} đến ${max} ký tự).`,

  askContact:
    'Bước 5/5 – Cán bộ có thể cần liên hệ để xác minh. Ông/bà muốn để lại thông tin liên hệ thế nào?\n(Chọn "Ẩn danh" thì phản ánh không lưu tên, số điện thoại của ông/bà.)',
  contactButtons: [button(REPORT.shareZalo), button(REPORT.typePhone), button(REPORT.anonymous)],
  contactNotUnderstood: `Mời ông/bà chọn: "${REPORT.shareZalo}", "${REPORT.typePhone}" (hoặc nhắn luôn số điện thoại), hoặc "${REPORT.anonymous}".`,
  requestInfo: {
    title: "Chia sẻ thông tin liên hệ",
    subtitle: "Để cán bộ xã liên hệ xác minh phản ánh của ông/bà",
  },
  waitingForZalo: `Mời ông/bà bấm "Chia sẻ" ở tin nhắn trên để gửi tên và số điện thoại Zalo. Ông/bà cũng có thể nhắn số điện thoại, hoặc chọn "${REPORT.anonymous}".`,
  askPhone: "Mời ông/bà nhắn số điện thoại liên hệ, ví dụ: 0912 345 678.",
  badPhone:
    'Số điện thoại chưa đúng. Mời ông/bà nhắn số di động 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09 (ví dụ 0912 345 678), hoặc số cố định bắt đầu bằng 02 (ví dụ 024 3384 3115). Không muốn để lại số thì chọn "Ẩn danh".',
  phoneButtons: [button(REPORT.anonymous)],
  /** The ZNS consent, asked once with the phone left (the consent's own text is what is recorded). */
  askZns: `${CONSENT_TEXT.zns_notices} Ông/bà có đồng ý không? Ông/bà rút lại được bất cứ lúc nào (nhắn "Rút đồng ý nhận tin ZNS").`,
  znsButtons: [button(REPORT.znsYes), button(REPORT.znsNo)],
  znsNotUnderstood: `Ông/bà bấm "${REPORT.znsYes}" để nhận thông báo qua tin ZNS, hoặc "${REPORT.znsNo}".`,
  znsGranted: "Đã ghi nhận ông/bà đồng ý nhận thông báo qua tin ZNS.",
  znsDeclined: "Tổng đài sẽ không gửi tin ZNS; thông báo về phản ánh sẽ đến khi ông/bà nhắn tin cho tổng đài.",
  sharedWithoutPhone: 'Zalo chưa gửi kèm số điện thoại. Mời ông/bà nhắn số điện thoại liên hệ, hoặc chọn "Ẩn danh".',

  nearby: (code: string, meters: number, date: string, status: string | undefined) =>
    `ℹ️ Gần vị trí này (khoảng ${Math.max(1, Math.round(meters))} m) đã có phản ánh ${code} cùng loại, gửi ngày ${date}, ${NEARBY_STATUS[status ?? ""] ?? "chưa xử lý xong"}. Ông/bà có muốn theo dõi phản ánh đó thay vì gửi phản ánh mới không?`,
  sameVillage: (code: string, village: string, date: string, status: string | undefined) =>
    `ℹ️ Ở ${village} đã có phản ánh ${code} cùng loại, gửi ngày ${date}, ${NEARBY_STATUS[status ?? ""] ?? "chưa xử lý xong"}. Nếu là cùng một việc, ông/bà có muốn theo dõi phản ánh đó thay vì gửi phản ánh mới không?`,
  followButton: (code: string) => button(`Theo dõi phản ánh ${code}`),
  fileNewButton: button(REPORT.fileNew),
  nearbyNotUnderstood: (code: string) => `Mời ông/bà chọn "Theo dõi phản ánh ${code}" hoặc "${REPORT.fileNew}".`,
  followed: (code: string) =>
    `Đã đăng ký theo dõi phản ánh ${code}. Khi phản ánh được cập nhật, tổng đài sẽ nhắn cho ông/bà. Cảm ơn ông/bà đã phản ánh!`,

  summary(s: ReportSummary): string {
    return [
      "📋 Ông/bà kiểm tra lại phản ánh:",
      `• Loại phản ánh: ${s.category}`,
      `• Vị trí: ${s.location}`,
      `• Ảnh: ${s.photos > 0 ? `${s.photos} ảnh` : "không có"}`,
      `• Mô tả: ${s.description}`,
      `• Liên hệ: ${s.contact ?? "Ẩn danh"}`,
      "",
      `Bấm "${REPORT.submit}" để gửi, "${REPORT.edit}" để sửa một mục, "${REPORT.cancel}" để hủy.`,
    ].join("\n");
  },
  summaryButtons: [button(REPORT.submit), button(REPORT.edit), button(REPORT.cancel)],
  summaryNotUnderstood: `Mời ông/bà bấm "${REPORT.submit}" để gửi phản ánh, "${REPORT.edit}" để sửa, hoặc "${REPORT.cancel}" để hủy.`,
  pinLocation: (area: string | null, address?: string) => `${address ? `${address} – ` : ""}ghim trên bản đồ (${area ?? "chưa rõ thôn"})`,
  typedLocation: (address: string, area: string | null) => `${address} (${area ?? "chưa rõ thôn"})`,
  contactText: (name?: string, phone?: string) => [name, phone].filter(Boolean).join(" – "),

  askPart: "Ông/bà muốn sửa mục nào?",
  partNotUnderstood: `Mời ông/bà chọn mục cần sửa: ${REPORT_PARTS.map((p) => p.title).join(", ")}.`,
  partButtons: REPORT_PARTS.map((p) => button(p.title)),

  sending: "⏳ Đang gửi phản ánh… Tổng đài sẽ nhắn mã phản ánh để ông/bà theo dõi ngay sau đây.",
  firstStep: "Đây là bước đầu tiên của phản ánh.",

  /** One line after a question answered on the side: where the report stands. */
  remind: {
    category: "↩️ Tiếp tục phản ánh (bước 1/5): mời ông/bà chọn loại phản ánh ở tin nhắn trên, hoặc nhắn số thứ tự.",
    location: "↩️ Tiếp tục phản ánh (bước 2/5): việc ông/bà phản ánh ở đâu? Ông/bà gửi vị trí 📍 hoặc nhắn địa chỉ.",
    village: "↩️ Tiếp tục phản ánh: địa chỉ ông/bà nhắn thuộc thôn nào?",
    photos: "↩️ Tiếp tục phản ánh (bước 3/5): ông/bà gửi ảnh hiện trường, hoặc bấm nút bên dưới.",
    description: "↩️ Tiếp tục phản ánh (bước 4/5): mời ông/bà mô tả sự việc.",
    shorten: "↩️ Tiếp tục phản ánh (bước 4/5): ông/bà có dùng bản mô tả rút gọn không?",
    contact: "↩️ Tiếp tục phản ánh (bước 5/5): ông/bà muốn để lại thông tin liên hệ thế nào?",
    zalo: `↩️ Tiếp tục phản ánh: mời ông/bà bấm "Chia sẻ" ở tin nhắn trên, hoặc nhắn số điện thoại.`,
    phone: "↩️ Tiếp tục phản ánh: mời ông/bà nhắn số điện thoại liên hệ.",
    zns: `↩️ Tiếp tục phản ánh: ông/bà có đồng ý nhận thông báo qua tin ZNS không? Bấm "${REPORT.znsYes}" hoặc "${REPORT.znsNo}".`,
    nearby: "↩️ Tiếp tục phản ánh: ông/bà theo dõi phản ánh đã có, hay vẫn gửi phản ánh mới?",
    summary: `↩️ Tiếp tục phản ánh: bấm "${REPORT.submit}" để gửi, "${REPORT.edit}" để sửa, "${REPORT.cancel}" để hủy.`,
    edit: "↩️ Tiếp tục phản ánh: ông/bà muốn sửa mục nào?",
  },
};

export type ReportMessages = typeof report;
