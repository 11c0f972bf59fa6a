/**
 * "Where is my dossier?" — the citizen gives a dossier code (typed, pasted inside a sentence, or
 * tapped), the hotline answers its status and offers to follow it.
 *
 *   code    waiting for a code
 *   result  a status was shown; the citizen may follow it, ask another code, or move on
 */
import type { Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { DOSSIER_CODE_EXAMPLE, findDossierCode } from "../src/dossiers/code.js";
import { describeDossier } from "./dossier-view.js";
import { goTo, miss, say } from "./kit.js";
import { vi } from "./messages.vi.js";
import { fold, readable } from "./text/normalize.js";

const initial: FlowState = { name: "dossier-status", step: "code", data: {}, misses: 0 };
const t = vi.dossier;

export const dossierStatus: Flow = {
  name: "dossier-status",

  async start(ctx, event) {
    const found = event?.kind === "text" ? findDossierCode(readable(event.text)) : null;
    if (found?.kind === "code") return lookUp(initial, found.code, ctx);
    if (found?.kind === "malformed") return goTo(initial, "code", [say(t.malformed(found.fragment, DOSSIER_CODE_EXAMPLE))]);
    return goTo(initial, "code", [say(t.askCode(DOSSIER_CODE_EXAMPLE))]);
  },

  async step(state, event, ctx) {
    const text = event.kind === "text" ? readable(event.text) : "";
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
};

async function lookUp(state: FlowState, code: string, ctx: FlowContext): Promise<StepResult> {
  if (ctx.lookupAllowance.left <= 0) {
    return goTo(state, "code", [say(t.rateLimited(ctx.lookupAllowance.resetsAt))]);
  }
  const result = await ctx.lookupDossier(code);
  if ("found" in result) {
    const view = describeDossier(result.found, ctx.now);
    return {
      ...goTo(state, "result", [{ type: "buttons", text: t.result(view, ctx.commune.hotline), buttons: t.resultButtons(code) }], { code }),
      usedLookup: true,
    };
  }
  if ("notFound" in result) return { ...goTo(state, "code", [say(t.notFound(code))]), usedLookup: true };
  return goTo(state, "code", [say(t.unavailable)]);
}

function wantsToFollow(text: string): boolean {
  return /^(xin )?(dang ky )?theo doi\b/.test(fold(text));
}
