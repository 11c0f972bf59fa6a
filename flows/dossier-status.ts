/**
 * "Where is my dossier?" — the citizen gives a dossier code (typed, pasted inside a sentence, or
 * tapped; with spaces, the letter O for zero, or without its agency part), the hotline answers
 * its status and offers to follow it while there is news to come. Several codes in one message
 * are each answered (within the look-up limit); a dossier whose procedure is in the catalogue
 * links to its guide ("Giấy tờ cần bổ sung?" while supplements are awaited).
 *
 *   code    waiting for a code
 *   confirm a code typed nearly right was put back as a question ("Có phải hồ sơ …?")
 *   result  a status was shown; the citizen may follow it, ask another code, or move on
 */
import type { Reply } from "../src/core/reply.js";
import type { Effect, Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { codeProblems, DOSSIER_CODE_EXAMPLE, type DossierCodeMatch, findDossierCode, findDossierCodes } from "../src/dossiers/code.js";
import { statusInfo } from "../src/dossiers/status.js";
import { describeDossier } from "./dossier-view.js";
import { goTo, miss, say } from "./kit.js";
import { procedures as guide } from "./messages.procedures.vi.js";
import { vi } from "./messages.vi.js";
import { procedureOfDossier } from "./procedure-guide.js";
import { fold, readable } from "./text/normalize.js";
import { MAX_CODES_READ } from "./intents.js";
import { codesWithAgency, nearCode } from "./near-codes.js";
import { isNo, isYes } from "./short-answers.js";
import { proceduresNamedIn } from "./commune-names.js";
import { domainOf } from "./commune-domain.js";

const initial: FlowState = { name: "dossier-status", step: "code", data: {}, misses: 0 };
const t = vi.dossier;

export const dossierStatus: Flow = {
  name: "dossier-status",

  async start(ctx, event) {
    const text = event?.kind === "text" ? readable(event.text) : "";
    const several = findDossierCodes(text, MAX_CODES_READ);
    if (several.length > 1) return answerCodes(initial, several, ctx);
    const found = text ? findDossierCode(text) : null;
    if (found) return answerCode(initial, found, ctx, false);
    const limit = timeLimitOf(text, ctx);
    if (limit.length) return goTo(initial, "code", [...limit, say(t.askCode(DOSSIER_CODE_EXAMPLE))]);
    // "Bao giờ có kết quả?" naming nothing: the code, or the procedure (its time limit), with the commonest as buttons.
    if (asksWhen(text)) return goTo(initial, "code", [whenWithoutCode(ctx)], { when: true });
    return goTo(initial, "code", [say(t.askCode(DOSSIER_CODE_EXAMPLE))]);
  },

  async step(state, event, ctx) {
    const text = event.kind === "text" ? readable(event.text) : "";
    if (state.step === "confirm") {
      const confirmed = await confirmCode(state, text, ctx);
      if (confirmed) return confirmed;
    }
    const found = findDossierCode(text);
    const several = findDossierCodes(text, MAX_CODES_READ);
    if (several.length > 1 && !wantsToFollow(text)) return answerCodes(state, several, ctx);
    if (state.step === "result") {
      const shown = typeof state.data.code === "string" ? state.data.code : null;
      const code = found?.kind === "code" ? found.code : shown;
      if (code && wantsToFollow(text)) {
        const followed = await followDossier(text, code, ctx);
        if (followed) return { replies: followed.replies, next: null, effects: followed.effects };
      }
      if (found && found.kind !== "malformed") return answerCode(state, found, ctx, false);
      // Anything else is a new request: let the main menu handle it.
      return { replies: [], next: null, passOn: true };
    }
    if (found) return answerCode(state, found, ctx, true);
    // After "which procedure, or the code?": a procedure tapped or typed gets its time limit, and the code is still welcome.
    if (state.data.when === true) {
      const limit = timeLimitOf(text, ctx);
      if (limit.length) return goTo(state, "code", [...limit, say(t.remindCode)], state.data);
    }
    return miss(state, [say(t.notACode(DOSSIER_CODE_EXAMPLE))]);
  },

  help: () => [say(t.askCode(DOSSIER_CODE_EXAMPLE))],
  remind: () => [say(t.remindCode)],
};

/**
 * "Làm khai sinh bao giờ có kết quả?" without a code: the procedure's time limit, when the
 * catalogue gives it, before the code is asked for (a dossier's own date is on its receipt).
 */
function timeLimitOf(text: string, ctx: FlowContext): Reply[] {
  if (!text) return [];
  const [only, ...more] = proceduresNamedIn(text, domainOf(ctx));
  const p = more.length === 0 && only ? ctx.procedures.procedures.find((x) => x.id === only) : undefined;
  if (!p) return [];
  return [say(p.processingTime ? t.timeLimit(p.name, p.processingTime) : t.noTimeLimit(p.name, ctx.commune.hotline))];
}

// "bao giờ", "khi nào", "bao lâu", "mấy ngày": when, not where a dossier stands.
const WHEN = /(^| )(bao gio|bh|bgio|khi nao|luc nao|bao lau|may ngay|bao nhieu ngay|may hom|ngay nao|hom nao)( |$)/;

/** "Bao giờ có kết quả?": asks when, not where a dossier stands. */
export function asksWhen(text: string): boolean {
  return WHEN.test(fold(text));
}

/** The commonest procedures (the catalogue's first), offered as buttons that a typed name answers too. */
const WHEN_BUTTONS = 4;

function whenWithoutCode(ctx: FlowContext): Reply {
  const common = ctx.procedures.procedures.slice(0, WHEN_BUTTONS);
  if (!common.length) return say(t.askCode(DOSSIER_CODE_EXAMPLE));
  return { type: "buttons", text: t.whenWithoutCode(DOSSIER_CODE_EXAMPLE), buttons: common.map((p) => t.timeLimitButton(p.name)) };
}

/** A code (whole, partial or malformed) given at the start or at the code step. */
async function answerCode(state: FlowState, found: NonNullable<DossierCodeMatch>, ctx: FlowContext, counts: boolean): Promise<StepResult> {
  if (found.kind === "malformed") {
    const near = await nearlyRight(found.fragment, ctx);
    if (near?.card) {
      const next = near.card.code
        ? goTo(state, "result", near.card.replies, { code: near.card.code })
        : goTo(state, "code", near.card.replies);
      return near.card.usedLookup ? { ...next, usedLookup: true } : next;
    }
    if (near?.guess)
      return goTo(state, "confirm", [{ type: "buttons", text: t.isItThisCode(near.guess), buttons: t.codeQuestionButtons }], {
        code: near.guess,
      });
    const hint = dossierHint(found.fragment);
    return counts ? miss(state, hint) : goTo(state, "code", hint);
  }
  const card = found.kind === "code" ? await dossierCard(found.code, ctx) : await partialCard(found.tail, ctx);
  const next = card.code ? goTo(state, "result", card.replies, { code: card.code }) : goTo(state, "code", card.replies);
  return card.usedLookup ? { ...next, usedLookup: true } : next;
}

/** Several codes at once: a card for each, then the result step (where "Theo dõi" works for any of them). */
async function answerCodes(state: FlowState, codes: string[], ctx: FlowContext): Promise<StepResult> {
  const cards = await dossierCards(codes, ctx);
  const next = goTo(state, "result", cards.replies, { code: codes.at(-1) });
  return cards.usedLookup ? { ...next, usedLookup: cards.usedLookup } : next;
}

/**
 * A card for each code, as many as the citizen's look-up allowance lets; the codes left over are
 * named, with when to ask again.
 */
export async function dossierCards(codes: string[], ctx: FlowContext): Promise<{ replies: Reply[]; usedLookup: number }> {
  const allowed = codes.slice(0, Math.max(0, ctx.lookupAllowance.left));
  const replies: Reply[] = [];
  let used = 0;
  for (const code of allowed) {
    const card = await dossierCard(code, ctx);
    replies.push(...card.replies);
    if (card.usedLookup) used++;
  }
  if (allowed.length < codes.length) replies.push(say(t.notLookedUp(codes.slice(allowed.length), ctx.lookupAllowance.resetsAt)));
  return { replies, usedLookup: used };
}

/**
 * A malformed fragment that is nearly a code: the card of the one stored dossier it completes to
 * (`h26-251118-0002`), or the code it most likely is, to be confirmed (`…H26-2511200001`).
 */
export async function nearlyRight(fragment: string, ctx: FlowContext): Promise<{ card?: DossierCard; guess?: string } | null> {
  const near = nearCode(fragment);
  if (near?.kind === "guess") return { guess: near.code };
  if (near?.kind !== "tail" || ctx.lookupAllowance.left <= 0) return null;
  const codes = codesWithAgency((await ctx.completeDossierCode(near.tail).catch(() => [])) ?? [], near);
  return codes.length === 1 ? { card: await dossierCard(codes[0]!, ctx) } : null;
}

/** The answer to "Có phải hồ sơ … ?": yes looks it up, no asks for the code again; null: neither (a code, or anything else). */
async function confirmCode(state: FlowState, text: string, ctx: FlowContext): Promise<StepResult | null> {
  const code = typeof state.data.code === "string" ? state.data.code : null;
  if (!code || findDossierCode(text)) return null;
  if (fold(text) === fold(t.codeYes) || isYes(text) || /^(dung|phai)( roi| vay| a| the)*$/.test(fold(text))) {
    const card = await dossierCard(code, ctx);
    const next = card.code ? goTo(state, "result", card.replies, { code: card.code }) : goTo(state, "code", card.replies);
    return card.usedLookup ? { ...next, usedLookup: true } : next;
  }
  if (fold(text) === fold(t.codeNo) || isNo(text) || /^(khong|ko|k) phai/.test(fold(text)))
    return goTo(state, "code", [say(t.notThatCode(DOSSIER_CODE_EXAMPLE))]);
  // A sentence is not an answer to "is it this code?" but a new question: the menu answers it.
  if (fold(text).split(/\s+/).filter(Boolean).length > 3) return { replies: [], next: null, passOn: true };
  return miss(state, [{ type: "buttons", text: t.isItThisCode(code), buttons: t.codeQuestionButtons }]);
}

/** A dossier's card (or why there is none), as shown to the citizen. */
export interface DossierCard {
  replies: Reply[];
  /** The code shown, when a dossier was found. */
  code?: string;
  usedLookup?: boolean;
}

/**
 * Look a dossier up and put it into words; also used for a code given in the middle of another
 * flow. Following is offered only while news can still come, and not twice.
 */
export async function dossierCard(code: string, ctx: FlowContext): Promise<DossierCard> {
  if (ctx.lookupAllowance.left <= 0) return { replies: [say(t.rateLimited(ctx.lookupAllowance.resetsAt))] };
  const result = await ctx.lookupDossier(code);
  if ("found" in result) {
    const view = describeDossier(result.found, ctx.now);
    const followed = (await ctx.followedDossiers().catch((): string[] => [])).includes(code);
    const finished = statusInfo(result.found.status).final;
    const text = t.result(view, ctx.commune.hotline) + (followed ? `\n${t.alreadyFollowing}` : "");
    const buttons = t.resultButtons(code, { offerFollow: !followed && !finished, followed });
    // The guide to its procedure, just before "another dossier" and the menu.
    const procedure = procedureOfDossier(result.found.procedure, ctx);
    if (procedure) buttons.splice(buttons.length - 2, 0, guide.dossierGuideButton(procedure, view.nextStep === "bring_documents"));
    return { replies: [{ type: "buttons", text, buttons }], code, usedLookup: true };
  }
  if ("notFound" in result) return { replies: [say(t.notFound(code))], usedLookup: true };
  return { replies: [say(t.unavailable)] };
}

/** "251126-0001": the agency part left out; looked up when exactly one stored dossier fits. */
export async function partialCard(tail: string, ctx: FlowContext): Promise<DossierCard> {
  if (ctx.lookupAllowance.left <= 0) return { replies: [say(t.rateLimited(ctx.lookupAllowance.resetsAt))] };
  const codes = await ctx.completeDossierCode(tail).catch(() => null);
  if (codes === null) return { replies: [say(t.unavailable)] };
  if (codes.length === 1) return dossierCard(codes[0]!, ctx);
  const replies = [
    say(codes.length === 0 ? t.partialNotFound(tail, DOSSIER_CODE_EXAMPLE) : t.partialAmbiguous(tail, DOSSIER_CODE_EXAMPLE)),
  ];
  return { replies, usedLookup: true };
}

/** How to give a dossier code, after a fragment that is not one (saying what looks wrong), or none at all. */
export function dossierHint(fragment: string | null): Reply[] {
  return [say(fragment ? t.malformed(fragment, codeProblems(fragment), DOSSIER_CODE_EXAMPLE) : t.askCode(DOSSIER_CODE_EXAMPLE))];
}

/** "theo dõi hồ sơ …" (a tap on the card's button, or typed): follow it, unless already followed. */
export async function followDossier(text: string, code: string, ctx: FlowContext): Promise<{ replies: Reply[]; effects: Effect[] } | null> {
  if (!wantsToFollow(text)) return null;
  if ((await ctx.followedDossiers().catch((): string[] => [])).includes(code))
    return { replies: [say(t.alreadyFollowed(code))], effects: [] };
  return { replies: [say(t.followed(code))], effects: [{ type: "followDossier", code }] };
}

/** "bỏ theo dõi [mã]": the code named, or the only one followed; else which ones there are. */
export async function unfollowDossier(code: string | undefined, ctx: FlowContext): Promise<{ replies: Reply[]; effects: Effect[] }> {
  const followed = await ctx.followedDossiers();
  const target = code ?? (followed.length === 1 ? followed[0] : undefined);
  if (target) {
    if (!followed.includes(target)) return { replies: [say(t.notFollowing(target))], effects: [] };
    return { replies: [say(t.unfollowed(target))], effects: [{ type: "unfollowDossier", code: target }] };
  }
  if (followed.length === 0) return { replies: [say(t.followingNone)], effects: [] };
  return { replies: [followedList(followed, t.whichToUnfollow, (c) => t.unfollowButton(c))], effects: [] };
}

/** "tôi đang theo dõi hồ sơ nào": the list, each with a button to look it up. */
export async function listFollowed(ctx: FlowContext): Promise<Reply[]> {
  const followed = await ctx.followedDossiers();
  if (followed.length === 0) return [say(t.followingNone)];
  return [followedList(followed, t.following(followed), (c) => t.lookUpButton(c))];
}

const BUTTONS_PER_MESSAGE = 5;

function followedList(codes: string[], text: string, button: (code: string) => { title: string; payload: string }): Reply {
  return { type: "buttons", text, buttons: codes.slice(0, BUTTONS_PER_MESSAGE).map(button) };
}

function wantsToFollow(text: string): boolean {
  return /^(xin )?(dang ky )?theo doi\b/.test(fold(text));
}
