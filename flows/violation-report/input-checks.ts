/**
 * Whether a message typed at a step of the report is what the step asks for, or something said
 * on the side: a question ("chủ nhật xã có làm việc ko") is answered and the step goes on; a
 * correction ("à nhầm, là lấn chiếm vỉa hè chứ ko phải sai phép") changes what it corrects.
 * Neither may become the address or the description.
 */
import type { FlowContext } from "../../src/conversation/flow.js";
import { domainOf } from "../commune-domain.js";
import { type Intent, understand } from "../intents.js";
import { fold } from "../text/normalize.js";

/** Intents that are a question to the hotline, never a part of a report. */
const QUESTIONS: ReadonlySet<Intent["kind"]> = new Set<Intent["kind"]>([
  "hours",
  "address",
  "hotline",
  "officer",
  "procedure",
  "dossier_question",
  "lost_code",
  "my_cases",
  "followed_list",
  "greeting",
  "thanks",
  "goodbye",
  "complaint",
  "online_dossier",
  "citizen_reception",
  "anyone_there",
]);

// How a Vietnamese question is asked: "mấy giờ", "bao giờ", "ở đâu" anywhere, "… không?" at the end.
const ASKS_ANYWHERE =
  /(^| )(may gio|bao gio|bao lau|khi nao|o dau|cho nao|the nao|lam sao|bao nhieu|co ai)( |$)|^(cho (hoi|em hoi|toi hoi|minh hoi)|hoi|xin hoi) /;
const ASKS_AT_END = /(^| )(khong|ko|k|hong|chua|gi|nao|sao|ha|nhi)( a| vay| the| nhe| nhi| ad| ak)?$/;

/** The message asks the hotline something (a question, a greeting) rather than answer the step. */
export function isAside(text: string, ctx: FlowContext): boolean {
  const kind = understand(text, domainOf(ctx)).kind;
  if (!QUESTIONS.has(kind)) return false;
  // Words of an address or a description can look like a question's ("UBND xã", "giờ"): only a
  // message shaped as a question, or a bare courtesy, is taken aside.
  if (kind === "greeting" || kind === "thanks" || kind === "goodbye" || kind === "anyone_there") return true;
  const folded = fold(text);
  return text.includes("?") || ASKS_ANYWHERE.test(folded) || ASKS_AT_END.test(folded);
}

/** "nhầm", "không phải … mà là …", "… chứ không phải …", "sửa lại": the message corrects something. */
const MARKER =
  /(^| )(nham|sua lai|ghi lai|xin sua|y toi la|y em la)( |$)|(^| )(khong|ko|k) phai .* ma (la )?|(^| )chu (khong|ko|k) phai( |$)/;

/**
 * The corrected value of a correction ("à nhầm, là lấn chiếm vỉa hè chứ ko phải sai phép" → "lấn
 * chiếm vỉa hè"; "không phải sai phép mà là lấn chiếm" → "lấn chiếm"), in the resident's words;
 * null when the message corrects nothing.
 */
export function correctionIn(text: string): string | null {
  const folded = fold(text);
  if (!MARKER.test(folded)) return null;
  // Work on the original words (kept for an address): find the markers by their folded form.
  const words = text.trim().split(/\s+/u);
  const f = words.map((w) => fold(w));
  const at = (seq: string[], from = 0): number => {
    for (let i = from; i + seq.length <= f.length; i++) if (seq.every((s, j) => f[i + j] === s)) return i;
    return -1;
  };
  let kept = words;
  const butRather = Math.max(at(["ma", "la"]), at(["ma"]));
  const notFirst = Math.max(at(["khong", "phai"]), at(["ko", "phai"]), at(["k", "phai"]));
  if (notFirst >= 0 && butRather > notFirst) {
    kept = words.slice(butRather + (f[butRather + 1] === "la" ? 2 : 1));
  } else {
    const ratherThan = Math.max(at(["chu", "khong", "phai"]), at(["chu", "ko", "phai"]), at(["chu", "k", "phai"]));
    if (ratherThan >= 0) kept = words.slice(0, ratherThan);
  }
  // The leading "à nhầm, là", "xin sửa lại:", "ý tôi là" is not part of the value.
  const lead = /^((a|a a|o|oi|da|xin|em|toi|minh|chau)\s)*(nham|sua lai|ghi lai|sua|y toi la|y em la)?(\s(roi|a|nhe))*(\s(la|thanh|o))?$/;
  let start = 0;
  for (let i = Math.min(kept.length, 6); i > 0; i--) {
    if (lead.test(fold(kept.slice(0, i).join(" ")))) {
      start = i;
      break;
    }
  }
  const value = kept
    .slice(start)
    .join(" ")
    .replace(/^[\s,;:.\-–—]+|[\s,;:.\-–—]+$/gu, "");
  return value || null;
}

// "để lại số điện thoại", "de lai sdt", "cho số", "tôi nhập số": the resident is about to give a number.
const PHONE_WORDS = /(^| )(so dien thoai|so dt|sdt|sđt|dien thoai|dt|so)( |$)/;
const GIVES = /(^| )(de lai|de|nhap|cho|gui|dien|ghi|bao|xin gui|nhan|dua)( |$)/;
// Asking for the office's number instead ("sđt của xã là gì", "số tổng đài bao nhiêu").
const ASKS_OFFICE = /(^| )(xa|ubnd|uy ban|tong dai|hotline|duong day nong|mot cua|can bo|bao nhieu|la gi|may|nao|o dau)( |$)|\?/;

/**
 * At the contact step: the resident says they will leave their phone number (not a question
 * about the commune's phone, which the contact card would answer).
 */
export function offersOwnPhone(text: string): boolean {
  const folded = fold(text)
    .replace(/[.,!;:]+/g, " ")
    .trim();
  if (!PHONE_WORDS.test(folded) || ASKS_OFFICE.test(folded) || text.includes("?")) return false;
  // "số điện thoại" / "sđt" alone is the button's meaning here; with a verb of giving, the same.
  const bare =
    /^((toi|em|minh|chau|con|xin|vang|da|a|thi|la)\s)*(so dien thoai|so dt|sdt|dien thoai)(\s(a|nhe|nha|cua toi|cua em|cua minh|di))*$/;
  return bare.test(folded) || GIVES.test(folded);
}
