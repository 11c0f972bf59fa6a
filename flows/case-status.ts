/**
 * A citizen's side of a case: a case code anywhere in a message answers the case (from any
 * step), "phản ánh của tôi" lists their cases, and the reporter answers the resolution question
 * ("Vi phạm đã được xử lý chưa?") and rates the handling. One-shot answers: no state of their own.
 */
import type { CaseDetail } from "../src/cases/case.js";
import { leadingTrackingCode } from "../src/cases/tracking-code.js";
import type { Effect, FlowContext, StepResult } from "../src/conversation/flow.js";
import { formatDateTimeVN, formatDateVN, toLocal } from "../src/core/local-time.js";
import { stripDiacritics } from "../src/core/vietnamese.js";
import { say } from "./kit.js";
import { fold } from "./text/normalize.js";
import { cases, type CitizenCaseFacts, citizenCases as t } from "./messages.cases.vi.js";

const MY_CASES_SHOWN = 10;

/** The case card for `code`; counts against the per-user look-up limit like a dossier code. */
export async function lookUpCase(code: string, ctx: FlowContext): Promise<StepResult> {
  if (ctx.lookupAllowance.left <= 0) return { replies: [say(t.rateLimited(toLocal(ctx.lookupAllowance.resetsAt).time))], next: null };
  const c = await ctx.cases.get(code);
  if (!c) return { replies: [say(t.notFound(code))], next: null, usedLookup: true };
  return { replies: [say(t.card(facts(c, ctx, await audienceOf(c, ctx))))], next: null, usedLookup: true };
}

/**
 * Who is asking about a case. Codes are not secret, so a stranger sees only the public fields.
 * A follower — who joined from a nearby report (anyone can), or whose own report was closed into
 * this one as a duplicate — also hears the status changes and the result, which they are told
 * anyway. Only the reporter sees what they reported.
 */
export type CaseAudience = "reporter" | "follower" | "stranger";

async function audienceOf(c: CaseDetail, ctx: FlowContext): Promise<CaseAudience> {
  if (c.reporterChannel === "zalo" && c.reporterUserId === ctx.userId) return "reporter";
  if (!(await ctx.cases.follows(c.code))) return "stranger";
  // A caller linked to their phone report by their number, when another account of theirs was linked first.
  return (await ctx.cases.reporterPhoneMatch(c.code)) === "match" ? "reporter" : "follower";
}

/** "Phản ánh của tôi": the cases this citizen reported or follows, newest first. */
export async function myCases(ctx: FlowContext): Promise<StepResult> {
  const list = await ctx.cases.mine(MY_CASES_SHOWN);
  const lines = list.map((c) => ({
    code: c.code,
    category: categoryName(ctx, c.category),
    status: c.status,
    filedAt: formatDateVN(c.createdAt),
  }));
  return { replies: [say(t.mine(lines))], next: null };
}

export type Feedback = { code: string; resolved: boolean; reason?: string } | { code: string; rating: number };

/** The reporter's answer to the resolution question or the rating, as the buttons send them. */
export function feedbackIn(text: string): Feedback | null {
  const folded = stripDiacritics(text.normalize("NFC")).toLowerCase().trim();
  const answer = /^(da|chua) xu ly\s+(.*)$/.exec(folded);
  if (answer) {
    const code = leadingTrackingCode(answer[2]!);
    return code && !code.rest ? { code: code.code, resolved: answer[1] === "da" } : null;
  }
  const rating = /^danh gia ([1-5]) sao\s+(.*)$/.exec(folded);
  if (rating) {
    const code = leadingTrackingCode(rating[2]!);
    return code && !code.rest ? { code: code.code, rating: Number(rating[1]) } : null;
  }
  return null;
}

/** The reporter's answer typed in their own words, without the code the buttons carry. */
export type TypedFeedback = { resolved: boolean; reason?: string } | { rating: number };

// "chưa", "vẫn chưa", "chưa xử lý, nhà đấy vẫn đang đổ bê tông", "chua dc xu ly": a "chưa" that
// answers the question, not one inside another sentence ("chưa có mã hồ sơ").
const NOT_YET = /^(van |van con |hien )?chua( (duoc|dc|xu ly|a|nhe|ha))*$/;
const DONE = /^(da |duoc )?(xu ly|xong|giai quyet|duoc xu ly|dc xu ly)( roi)?( a| nhe)?$|^(roi|xong roi|da xong)( a| nhe)?$/;
const STARS = /^([1-5]) ?(sao|\*)( |$)/;

/** A typed answer to the resolution question or the rating, or null when the text is something else. */
export function typedFeedbackIn(text: string): TypedFeedback | null {
  if (text.length > 500) return null;
  const folded = fold(text.replace(/⭐/gu, " sao "));
  const stars = STARS.exec(folded);
  if (stars) return { rating: Number(stars[1]) };
  if (DONE.test(folded)) return { resolved: true };
  // A reason may follow a comma or a dash ("chưa, vẫn đang đổ bê tông"); without one, only the answer alone.
  const head = text.split(/[,;:.\-–—]/u)[0] ?? "";
  if (!NOT_YET.test(fold(head))) return null;
  const reason = text
    .slice(head.length)
    .replace(/^[\s,;:.\-–—]+/u, "")
    .trim();
  return reason ? { resolved: false, reason: reason.slice(0, 500) } : { resolved: false };
}

