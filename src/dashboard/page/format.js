/**
 * Vietnamese formatting of the dashboard's figures and labels. Pure (no DOM): the tests import
 * it in Node. Numbers the Vietnamese way (8.315; 66,43 %), times in Asia/Ho_Chi_Minh.
 */

import { eventWords } from "./wording.js";

export const TIME_ZONE = "Asia/Ho_Chi_Minh";

const integer = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const upToTwo = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
const dateTime = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat("vi-VN", { timeZone: TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric" });

/** "—" for a figure that does not exist (an empty period's percentage). */
export const NONE = "—";

/** 8315 → "8.315". @param {number | null | undefined} n */
export function count(n) {
  return n === null || n === undefined ? NONE : integer.format(n);
}

/** 66.43 → "66,43 %" (two decimals, a non-breaking space before the sign). @param {number | null | undefined} p */
export function percent(p) {
  return p === null || p === undefined ? NONE : `${twoDecimals.format(p)}\u00a0%`;
}

/** 3.67 → "3,67"; 74 → "74". @param {number | null | undefined} n */
export function decimal(n) {
  return n === null || n === undefined ? NONE : upToTwo.format(n);
}

/** An ISO instant as "dd/mm/yyyy hh:mm", Vietnam time. @param {string | null | undefined} iso */
export function when(iso) {
  if (!iso) return NONE;
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of dateTime.formatToParts(new Date(iso))) p[part.type] = part.value;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** An ISO instant as "dd/mm/yyyy", Vietnam time. @param {string | null | undefined} iso */
export function day(iso) {
  return iso ? dateOnly.format(new Date(iso)) : NONE;
}

/** How long ago, in the largest whole unit: "5 phút", "3 giờ", "2 ngày". @param {string} iso */
export function age(iso, now = new Date()) {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} phút`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} giờ`;
  return `${integer.format(Math.floor(minutes / 1440))} ngày`;
}

/** A calendar day "YYYY-MM-DD" (the API's and the address's form) as "dd/mm/yyyy"; "" for none. @param {string | null | undefined} ymd */
export function dayText(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd ?? "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

/**
 * A day typed the Vietnamese way — "31/12/2025", "1/2/2025", "31-12-2025", "31.12.2025", or the
 * ISO "2025-12-31" — as "YYYY-MM-DD"; null for anything else or a day that does not exist.
 * @param {string} text
 */
export function parseDay(text) {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/**
 * A chart label broken into lines of about `width` characters at spaces (Chart.js draws an array
 * as lines; one long line is cut at the chart's edge). A short label stays a string.
 * @param {string} text
 * @returns {string | string[]}
 */
export function wrapLabel(text, width = 20) {
  if (text.length <= width) return text;
  /** @type {string[]} */
  const lines = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.length ? lines[lines.length - 1] : undefined;
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Today in Vietnam, "YYYY-MM-DD". */
export function today(now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** @type {Record<string, string>} */
export const STATUS = {
  new: "Mới",
  acknowledged: "Đã tiếp nhận",
  in_progress: "Đang xử lý",
  resolved: "Đã xử lý",
  rejected: "Từ chối",
  closed: "Đã đóng",
};

/** Marker and badge colours by status (also the map's legend). @type {Record<string, string>} */
export const STATUS_COLOUR = {
  new: "#c62828",
  acknowledged: "#ef6c00",
  in_progress: "#f9a825",
  resolved: "#2e7d32",
  rejected: "#6d4c41",
  closed: "#607d8b",
};

/** @type {Record<string, string>} */
export const CHANNEL = {
  zalo: "Zalo",
  phone: "Điện thoại",
  counter: "Tại bộ phận một cửa",
  open311: "Open311",
  online: "Trực tuyến",
  direct: "Trực tiếp",
  postal: "Bưu chính",
};

/** The statuses in which officers still have work (the API's OPEN_STATUSES). */
export const OPEN = ["new", "acknowledged", "in_progress"];

/** Where a case may go from each status (the API's CASE_TRANSITIONS; the API has the last word). @type {Record<string, string[]>} */
export const TRANSITIONS = {
  new: ["acknowledged", "rejected"],
  acknowledged: ["in_progress", "resolved", "rejected"],
  in_progress: ["resolved", "rejected"],
  resolved: ["closed", "in_progress"],
  rejected: ["closed", "in_progress"],
  closed: [],
};

/**
 * Whether a case is open and past the deadline that applies now (the API's `overdue`): the
 * acknowledgement deadline while new, the resolution deadline always.
 * @param {{status: string, acknowledgeBy: string | null, resolveBy: string | null}} c
 */
export function isOverdue(c, now = new Date()) {
  if (!OPEN.includes(c.status)) return false;
  const past = (/** @type {string | null} */ iso) => iso !== null && new Date(iso).getTime() < now.getTime();
  return (c.status === "new" && past(c.acknowledgeBy)) || past(c.resolveBy);
}

/**
 * One line of the audit trail in words (see wording.js). `teamName` names a team's id.
 * @param {{action: string, fromStatus: string | null, toStatus: string | null, detail: Record<string, unknown> | null}} e
 * @param {(id: string) => string} [teamName]
 */
export function eventText(e, teamName) {
  return eventWords(e, STATUS, teamName);
}
