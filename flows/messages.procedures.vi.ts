/**
 * What the procedure guide says to citizens, in Vietnamese. Every fact comes from the commune's
 * catalogue; a fact it lacks is said to be missing, with where to ask, never guessed.
 * Button payloads are what a tap sends back as text ("Lệ phí: Đăng ký khai sinh"), so each is
 * also understood when typed.
 */
import type { ReplyButton } from "../src/core/reply.js";
import type { DocumentForm, Procedure, ProcedureDocument } from "../src/procedures/catalogue.js";
import type { ProcedureAspect } from "./text/lexicon.js";

/** Button titles of the parts of a procedure, in the order they are offered. */
export const ASPECT_LABEL: Record<Exclude<ProcedureAspect, "online">, string> = {
  papers: "Giấy tờ",
  time: "Thời gian",
  fee: "Lệ phí",
  where: "Nơi nộp",
};

/** Where a procedure is submitted when the catalogue does not say: the commune's one-stop counter. */
export interface Office {
  name: string;
  address: string;
  hotline: string;
}

const FORM: Record<Exclude<DocumentForm, "show">, string> = {
  original: "bản chính",
  copy: "bản sao",
  certified_copy: "bản sao có chứng thực",
};

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** Zalo shows button titles of up to 100 characters. */
const title = (t: string) => (t.length > 100 ? `${t.slice(0, 99)}…` : t);

function documentLine(d: ProcedureDocument): string {
  const how = d.form === "show" ? "" : ` (${d.copies > 1 ? `${d.copies} ` : ""}${FORM[d.form]})`;
  return `• ${d.name}${how}${d.note ? ` – ${d.note}` : ""}`;
}

const source = (p: Procedure) => `Nguồn: ${p.source} Cập nhật ${ddmmyyyy(p.sourceDate)}.`;
const askOffice = (o: Office) =>
  `Ông/bà vui lòng hỏi Bộ phận một cửa ${o.name} hoặc gọi đường dây nóng ${o.hotline} trước khi đi, để chỉ phải đến một lần.`;

export const procedures = {
  /** One part of a procedure, short enough for a phone screen. */
  papers(p: Procedure, o: Office, supplement: boolean): string {
    const lines = [`📋 ${p.name} – giấy tờ cần có:`];
    if (supplement) {
      lines.unshift("Giấy tờ cụ thể cần bổ sung được ghi trong thông báo yêu cầu bổ sung của Bộ phận một cửa. Giấy tờ của thủ tục này:");
    }
    const handed = p.documents.filter((d) => d.form !== "show");
    const shown = p.documents.filter((d) => d.form === "show");
    if (!p.documents.length)
      return [...lines.slice(0, -1), `📋 ${p.name}: danh mục của xã chưa ghi giấy tờ cần có. ${askOffice(o)}`].join("\n");
    lines.push(...handed.map(documentLine));
    if (shown.length) lines.push("Mang theo để xuất trình:", ...shown.map(documentLine));
    if (p.note) lines.push(p.note);
    lines.push(source(p));
    return lines.join("\n");
  },
  time(p: Procedure, o: Office): string {
    if (!p.processingTime) return `⏱ ${p.name}: danh mục của xã chưa ghi thời gian giải quyết. ${askOffice(o)}`;
    return [`⏱ ${p.name} – thời gian giải quyết: ${p.processingTime}`, source(p)].join("\n");
  },
  fee(p: Procedure, o: Office): string {
    if (!p.fee) return `💰 ${p.name}: danh mục của xã chưa ghi lệ phí. ${askOffice(o)}`;
    return [`💰 ${p.name} – lệ phí: ${p.fee}`, source(p)].join("\n");
  },
  where(p: Procedure, o: Office): string {
    const lines = [`📍 ${p.name} – nơi nộp: ${p.submitAt ?? `Bộ phận một cửa ${o.name}, ${o.address}.`}`];
    if (p.onlineUrl) lines.push(`Có thể nộp trực tuyến trên Cổng Dịch vụ công (nút "${ONLINE_BUTTON}").`);
    if (p.decidedBy) lines.push(`Người quyết định: ${p.decidedBy}`);
    return lines.join("\n");
  },
  online(p: Procedure, o: Office): string {
    if (!p.onlineUrl) {
      return `🌐 Danh mục của xã chưa ghi thủ tục ${p.name} nộp trực tuyến được. Ông/bà nộp tại Bộ phận một cửa ${o.name}, ${o.address}; cần hỏi thêm, gọi ${o.hotline}.`;
    }
    return [
      `🌐 ${p.name} nộp trực tuyến được trên Cổng Dịch vụ công: ${p.onlineUrl}`,
      `Hoặc nộp tại: ${p.submitAt ?? `Bộ phận một cửa ${o.name}, ${o.address}.`}`,
    ].join("\n");
  },

  /** Button to another part of the same procedure. */
  aspectButton: (aspect: Exclude<ProcedureAspect, "online">, p: Procedure): ReplyButton => ({
    title: ASPECT_LABEL[aspect],
    payload: `${ASPECT_LABEL[aspect]}: ${p.name}`,
  }),
  onlineButton: (url: string): ReplyButton => ({ title: ONLINE_BUTTON, payload: ONLINE_BUTTON, url }),
  /** A procedure offered by name; the tap asks for `aspect` of it. */
  pickButton: (p: Procedure, aspect: Exclude<ProcedureAspect, "online">): ReplyButton => ({
    title: title(p.name),
    payload: `${ASPECT_LABEL[aspect]}: ${p.name}`,
  }),

  whichOfThese: "Ông/bà hỏi thủ tục nào? Mời chọn bên dưới.",
  whichProcedure: (hotline: string) =>
    `Ông/bà muốn hỏi thủ tục nào? Chọn một thủ tục hay gặp bên dưới, hoặc nhắn tên thủ tục, ví dụ: "đăng ký khai sinh cần giấy tờ gì". Thủ tục khác, ông/bà gọi đường dây nóng ${hotline}.`,
  noCatalogue: (hotline: string) =>
    `Tổng đài chưa có hướng dẫn thủ tục. Ông/bà vui lòng gọi đường dây nóng ${hotline} hoặc hỏi Bộ phận một cửa.`,

  /** On a dossier's card: the guide to its procedure. */
  dossierGuideButton: (p: Procedure, waitingForSupplement: boolean): ReplyButton =>
    waitingForSupplement
      ? { title: "Giấy tờ cần bổ sung?", payload: `Giấy tờ cần bổ sung: ${p.name}` }
      : { title: "Hướng dẫn thủ tục", payload: `${ASPECT_LABEL.papers}: ${p.name}` },
};

export const ONLINE_BUTTON = "Nộp trực tuyến";
