/**
 * What the hand-off to a person ("Gặp cán bộ") says: to the citizen (polite, short, no promise the
 * office cannot keep) and to the front-desk officers (addressed as "đồng chí"). `handoffWording`
 * is what the workers send; `handoffSay` what the flows answer at once.
 */
import type { CommuneConfig } from "../src/commune/config.js";
import { formatDateTimeVN, toLocal } from "../src/core/local-time.js";
import type { Reply } from "../src/core/reply.js";
import { type CitizenMessage, LEFT_MESSAGES_CAP } from "../src/handoff/handoff.js";
import type { HandoffWording } from "../src/handoff/wording.js";
import { officeName, vi } from "./messages.vi.js";

/** Longest line of a citizen's message quoted in a notice (the whole text is relayed separately). */
const QUOTE_CHARS = 200;
/** In the morning digest, each message of a citizen is quoted this far (the officer who takes it sees all). */
const DIGEST_QUOTE_CHARS = 120;
/** One message of the digest stays under Zalo's 2,000 characters. */
const DIGEST_MESSAGE_CHARS = 1800;

const withMenu = (commune: CommuneConfig, lead: string): Reply => {
  const m = vi.menu(commune.name);
  return { type: "buttons", text: `${lead}\n\n${m.text}`, buttons: m.buttons };
};

const mapLink = (l: { latitude: number; longitude: number }) =>
  `https://maps.google.com/?q=${l.latitude.toFixed(6)},${l.longitude.toFixed(6)}`;

const OTHER: Record<string, string> = {
  sticker: "[nhãn dán]",
  gif: "[ảnh động]",
  audio: "[tin nhắn thoại]",
  video: "[video]",
  link: "[đường link]",
  business_card: "[danh thiếp]",
  contact: "[chia sẻ thông tin liên hệ]",
};

/** A citizen's message in one line for an officer. */
export function messageLine(m: CitizenMessage, maxChars = QUOTE_CHARS): string {
  const parts: string[] = [];
  if (m.text) parts.push(m.text.length > maxChars ? `${m.text.slice(0, maxChars)}…` : m.text);
  if (m.images?.length) parts.push(`[${m.images.length} ảnh]`);
  if (m.location) parts.push(`[vị trí] ${mapLink(m.location)}`);
  if (m.file) parts.push(`[tệp] ${m.file.name} ${m.file.url}`);
  if (m.other) parts.push(OTHER[m.other] ?? `[${m.other}]`);
  return parts.join(" ").replace(/\s*\n\s*/g, " ") || "[tin nhắn]";
}

const recentLines = (recent: CitizenMessage[]) =>
  recent.length
    ? ["Tin nhắn gần đây:", ...recent.map((m) => `• ${toLocal(new Date(m.at)).time} ${messageLine(m)}`)]
    : ["(Chưa nhắn gì thêm.)"];

/** Told when a hand-off starts: how the citizen gets the bot back. */
const HOW_TO_END = 'Muốn quay lại tổng đài tự động, ông/bà gõ "kết thúc".';

const takeButton = (ref: string) => ({ title: "Nhận trò chuyện", payload: `#nhanchat ${ref}` });
const who = (name: string | null) => (name ? `Tên Zalo: ${name}` : null);

