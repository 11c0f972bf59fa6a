/**
 * A phone number sent when no conversation is open ("0912 345 678", "sđt tôi 09…, gọi lại giúp
 * em"): the citizen leaves a number to be reached, never a question for the menu. Added to the
 * message they left for the front desk; otherwise asked what it is for, with buttons that carry
 * the number (a call back; the contact for their open report) and that also take typed answers
 * ("gọi lại cho tôi", "cho phản ánh hôm trước"), the number then read from the message before.
 * Whatever is chosen goes to the front desk as a message: the office decides what to do with it.
 */
import { OPEN_STATUSES } from "../src/cases/case.js";
import { officeStatus } from "../src/commune/hours.js";
import type { FlowContext, StepResult } from "../src/conversation/flow.js";
import { caseCodeIn } from "./case-codes.js";
import { domainOf } from "./commune-domain.js";
import { understand } from "./intents.js";
import { end, say } from "./kit.js";
import { phoneLeft as t } from "./messages.phone-left.vi.js";
import { nextOpeningText } from "./messages.vi.js";
import { leftAll } from "./officer-message.js";
import type { Domain } from "./text/domain.js";
import { fold } from "./text/normalize.js";
import { parseVietnamesePhone } from "./text/phone.js";

/** What else a message may say and still be a number left (the rest is small talk or "call me"). */
const AROUND_A_NUMBER = new Set(["unknown", "greeting", "ack", "thanks", "officer", "hotline", "anyone_there"]);
/** Longest message (in words, the number aside) read as a number left. */
const MAX_WORDS_AROUND = 14;
/** A typed answer to "what is this number for?" comes within this long of the number. */
const ANSWER_WITHIN_MS = 30 * 60_000;

const CALL_BACK = /(^| )(goi lai|goi lai cho|lien he lai|goi cho (toi|em|minh|chau)|goi dien|goi giup|call lai|goi ve)( |$)/;
const FOR_CASE = /(^| )(phan anh|pa|so lien he|lien he ve|ve viec|hom truoc|vua roi|vua gui)( |$)/;
// "số điện thoại xã bao nhiêu": a question, not a number left.
const ASKS = /(^| )(bao nhieu|la gi|la so nao|so nao|(phai|dung) (khong|ko|k|hong))( |$)|\?/;

/** The answer when the message leaves a phone number or answers what one was for; null: not that. */
export async function numberLeft(text: string, ctx: FlowContext): Promise<StepResult | null> {
  const folded = fold(text);
  const phone = parseVietnamesePhone(text);
  if (phone) {
    // "Số liên hệ cho phản ánh PA-…: 09…" (the button, or typed so): the number for that report.
    const code = caseCodeIn(text);
    if (code && FOR_CASE.test(folded) && !ASKS.test(folded)) return forCase(phone, code, ctx);
    if (!leavesNumber(text, phone, ctx)) return null;
    if (CALL_BACK.test(folded)) return callBack(phone, ctx);
    return ask(phone, ctx);
  }
  const earlier = numberJustLeft(ctx);
  if (!earlier || text.trim().split(/\s+/u).length > MAX_WORDS_AROUND) return null;
  if (CALL_BACK.test(folded)) return callBack(earlier, ctx);
  if (FOR_CASE.test(folded)) {
    const open = await openCase(ctx);
    if (open) return forCase(earlier, open, ctx);
  }
  return null;
}

/** Whether the number is what the message is about (not a question about the office's phone, nor a report). */
function leavesNumber(text: string, phone: string, ctx: FlowContext): boolean {
  return phoneLeftIn(text, domainOf(ctx), ctx.commune.hotline) === phone;
}

/**
 * The phone number a message leaves (the number is what it is about: alone, or with small talk
 * or "gọi lại cho tôi"), or null: no number, a question about the office's number
 * (`officeNumber`), or a request of another kind that happens to hold digits.
 */
export function phoneLeftIn(text: string, domain: Domain, officeNumber?: string): string | null {
  const phone = parseVietnamesePhone(text);
  const folded = fold(text);
  if (!phone || ASKS.test(folded) || (officeNumber && parseVietnamesePhone(officeNumber) === phone)) return null;
  const digits = new RegExp(`[\\d\\s.\\-()+Ool|]{${phone.length},}`, "u");
  const rest = (caseCodeIn(text) ? text.replace(/PA[\s-]*[\w-]+/giu, " ") : text).replace(digits, " ").trim();
  if (rest.split(/\s+/u).filter(Boolean).length > MAX_WORDS_AROUND) return null;
  return rest === "" || AROUND_A_NUMBER.has(understand(rest, domain).kind) ? phone : null;
}

/** The number left in the citizen's message just before this one, if it was a number left. */
function numberJustLeft(ctx: FlowContext): string | null {
  const last = ctx.recentMessages.at(-1);
  if (!last?.text || ctx.now.getTime() - last.at > ANSWER_WITHIN_MS) return null;
  const phone = parseVietnamesePhone(last.text);
  return phone && leavesNumber(last.text, phone, ctx) ? phone : null;
}

/** The citizen's newest open report, if any. */
async function openCase(ctx: FlowContext): Promise<string | null> {
  const mine = await ctx.cases.mine(5).catch(() => []);
  return mine.find((c) => OPEN_STATUSES.includes(c.status))?.code ?? null;
}

/** Ask what the number is for, unless a message left for the front desk is waiting: then it joins it. */
async function ask(phone: string, ctx: FlowContext): Promise<StepResult> {
  const joined = await toWaitingMessage(phone, ctx);
  if (joined) return joined;
  const code = await openCase(ctx);
  return end([{ type: "buttons", text: t.whatFor(phone, code), buttons: t.buttons(phone, code) }]);
}

async function toWaitingMessage(phone: string, ctx: FlowContext): Promise<StepResult | null> {
  const h = await ctx.handoff.current().catch(() => null);
  if (h?.status !== "left") return null;
  if (await leftAll(ctx)) return end([say(t.full(ctx.commune.hotline))]);
  return { replies: [say(t.addedToMessage(phone))], next: null, effects: [{ type: "leaveMessage", text: t.deskAdded(phone) }] };
}

async function callBack(phone: string, ctx: FlowContext): Promise<StepResult> {
  if (await leftAll(ctx)) return end([say(t.full(ctx.commune.hotline))]);
  return {
    replies: [say(t.passedOn(phone, whenOpen(ctx), ctx.commune.hotline))],
    next: null,
    effects: [{ type: "leaveMessage", text: t.deskCallBack(phone) }],
  };
}

async function forCase(phone: string, code: string, ctx: FlowContext): Promise<StepResult> {
  // Only the citizen's own report: another code is not theirs to attach a number to.
  const mine = await ctx.cases.mine(5).catch(() => []);
  if (!mine.some((c) => c.code === code && OPEN_STATUSES.includes(c.status))) return ask(phone, ctx);
  if (await leftAll(ctx)) return end([say(t.full(ctx.commune.hotline))]);
  return {
    replies: [say(t.passedOnForCase(phone, code, whenOpen(ctx)))],
    next: null,
    effects: [{ type: "leaveMessage", text: t.deskForCase(phone, code) }],
  };
}

function whenOpen(ctx: FlowContext): string | null {
  const status = officeStatus(ctx.commune, ctx.now);
  return status.openNow ? null : nextOpeningText(status);
}
