/**
 * The national 1–10 dossier status codes (TrangThaiHoSo) of the one-stop system, as synchronised
 * to the National Public Service Portal (dichvucong.gov.vn) and shown by provincial one-stop
 * systems. The official labels below are the ones those systems use:
 *
 * | code | official label                          | what it means for the citizen            |
 * |------|-----------------------------------------|------------------------------------------|
 * | 1    | Mới đăng ký                             | submitted online, waiting to be received |
 * | 2    | Được tiếp nhận                          | received                                 |
 * | 3    | Không được tiếp nhận                    | refused at reception                     |
 * | 4    | Đang xử lý                              | being processed                          |
 * | 5    | Yêu cầu bổ sung giấy tờ                 | supplement requested                     |
 * | 6    | Yêu cầu thực hiện nghĩa vụ tài chính    | fees / charges / taxes due               |
 * | 7    | Công dân yêu cầu rút hồ sơ              | withdrawn at the citizen's request       |
 * | 8    | Dừng xử lý                              | processing stopped                       |
 * | 9    | Đã xử lý xong                           | processed, result waiting to be collected|
 * | 10   | Đã trả kết quả                          | result returned                          |
 *
 * (The draft guessed 6 = "returned/refused"; the national list has no such code — a
 * refusal is 3 at reception or 8 during processing, and 6 is the fees-due status.)
 */
import { stripDiacritics } from "../core/vietnamese.js";

export const DOSSIER_STATUS_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type DossierStatus = (typeof DOSSIER_STATUS_CODES)[number];

/** What the citizen has to do next. */
export type NextStep = "wait" | "bring_documents" | "pay" | "collect" | "resubmit" | "contact_office" | "nothing";

export interface DossierStatusInfo {
  code: DossierStatus;
  /** The label of the national system, as officers and the CSV use it. */
  officialLabel: string;
  nextStep: NextStep;
  /** No further change is expected (the dossier is closed one way or another). */
  final: boolean;
  /** Other spellings accepted by `parseStatus` (officers' exports vary; the citizens' plain label too). */
  aliases: string[];
}

export const DOSSIER_STATUSES: Record<DossierStatus, DossierStatusInfo> = {
  1: {
    code: 1,
    officialLabel: "Mới đăng ký",
    nextStep: "wait",
    final: false,
    aliases: ["Chờ tiếp nhận", "Mới", "Đã nộp, đang chờ cán bộ tiếp nhận"],
  },
  2: {
    code: 2,
    officialLabel: "Được tiếp nhận",
    nextStep: "wait",
    final: false,
    aliases: ["Đã tiếp nhận", "Tiếp nhận", "Đã được tiếp nhận"],
  },
  3: {
    code: 3,
    officialLabel: "Không được tiếp nhận",
    nextStep: "resubmit",
    final: true,
    aliases: ["Từ chối tiếp nhận"],
  },
  4: {
    code: 4,
    officialLabel: "Đang xử lý",
    nextStep: "wait",
    final: false,
    aliases: ["Đang giải quyết", "Đang thụ lý", "Đang được giải quyết"],
  },
  5: {
    code: 5,
    officialLabel: "Yêu cầu bổ sung giấy tờ",
    nextStep: "bring_documents",
    final: false,
    aliases: ["Chờ bổ sung hồ sơ", "Chờ bổ sung", "Yêu cầu bổ sung", "Bổ sung hồ sơ", "Cần bổ sung giấy tờ"],
  },
  6: {
    code: 6,
    officialLabel: "Yêu cầu thực hiện nghĩa vụ tài chính",
    nextStep: "pay",
    final: false,
    aliases: [
      "Chờ nộp phí / lệ phí",
      "Chờ nộp phí",
      "Chờ nộp lệ phí",
      "Nghĩa vụ tài chính",
      "Chờ thực hiện nghĩa vụ tài chính",
      "Chờ nộp phí, lệ phí",
    ],
  },
  7: {
    code: 7,
    officialLabel: "Công dân yêu cầu rút hồ sơ",
    nextStep: "nothing",
    final: true,
    aliases: ["Rút hồ sơ", "Đã rút hồ sơ", "Đã rút hồ sơ theo yêu cầu của người nộp"],
  },
  8: {
    code: 8,
    officialLabel: "Dừng xử lý",
    nextStep: "contact_office",
    final: true,
    aliases: ["Dừng giải quyết", "Không giải quyết", "Đã dừng giải quyết"],
  },
  9: {
    code: 9,
    officialLabel: "Đã xử lý xong",
    nextStep: "collect",
    final: false,
    aliases: ["Đã giải quyết xong", "Có kết quả", "Chờ trả kết quả", "Đã có kết quả, chờ ông/bà nhận"],
  },
  10: {
    code: 10,
    officialLabel: "Đã trả kết quả",
    nextStep: "nothing",
    final: true,
    aliases: ["Đã nhận kết quả", "Hoàn thành"],
  },
};

/** The description of a status code. */
export function statusInfo(code: DossierStatus): DossierStatusInfo {
  return DOSSIER_STATUSES[code];
}

// How far along a dossier is: submitted, received, being processed (or waiting for the citizen),
// result ready, ended. Moving between statuses of one stage (4 ⇄ 5) is ordinary.
const STAGE: Record<DossierStatus, number> = { 1: 0, 2: 1, 4: 2, 5: 2, 6: 2, 9: 3, 3: 4, 7: 4, 8: 4, 10: 4 };

/**
 * A change that goes back to an earlier stage (9 → 4, 10 → 2): a correction in the one-stop
 * system rather than news, so it is reported to whoever imports and never announced to followers.
 */
export function isBackwards(from: DossierStatus, to: DossierStatus): boolean {
  return STAGE[to] < STAGE[from];
}

/** True for an integer 1–10. */
export function isDossierStatus(n: number): n is DossierStatus {
  return Number.isInteger(n) && n >= 1 && n <= 10;
}

/** Lower case, no diacritics (đ → d), punctuation and runs of spaces folded to one space. */
export function foldVietnamese(s: string): string {
  return stripDiacritics(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const BY_LABEL = new Map<string, DossierStatus>();
for (const info of Object.values(DOSSIER_STATUSES)) {
  for (const label of [info.officialLabel, ...info.aliases]) BY_LABEL.set(foldVietnamese(label), info.code);
}

/**
 * A status from the CSV or an officer: the number ("4") or a label, official or plain, with or
 * without diacritics, any case ("Đang xử lý", "dang xu ly", "CHỜ NỘP PHÍ / LỆ PHÍ"). Null when
 * unknown.
 */
export function parseStatus(value: string): DossierStatus | null {
  const trimmed = value.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    const n = Number(trimmed);
    return isDossierStatus(n) ? n : null;
  }
  return BY_LABEL.get(foldVietnamese(trimmed)) ?? null;
}