/**
 * The case a typed answer is about: the citizen's own report that waits for exactly that answer
 * (resolved and not yet confirmed; or answered and not yet rated). None, or more than one: null,
 * and the message is read as anything else would be.
 */
export async function caseAwaiting(answer: TypedFeedback, ctx: FlowContext): Promise<Feedback | null> {
  const own = (await ctx.cases.mine(20)).filter((c) => c.reporterChannel === "zalo" && c.reporterUserId === ctx.userId);
  // The rating is asked once the reporter says it was dealt with; a "Chưa" (false) reopened the
  // case, and its next resolution asks the question again.
  const waiting =
    "rating" in answer
      ? own.filter((c) => c.rating === null && c.citizenConfirmed === true)
      : own.filter((c) => c.status === "resolved" && c.citizenConfirmed !== true);
  const only = waiting.length === 1 ? waiting[0] : undefined;
  if (!only) return null;
  return "rating" in answer ? { code: only.code, rating: answer.rating } : { code: only.code, ...answer };
}

/**
 * The reporter answered: "Đã xử lý" is recorded and followed by the 1–5 rating question; "Chưa"
 * reopens the case (within the commune's `feedback.reopenDays` of its resolution), and the rating
 * waits for its next resolution.
 */
export async function answerFeedback(f: Feedback, ctx: FlowContext): Promise<StepResult> {
  const c = await ctx.cases.get(f.code);
  if (!c) return { replies: [say(t.notFound(f.code))], next: null };
  if (c.reporterChannel !== "zalo" || c.reporterUserId !== ctx.userId) return { replies: [say(t.notYours(c.code))], next: null };
  const rate = { type: "buttons" as const, text: t.askRating(c.code), buttons: t.ratingButtons(c.code) };
  if (!c.resolvedAt && c.reopenedCount === 0) return { replies: [say(t.notResolvedYet(c.code))], next: null };
  if ("rating" in f) {
    // Reopened and being handled again: rated once it is resolved again.
    if (!c.resolvedAt) return { replies: [say(t.rateAfterResolution(c.code))], next: null };
    return { replies: [say(t.rated(f.rating))], next: null, effects: [{ type: "rateCase", code: c.code, rating: f.rating }] };
  }
  if (c.status !== "resolved") return { replies: [say(t.notResolvedYet(c.code))], next: null };
  const effect: Effect = { type: "caseFeedback", code: c.code, resolved: f.resolved, ...(f.reason ? { reason: f.reason } : {}) };
  if (f.resolved) {
    // No rating asked of one who withdrew the survey consent.
    const noSurvey = (await ctx.privacy?.withdrawn?.())?.includes("rating_survey") ?? false;
    return { replies: noSurvey ? [say(t.confirmed)] : [say(t.confirmed), rate], next: null, effects: [effect] };
  }
  const days = ctx.commune.feedback.reopenDays;
  if (!c.resolvedAt || ctx.now.getTime() - c.resolvedAt.getTime() > days * 86_400_000) {
    return { replies: [say(t.tooLateToReopen(c.code, days, ctx.commune.hotline))], next: null };
  }
  return { replies: [say(t.reopened(c.code, teamName(ctx, c.teamId) ?? cases.unknownTeam))], next: null, effects: [effect] };
}

function facts(c: CaseDetail, ctx: FlowContext, audience: CaseAudience): CitizenCaseFacts {
  const last = [...c.events].reverse().find((e) => e.action === "transition" && e.toStatus);
  // A stranger sees when the status changed, never what the officer wrote or which case it joined.
  const detail = audience === "stranger" ? {} : (last?.detail ?? {});
  return {
    code: c.code,
    category: categoryName(ctx, c.category),
    area: ctx.commune.areas.features.find((a) => a.properties.id === c.areaId)?.properties.name ?? null,
    status: c.status,
    team: teamName(ctx, c.teamId),
    filedAt: formatDateTimeVN(c.createdAt),
    lastUpdate: last
      ? {
          at: formatDateTimeVN(last.createdAt),
          status: last.toStatus!,
          note: typeof detail.note === "string" ? detail.note : null,
          duplicateOf: typeof detail.duplicateOf === "string" ? detail.duplicateOf : null,
        }
      : null,
    description: audience === "reporter" ? c.description : null,
  };
}

const categoryName = (ctx: FlowContext, id: string) => ctx.commune.categories.find((k) => k.id === id)?.name ?? id;
const teamName = (ctx: FlowContext, id: string | null) => ctx.commune.teams.find((x) => x.id === id)?.name ?? null;
