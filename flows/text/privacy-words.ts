/**
 * A citizen's words about their personal data: the notice ("quyền riêng tư", "dữ liệu của tôi",
 * "thong tin ca nhan", "dl cua t"), what the hotline holds, the consent options, a consent given
 * or withdrawn for one purpose, erasure. Buttons send these same words, so a tap and a typed
 * answer are one thing. Pure string work.
 */
import { CONSENT_PURPOSES, type ConsentPurpose } from "../../src/privacy/purposes.js";
import { PRIVACY_BUTTON } from "../messages.privacy.vi.js";
import { VOCABULARY_VI } from "../vocabulary.vi.js";
import { compileLexicon } from "./lexicon.js";
import { expandAbbreviations, tokens } from "./normalize.js";
import { findPhrases, phrase, type Phrase } from "./phrases.js";
import { words } from "./words.js";

export type PrivacyAsk =
  | { kind: "notice" }
  | { kind: "holdings" }
  | { kind: "consents" }
  | { kind: "consent"; purpose: ConsentPurpose; granted: boolean }
  | { kind: "erase" }
  | { kind: "eraseConfirmed" }
  | { kind: "eraseDeclined" };

// Shorthands of this topic only ("dl" is "dữ liệu" here, not elsewhere).
const LEXICON = compileLexicon(VOCABULARY_VI, {
  abbreviations: { dl: "dữ liệu", dlcn: "dữ liệu cá nhân", ttcn: "thông tin cá nhân", qrt: "quyền riêng tư", bm: "bảo mật" },
});

const compile = (list: readonly string[]): Phrase[] => list.map((s) => phrase(expandAbbreviations(tokens(s), LEXICON.abbreviations)));

const PHRASES = {
  eraseConfirmed: compile(["xác nhận xóa dữ liệu", "xác nhận xóa thông tin", "đồng ý xóa dữ liệu", "chắc chắn xóa"]),
  eraseDeclined: compile(["không xóa dữ liệu", "không xóa", "giữ lại dữ liệu", "thôi không xóa"]),
  erase: compile([
    "xóa dữ liệu",
    "xóa thông tin",
    "xóa hết dữ liệu",
    "xóa số điện thoại",
    "xóa tài khoản",
    "xóa tôi",
    "quên tôi",
    "xóa hết thông tin",
  ]),
  holdings: compile([
    "xem dữ liệu",
    "xem thông tin của tôi",
    "lưu gì",
    "giữ gì",
    "lưu những gì",
    "giữ những gì",
    "lưu dữ liệu gì",
    "biết gì về tôi",
    "có gì về tôi",
    "dữ liệu gì về tôi",
  ]),
  consents: compile(["tùy chọn đồng ý", "quản lý đồng ý", "các đồng ý", "sự đồng ý", "đồng ý gì"]),
  notice: compile([
    "quyền riêng tư",
    "riêng tư",
    "dữ liệu của tôi",
    "dữ liệu cá nhân",
    "thông tin cá nhân",
    "quyền dữ liệu",
    "bảo mật",
    "bảo vệ dữ liệu",
    "thông tin của tôi",
  ]),
  withdraw: compile([
    "rút đồng ý",
    "rút lại đồng ý",
    "rút lại",
    "không đồng ý",
    "hủy đồng ý",
    "thôi đồng ý",
    "bỏ đồng ý",
    "từ chối",
    "không cho phép",
  ]),
  grant: compile(["đồng ý", "cho phép", "chấp nhận", "chấp thuận"]),
};

const PURPOSE_PHRASES: Readonly<Record<ConsentPurpose, Phrase[]>> = {
  callback_phone: compile(["gọi lại", "gọi điện", "gọi cho tôi"]),
  zns_notices: compile(["zns", "tin zns", "tin nhắn", "sms", "ngoài zalo"]),
  rating_survey: compile(["khảo sát", "đánh giá", "lấy ý kiến"]),
  photos_kept: compile(["giữ ảnh", "lưu ảnh", "ảnh", "hình", "hình ảnh"]),
};

/** Longer messages tell of something else (a report, a question): never taken for these. */
const MAX_WORDS = 14;

/** The buttons' own words: all that counts inside a flow. */
const BUTTONS: readonly [Phrase, PrivacyAsk][] = [
  [PRIVACY_BUTTON.notice, { kind: "notice" }] as const,
  [PRIVACY_BUTTON.holdings, { kind: "holdings" }] as const,
  [PRIVACY_BUTTON.consents, { kind: "consents" }] as const,
  [PRIVACY_BUTTON.erase, { kind: "erase" }] as const,
  [PRIVACY_BUTTON.eraseConfirm, { kind: "eraseConfirmed" }] as const,
  [PRIVACY_BUTTON.eraseDecline, { kind: "eraseDeclined" }] as const,
  ...CONSENT_PURPOSES.flatMap((purpose) => [
    [PRIVACY_BUTTON.grant(purpose), { kind: "consent", purpose, granted: true }] as const,
    [PRIVACY_BUTTON.withdraw(purpose), { kind: "consent", purpose, granted: false }] as const,
  ]),
].map(([words, ask]): [Phrase, PrivacyAsk] => [compile([words])[0]!, ask]);

/**
 * What a message asks about personal data, or null. `strict`: only the buttons' own words count
 * (a flow is open, and its step may take other words for its own: "ảnh", "đồng ý", "bảo mật").
 */
export function privacyAskIn(text: string, opts: { strict?: boolean } = {}): PrivacyAsk | null {
  const ws = words(text, LEXICON);
  if (ws.length === 0 || ws.length > MAX_WORDS) return null;
  if (opts.strict) return BUTTONS.find(([p]) => sameWords(ws, p))?.[1] ?? null;
  const has = (list: readonly Phrase[]) => findPhrases(ws, list).length > 0;
  if (has(PHRASES.eraseConfirmed)) return { kind: "eraseConfirmed" };
  if (has(PHRASES.eraseDeclined)) return { kind: "eraseDeclined" };
  if (has(PHRASES.erase)) return { kind: "erase" };
  const consent = consentIn(ws);
  if (consent) return consent;
  if (has(PHRASES.holdings)) return { kind: "holdings" };
  if (has(PHRASES.consents)) return { kind: "consents" };
  if (has(PHRASES.notice)) return { kind: "notice" };
  return null;
}

function consentIn(ws: readonly string[]): PrivacyAsk | null {
  const withdraw = findPhrases(ws, PHRASES.withdraw);
  const grant = withdraw.length ? [] : findPhrases(ws, PHRASES.grant);
  if (!withdraw.length && !grant.length) return null;
  const named = CONSENT_PURPOSES.filter((p) => findPhrases(ws, PURPOSE_PHRASES[p]).length > 0);
  return named.length === 1 ? { kind: "consent", purpose: named[0]!, granted: withdraw.length === 0 } : null;
}

function sameWords(ws: readonly string[], p: Phrase): boolean {
  return ws.length === p.words.length && ws.every((w, i) => w === p.words[i]);
}
