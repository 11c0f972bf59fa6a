/**
 * "Where is my dossier?" — the citizen gives a dossier code (typed, pasted inside a sentence, or
 * tapped), the hotline answers its status and offers to follow it.
 *
 *   code    waiting for a code
 *   result  a status was shown; the citizen may follow it, ask another code, or move on
 */
import type { Reply } from "../src/core/reply.js";
import type { Effect, Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { DOSSIER_CODE_EXAMPLE, findDossierCode } from "../src/dossiers/code.js";
import { describeDossier } from "./dossier-view.js";
import { goTo, miss, say } from "./kit.js";
import { vi } from "./messages.vi.js";
import { fold } from "./text/normalize.js";

const initial: FlowState = { name: "dossier-status", step: "code", data: {}, misses: 0 };
const t = vi.dossier;

export const dossierStatus: Flow = {
  name: "dossier-status",

  async start(ctx, event) {
    const found = event?.kind === "text" ? findDossierCode(event.text) : null;
    if (found?.kind === "code") return lookUp(initial, found.code, ctx);
    if (found?.kind === "malformed") return goTo(initial, "code", [say(t.malformed(found.fragment, DOSSIER_CODE_EXAMPLE))]);
    return goTo(initial, "code", [say(t.askCode(DOSSIER_CODE_EXAMPLE))]);
  },

  async step(state, event, ctx) {
    const text = event.kind === "text" ? event.text : "";
    const found = findDossierCode(text);
    if (state.step === "result") {
      const shown = typeof state.data.code === "string" ? state.data.code : null;
      if (wantsToFollow(text) && (found?.kind === "code" || shown)) {
        const code = found?.kind === "code" ? found.code : shown!;
        return { replies: [say(t.followed(code))], next: null, effects: [{ type: "followDossier", code }] };
      }
      if (found?.kind === "code") return lookUp(state, found.code, ctx);
      // Anything else is a new request: let the main menu handle it.
      return { replies: [], next: null, passOn: true };
    }
    if (found?.kind === "code") return lookUp(state, found.code, ctx);
    if (found?.kind === "malformed") return miss(state, [say(t.malformed(found.fragment, DOSSIER_CODE_EXAMPLE))]);
    return miss(state, [say(t.notACode(DOSSIER_CODE_EXAMPLE))]);
  },

  help: () => [say(t.askCode(DOSSIER_CODE_EXAMPLE))],
  remind: () => [say(t.remindCode)],
};

/** A dossier's card (or why there is none), as shown to the citizen. */
export interface DossierCard {
  replies: Reply[];
  found: boolean;
  usedLookup?: boolean;
}

/** Look a dossier up and put it into words; also used for a code given in the middle of another flow. */
export async function dossierCard(code: string, ctx: FlowContext): Promise<DossierCard> {
  if (ctx.lookupAllowance.left <= 0) return { replies: [say(t.rateLimited(ctx.lookupAllowance.resetsAt))], found: false };
  const result = await ctx.lookupDossier(code);
  if ("found" in result) {
    const view = describeDossier(result.found, ctx.now);
    return { replies: [{ type: "buttons", text: t.result(view, ctx.commune.hotline), buttons: t.resultButtons(code) }], found: true, usedLookup: true };
  }
  if ("notFound" in result) return { replies: [say(t.notFound(code))], found: false, usedLookup: true };
  return { replies: [say(t.unavailable)], found: false };
}

/** How to give a dossier code, after a fragment that is not one (or none at all). */
export function dossierHint(fragment: string | null): Reply[] {
  return [say(fragment ? t.malformed(fragment, DOSSIER_CODE_EXAMPLE) : t.askCode(DOSSIER_CODE_EXAMPLE))];
}

/** "theo dõi hồ sơ …" (a tap on the card's button, or typed): follow it. */
export function followDossier(text: string, code: string): { replies: Reply[]; effects: Effect[] } | null {
  if (!wantsToFollow(text)) return null;
  return { replies: [say(t.followed(code))], effects: [{ type: "followDossier", code }] };
}

async function lookUp(state: FlowState, code: string, ctx: FlowContext): Promise<StepResult> {
  const card = await dossierCard(code, ctx);
  const next = card.found ? goTo(state, "result", card.replies, { code }) : goTo(state, "code", card.replies);
  return card.usedLookup ? { ...next, usedLookup: true } : next;
}

function wantsToFollow(text: string): boolean {
  return /^(xin )?(dang ky )?theo doi\b/.test(fold(text));
}
