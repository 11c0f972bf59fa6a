/**
 * "Theo dõi PA-…": someone who reported by phone or at the counter follows that report from
 * Zalo. They are linked (as its reporter: they also get the resolution question) only when the
 * phone number they shared with the OA is the one the officer wrote down; without a share, they
 * are asked for one (a tap), and the share that answers it links that report (never one unasked).
 * One-shot answers: no state of their own, any step of any conversation stays where it was.
 */
import { leadingTrackingCode } from "../src/cases/tracking-code.js";
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { FlowContext, StepResult } from "../src/conversation/flow.js";
import { toLocal } from "../src/core/local-time.js";
import { stripDiacritics } from "../src/core/vietnamese.js";
import { end, menuReply, say } from "./kit.js";
import { caseFollow as t, citizenCases } from "./messages.cases.vi.js";
import { readable } from "./text/normalize.js";

/** Open reports looked at for one share (a caller rarely has more open at once). */
const MAX_LINKED_BY_SHARE = 5;
/** A share answers the hotline's request within this long (a tap, or a little later). */
const SHARE_ASK_VALID_MS = 3600_000;

// "theo dõi PA-…", "xin theo dõi phản ánh PA-… ạ", "cho em đăng ký theo dõi pa 260302 k7mx nhé".
const ASK = /^(?:(?:xin|cho|toi|em|minh|muon|duoc|dang ky|nhan tin)\s+)*theo doi\s+(?:phan anh\s+)?(.+)$/;
const AFTER_CODE = /^(?:a|nhe|nha|voi|voi a|nhe a|giup (?:toi|em)(?: voi)?(?: a)?)?$/;

/** The case code of a "theo dõi PA-…" request, or null for any other message. */
export function caseFollowIn(text: string): string | null {
  const folded = stripDiacritics(readable(text).normalize("NFC"))
    .toLowerCase()
    .replace(/[!?.,…]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const asked = ASK.exec(folded);
  const code = asked ? leadingTrackingCode(asked[1]!) : null;
  return code && AFTER_CODE.test(code.rest) ? code.code : null;
}

/** Answer "theo dõi <code>" (the open conversation, if any, is the caller's to keep). */
export async function followRequest(
  code: string,
  ctx: FlowContext,
): Promise<Pick<StepResult, "replies" | "effects" | "usedLookup" | "shareAsked">> {
  // It tells whether a code exists, like a look-up: it counts against the same limit.
  if (ctx.lookupAllowance.left <= 0) return { replies: [say(citizenCases.rateLimited(toLocal(ctx.lookupAllowance.resetsAt).time))] };
  const c = await ctx.cases.get(code);
  if (!c) return { replies: [say(citizenCases.notFound(code))], usedLookup: true };
  if (await ctx.cases.follows(c.code)) return { replies: [say(t.already(c.code))], usedLookup: true };
  switch (await ctx.cases.reporterPhoneMatch(c.code)) {
    case "match":
      return { replies: [say(t.linked(c.code))], effects: [{ type: "linkReporter", code: c.code }], usedLookup: true };
    case "differs":
      return { replies: [say(t.differs(c.code, ctx.commune.hotline))], usedLookup: true };
    case "unknown":
      return {
        replies: [say(t.askShare(c.code)), { type: "request_info", title: t.requestInfo.title, subtitle: t.requestInfo.subtitle }],
        usedLookup: true,
        shareAsked: { code: c.code },
      };
  }
}

/**
 * A shared profile outside any conversation. Only the answer to the share asked above (in this
 * conversation, within `SHARE_ASK_VALID_MS`) links, and only the case it was asked for (the effect
 * checks the number again): a share nobody asked for links nothing, whatever cases hold its number.
 */
export async function phoneShared(event: Extract<PlatformEvent, { kind: "submit_info" }>, ctx: FlowContext): Promise<StepResult> {
  const asked = ctx.shareAsked && ctx.now.getTime() - ctx.shareAsked.at <= SHARE_ASK_VALID_MS ? ctx.shareAsked : null;
  if (!asked) return { ...end([menuReply(ctx, t.sharedUnasked)]), shareAsked: null };
  const left = event.phone ? await ctx.cases.leftWithPhone(event.phone, MAX_LINKED_BY_SHARE) : [];
  const codes = left.map((c) => c.code).filter((code) => code === asked.code);
  if (!codes.length) return { ...end([menuReply(ctx, t.sharedNothing(ctx.commune.hotline))]), shareAsked: null };
  return {
    replies: [say(t.sharedLinked(codes))],
    next: null,
    effects: codes.map((code) => ({ type: "linkReporter" as const, code })),
    shareAsked: null,
  };
}
