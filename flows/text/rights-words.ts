/**
 * A citizen's words for their further rights over their data: correcting the phone or name kept
 * ("sửa số điện thoại", "doi sdt", "sửa tên"), restricting the processing ("hạn chế xử lý dữ liệu",
 * "ngừng dùng dữ liệu của tôi") and objecting ("phản đối khảo sát"). Buttons send these same
 * words. Pure string work, like privacy-words.ts.
 */
import { CONSENT_PURPOSES, type ConsentPurpose } from "../../src/privacy/purposes.js";
import { dpoSay, RIGHTS_BUTTON } from "../messages.rights.vi.js";
import { VOCABULARY_VI } from "../vocabulary.vi.js";
import { compileLexicon } from "./lexicon.js";
import { expandAbbreviations, tokens } from "./normalize.js";
import { findPhrases, phrase, type Phrase } from "./phrases.js";
import { words } from "./words.js";

export type RightsAsk =
  | { kind: "correct"; field: "phone" | "name" }
  | { kind: "restrict" }
  | { kind: "restrictConfirmed" }
  | { kind: "restrictDeclined" }
  | { kind: "object"; purposes: ConsentPurpose[] }
  | { kind: "dpo" };

const LEXICON = compileLexicon(VOCABULARY_VI, {
  abbreviations: { dl: "dữ liệu", dlcn: "dữ liệu cá nhân", ttcn: "thông tin cá nhân" },
});

const compile = (list: readonly string[]): Phrase[] => list.map((s) => phrase(expandAbbreviations(tokens(s), LEXICON.abbreviations)));

const CHANGE = ["sửa", "đổi", "thay", "cập nhật", "chỉnh", "sửa lại", "đổi lại", "thay đổi"];
const PHRASES = {
  phone: compile([
    ...CHANGE.flatMap((v) => [`${v} số điện thoại`, `${v} điện thoại`, `${v} thông tin liên hệ`]),
    "số điện thoại mới",
    "nhầm số điện thoại",
    "sai số điện thoại",
  ]),
  name: compile([...CHANGE.flatMap((v) => [`${v} tên`, `${v} họ tên`, `${v} họ và tên`]), "sai tên", "nhầm tên", "viết sai tên"]),
  restrictConfirmed: compile(["xác nhận hạn chế"]),
  restrictDeclined: compile(["không hạn chế", "thôi không hạn chế"]),
  restrict: compile([
    "hạn chế xử lý",
    "hạn chế dữ liệu",
    "hạn chế sử dụng",
    "hạn chế dùng",
    "ngừng xử lý",
    "dừng xử lý",
    "tạm dừng xử lý",
    "ngừng sử dụng dữ liệu",
    "ngừng dùng dữ liệu",
    "không dùng dữ liệu",
    "không sử dụng dữ liệu",
  ]),
  object: compile(["phản đối"]),
  dpo: compile([
    "yêu cầu về dữ liệu",
    "yêu cầu dữ liệu",
    "khiếu nại về dữ liệu",
    "khiếu nại dữ liệu",
    "phụ trách dữ liệu",
    "cán bộ bảo vệ dữ liệu",
    "cán bộ dữ liệu",
  ]),
};

const PURPOSE_PHRASES: Readonly<Record<ConsentPurpose, Phrase[]>> = {
  callback_phone: compile(["gọi lại", "gọi điện"]),
  zns_notices: compile(["zns", "tin zns", "tin nhắn", "sms"]),
  rating_survey: compile(["khảo sát", "đánh giá", "lấy ý kiến"]),
  photos_kept: compile(["giữ ảnh", "lưu ảnh", "ảnh", "hình ảnh"]),
};

/** A longer message tells of something else (a report naming a phone, say). */
const MAX_WORDS = 14;

const BUTTONS: readonly [Phrase, RightsAsk][] = (
  [
    [RIGHTS_BUTTON.correctPhone, { kind: "correct", field: "phone" }],
    [RIGHTS_BUTTON.correctName, { kind: "correct", field: "name" }],
    [RIGHTS_BUTTON.restrict, { kind: "restrict" }],
    [RIGHTS_BUTTON.restrictConfirm, { kind: "restrictConfirmed" }],
    [RIGHTS_BUTTON.restrictDecline, { kind: "restrictDeclined" }],
    [dpoSay.button, { kind: "dpo" }],
  ] as const
).map(([w, ask]): [Phrase, RightsAsk] => [compile([w])[0]!, ask]);

/**
 * What a message asks of these rights, or null. `strict`: a flow is open, only the buttons' own
 * words count. A correction may carry the new number ("đổi sđt 0912 345 678"): the flow reads it.
 */
export function rightsAskIn(text: string, opts: { strict?: boolean } = {}): RightsAsk | null {
  const ws = words(text, LEXICON);
  if (ws.length === 0 || ws.length > MAX_WORDS) return null;
  const exact = BUTTONS.find(([p]) => ws.length === p.words.length && ws.every((w, i) => w === p.words[i]));
  if (exact || opts.strict) return exact?.[1] ?? null;
  const has = (list: readonly Phrase[]) => findPhrases(ws, list).length > 0;
  if (has(PHRASES.restrictConfirmed)) return { kind: "restrictConfirmed" };
  if (has(PHRASES.restrictDeclined)) return { kind: "restrictDeclined" };
  if (has(PHRASES.restrict)) return { kind: "restrict" };
  if (has(PHRASES.object)) {
    const named = CONSENT_PURPOSES.filter((p) => findPhrases(ws, PURPOSE_PHRASES[p]).length > 0);
    return { kind: "object", purposes: named.length ? named : [...CONSENT_PURPOSES] };
  }
  if (has(PHRASES.dpo)) return { kind: "dpo" };
  if (has(PHRASES.name)) return { kind: "correct", field: "name" };
  if (has(PHRASES.phone)) return { kind: "correct", field: "phone" };
  return null;
}
