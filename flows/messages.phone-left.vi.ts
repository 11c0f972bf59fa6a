/** What the hotline says when a citizen sends a phone number outside any conversation (flows/phone-left.ts). */
import type { ReplyButton } from "../src/core/reply.js";

/** "0912 345 678": a number as people read it out, in groups. */
export function spokenPhone(phone: string): string {
  return phone.length === 10
    ? `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`
    : `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
}

export const PHONE_LEFT = {
  callBack: "Nhờ cán bộ gọi lại",
  forCase: (code: string) => `Số liên hệ cho ${code}`,
};

export const phoneLeft = {
  whatFor: (phone: string, code: string | null) =>
    `📞 Tổng đài đã nhận số ${spokenPhone(phone)}. Ông/bà để lại số này để làm gì ạ?` +
    (code ? `\nNếu là số liên hệ cho phản ánh ${code} của ông/bà, mời bấm nút "${PHONE_LEFT.forCase(code)}".` : ""),
  /** The buttons carry the number: a tap needs no memory of the question. */
  buttons: (phone: string, code: string | null): ReplyButton[] => [
    ...(code ? [{ title: PHONE_LEFT.forCase(code), payload: `Số liên hệ cho phản ánh ${code}: ${phone}` }] : []),
    { title: PHONE_LEFT.callBack, payload: `Nhờ cán bộ gọi lại số ${phone}` },
    { title: "Phản ánh, kiến nghị", payload: "Phản ánh, kiến nghị" },
    { title: "Gặp cán bộ", payload: "Gặp cán bộ" },
  ],
  /** What the front desk reads (the citizen's message, as if typed). */
  deskCallBack: (phone: string) => `📞 Đề nghị cán bộ gọi lại số ${phone}.`,
  deskForCase: (phone: string, code: string) => `📞 Số liên hệ cho phản ánh ${code}: ${phone}.`,
  deskAdded: (phone: string) => `📞 Số điện thoại liên hệ: ${phone}.`,
  passedOn: (phone: string, when: string | null, hotline: string) =>
    `Tổng đài đã chuyển đề nghị gọi lại số ${spokenPhone(phone)} đến Bộ phận một cửa${when ? ` (cán bộ xem lúc mở cửa: ${when})` : ""}. Việc gấp, ông/bà gọi đường dây nóng ${hotline}.`,
  passedOnForCase: (phone: string, code: string, when: string | null) =>
    `Tổng đài đã chuyển số ${spokenPhone(phone)} đến Bộ phận một cửa để cán bộ phụ trách phản ánh ${code} liên hệ khi cần${when ? ` (cán bộ xem lúc mở cửa: ${when})` : ""}.`,
  addedToMessage: (phone: string) => `Tổng đài đã thêm số ${spokenPhone(phone)} vào lời nhắn ông/bà để lại cho Bộ phận một cửa.`,
  full: (hotline: string) =>
    `Ông/bà đã để lại đủ số lời nhắn cho Bộ phận một cửa; cán bộ sẽ đọc và trả lời tại đây. Việc gấp, ông/bà gọi đường dây nóng ${hotline}.`,
};