/** What the flows answer at once (the citizen's side). */
export const handoffSay = {
  requested: `Tổng đài đã báo cán bộ Bộ phận một cửa. Cán bộ trực sẽ trả lời ông/bà ngay tại cuộc trò chuyện này, ông/bà vui lòng chờ trong ít phút. Ông/bà có thể nhắn trước nội dung cần hỏi.\n${HOW_TO_END}`,
  /** The citizen ended the conversation with the officer (with the menu after it). */
  endedByCitizen: "Cuộc trò chuyện với cán bộ đã kết thúc theo yêu cầu của ông/bà. Tổng đài tự động tiếp tục hỗ trợ ông/bà.",
  /** Outside office hours: when it opens, and the offer to leave a message. */
  closed: (when: string | null, hotline: string) =>
    [
      `Bộ phận một cửa hiện đang nghỉ${when ? `, mở cửa lại ${when}` : ""}.`,
      `Ông/bà có thể để lại lời nhắn ngay bây giờ (một tin nhắn bằng chữ; tối đa ${LEFT_MESSAGES_CAP} lời nhắn đến khi cán bộ đọc): tổng đài sẽ chuyển cho cán bộ lúc mở cửa. Không cần nữa, ông/bà gõ "hủy".`,
      `Việc gấp, ông/bà gọi đường dây nóng ${hotline}.`,
    ].join("\n"),
  /** Open, but no front-desk officer on duty on Zalo. */
  nobodyOnline: (hotline: string) =>
    [
      "Hiện chưa có cán bộ trực trả lời qua Zalo.",
      'Ông/bà có thể để lại lời nhắn (một tin nhắn bằng chữ): tổng đài chuyển ngay cho Bộ phận một cửa. Không cần nữa, ông/bà gõ "hủy".',
      `Việc gấp, ông/bà gọi đường dây nóng ${hotline}.`,
    ].join("\n"),
  /** The citizen already left as many messages as are taken before the front desk reads them. */
  leftFull: (when: string | null, hotline: string) =>
    [
      `Ông/bà đã để lại đủ ${LEFT_MESSAGES_CAP} lời nhắn; cán bộ Bộ phận một cửa sẽ đọc tất cả${when ? ` lúc mở cửa (${when})` : ""} và trả lời ông/bà tại đây.`,
      `Việc gấp, ông/bà gọi đường dây nóng ${hotline}.`,
    ].join("\n"),
  messagePrompt: 'Mời ông/bà nhắn nội dung cần gửi cán bộ trong một tin nhắn (gõ "hủy" nếu không cần nữa).',
  messageNotText:
    "Tổng đài chỉ chuyển được lời nhắn bằng chữ. Mời ông/bà nhắn nội dung cần gửi cán bộ (ảnh có thể gửi khi cán bộ trả lời).",
  /** `when`: the next opening, or null when it goes at once. */
  messageLeft: (when: string | null) =>
    when
      ? `Tổng đài đã nhận lời nhắn. Lời nhắn sẽ được chuyển đến cán bộ Bộ phận một cửa lúc mở cửa (${when}); cán bộ sẽ xem và trả lời ông/bà tại đây.`
      : "Tổng đài đã nhận lời nhắn và chuyển ngay đến cán bộ Bộ phận một cửa; cán bộ sẽ xem và trả lời ông/bà tại đây.",
};

