/**
 * Reading an officer's command: `#` then the command's name, then its arguments. The name is
 * matched without diacritics, case or spaces ("#Nhận", "# NHAN", "#xử lý", "#tu choi"); the
 * arguments keep what the officer typed (a result or a reason reaches citizens as written).
 */
import { stripDiacritics } from "../../src/core/vietnamese.js";
import { withinOneEdit } from "../text/typo.js";

export const OFFICER_COMMANDS = [
  "ds",
  "xem",
  "nhan",
  "xuly",
  "xong",
  "tuchoi",
  "trung",
  "ghichu",
  "chuyen",
  "chuyenxa",
  "bot",
  "huongdan",
  "nghi",
  "trucban",
  "nhanchat",
  "tl",
  "dangky",
  "dangnhap",
] as const;
export type OfficerCommandName = (typeof OFFICER_COMMANDS)[number];

const NAMES: ReadonlySet<string> = new Set(OFFICER_COMMANDS);
const isName = (s: string): s is OfficerCommandName => NAMES.has(s);

export type ParsedCommand =
  | { name: OfficerCommandName; args: string }
  /** Starts with "#" but names no command; `nearest`: the one command it is a typo of. */
  | { unknown: string; nearest?: OfficerCommandName };

const foldWord = (w: string) =>
  stripDiacritics(w)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/** The command a message is, or null when it does not start with "#". */
export function parseOfficerCommand(text: string): ParsedCommand | null {
  const m = /^\s*#\s*([\s\S]*)$/.exec(text.normalize("NFC"));
  if (!m) return null;
  const words = m[1]!.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return { unknown: "#" };
  // Two-word names first: "#xử lý PA-…", "#nhận chat 3F7K".
  if (words.length >= 2) {
    const two = foldWord(words[0]!) + foldWord(words[1]!);
    if (isName(two)) return { name: two, args: words.slice(2).join(" ") };
  }
  const one = foldWord(words[0]!);
  if (isName(one)) return { name: one, args: words.slice(1).join(" ") };
  // A slip of one letter ("#nhna", "#xongg"): the command it most likely is, when only one fits.
  const near = one.length >= 2 ? OFFICER_COMMANDS.filter((c) => c.length >= 3 && withinOneEdit(one, c)) : [];
  return near.length === 1 ? { unknown: `#${words[0]!}`, nearest: near[0]! } : { unknown: `#${words[0]!}` };
}

/** Whether a message is `#dangky …`: the one command a Zalo user not yet linked may send. */
export function linkCodeOf(text: string): string | null {
  const c = parseOfficerCommand(text);
  return c && "name" in c && c.name === "dangky" ? c.args.trim() : null;
}