/** What the workers send (the wording the composition root hands to src/handoff). */
export const handoffWording: HandoffWording = {
  request: ({ ref, name, recent }) => ({
    type: "buttons",
    text: [
      `🙋 Người dân cần gặp cán bộ – mã ${ref}`,
      who(name),
      ...recentLines(recent),
      `Bấm "Nhận trò chuyện" để trả lời (hoặc trả lời trên Zalo OA).`,
    ]
      .filter((l): l is string => l !== null)
      .join("\n"),
    buttons: [takeButton(ref)],
  }),
  leftDigest: (entries) => {
    const lines = entries.map(({ ref, name, messages }) => {
      const first = messages[0];
      const when = first ? formatDateTimeVN(new Date(first.at)) : "";
      const quoted = messages.map((m) => messageLine(m, DIGEST_QUOTE_CHARS)).join(" / ");
      return `• ${ref}${name ? ` – ${name}` : ""} (${messages.length} tin, từ ${when}): ${quoted}`;
    });
    const head = `✉️ ${entries.length} công dân nhắn ngoài giờ:`;
    const foot = `Nhận trò chuyện: #nhanchat MÃ (hoặc bấm nút). Cán bộ nhận sẽ thấy đủ các tin của người đó.`;
    // Several messages when long (a Zalo message holds 2,000 characters); the buttons come last.
    const chunks: string[][] = [[head]];
    for (const line of [...lines, foot]) {
      const last = chunks[chunks.length - 1]!;
      if ([...last, line].join("\n").length > DIGEST_MESSAGE_CHARS) chunks.push([line]);
      else last.push(line);
    }
    const replies: Reply[] = chunks.map((c) => ({ type: "text", text: c.join("\n") }));
    replies[replies.length - 1] = {
      type: "buttons",
      text: chunks[chunks.length - 1]!.join("\n"),
      buttons: entries.slice(0, 5).map((e) => ({ title: `Nhận ${e.ref}`, payload: `#nhanchat ${e.ref}` })),
    };
    return replies;
  },
  leftMessage: ({ ref, name, text, at }) => ({
    type: "buttons",
    text: [
      `✉️ Lời nhắn ngoài giờ – mã ${ref}`,
      who(name),
      `Gửi lúc ${formatDateTimeVN(at)}:`,
      text,
      `Bấm "Nhận trò chuyện" để trả lời người dân tại Zalo.`,
    ]
      .filter((l): l is string => l !== null)
      .join("\n"),
    buttons: [takeButton(ref)],
  }),
  taken: ({ ref, name, recent }) =>
    [
      `✅ Đồng chí đã nhận trò chuyện ${ref}${name ? ` với ${name}` : ""}.`,
      ...recentLines(recent),
      `Trả lời: #tl ${ref} nội dung (hoặc nhắn trên Zalo OA). Tin người dân nhắn sẽ chuyển tới đây. Xong việc, gõ #bot để tổng đài tự động trả lời tiếp.`,
    ].join("\n"),
  takenElsewhere: (ref, by) => `ℹ️ Yêu cầu ${ref} đã được ${by} nhận.`,
  takenByOther: (ref, by) => `Cuộc trò chuyện ${ref} đang do ${by} trả lời.`,
  console: "cán bộ trên Zalo OA",
  alreadyYours: (ref) => `Đồng chí đang trò chuyện ${ref}. Trả lời: #tl ${ref} nội dung; xong việc gõ #bot.`,
  notWaiting: (ref) =>
    `${ref} không có yêu cầu nào đang chờ: tổng đài tự động đang trả lời người dân. Muốn nhắn cho người dân, gõ #tl ${ref} nội dung.`,
  notYours: (ref) =>
    `Đồng chí không nhận được cuộc trò chuyện ${ref}: chỉ Bộ phận một cửa, hoặc tổ phụ trách phản ánh của chính người dân này, mới nhận trò chuyện.`,
  unknownRef: (ref) => `Không có người dân nào mã ${ref}. Đồng chí kiểm tra lại mã (5 ký tự).`,
  relayed: ({ ref, name, message }) => [
    {
      type: "text",
      text: `💬 ${name ?? "Người dân"} (${ref}): ${message.text ?? messageLine(message)}${message.text ? moreOf(message) : ""}`,
    },
    ...(message.images ?? []).map((url): Reply => ({ type: "image", url })),
  ],
  released: (ref) => `Đã trả cuộc trò chuyện ${ref} cho tổng đài tự động; người dân đã được báo.`,
  releasedQuiet: (ref, quietMs) => `⏱ ${ref}: ${duration(quietMs)} không ai nhắn, tổng đài tự động đã trả lời lại người dân.`,
  nothingHeld: "Đồng chí không giữ cuộc trò chuyện nào với người dân.",
  whichToRelease: (refs) => `Đồng chí đang giữ ${refs.length} cuộc trò chuyện: ${refs.join(", ")}. Gõ #bot MÃ để trả từng cuộc.`,

  officerJoined: (name) => `Cán bộ ${name} đã nhận cuộc trò chuyện và sẽ trả lời ông/bà tại đây.\n${HOW_TO_END}`,
  endedByCitizen: (ref) => `${ref}: người dân đã kết thúc cuộc trò chuyện; tổng đài tự động trả lời lại người dân.`,
  officerSays: (name, text) => `💬 Cán bộ ${name}: ${text}`,
  botBack: (commune) => withMenu(commune, "Cuộc trò chuyện với cán bộ đã kết thúc. Tổng đài tự động tiếp tục hỗ trợ ông/bà."),
  botBackUnanswered: (commune) =>
    withMenu(
      commune,
      `Xin lỗi ông/bà, các cán bộ đang bận nên chưa trả lời được. Ông/bà có thể gọi đường dây nóng ${commune.hotline} hoặc chọn "Gặp cán bộ" để nhắn lại sau. Tổng đài tự động tiếp tục hỗ trợ ông/bà.`,
    ),
  noOfficerNow: (commune) =>
    withMenu(
      commune,
      `Xin lỗi ông/bà, hiện không còn cán bộ trực trả lời qua Zalo. Ông/bà vui lòng gọi đường dây nóng ${commune.hotline} hoặc liên hệ ${officeName(commune)}.`,
    ),
};

/** "30 phút", or "3 giây" for the short periods of a test. */
function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} phút` : `${Math.max(1, Math.round(ms / 1000))} giây`;
}

/** What a message held besides its text (a photo with a caption, a place with its name). */
function moreOf(m: CitizenMessage): string {
  const rest = messageLine({ ...m, text: undefined });
  return rest === "[tin nhắn]" ? "" : ` ${rest}`;
}
