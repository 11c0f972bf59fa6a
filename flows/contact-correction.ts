/**
 * Correcting the phone or name the hotline keeps on the citizen's reports still being handled
 * (issue 25, right to rectification): asked in their words ("sửa số điện thoại", "doi sdt 0912…",
 * "sửa tên"), the new value asked for if not given, then confirmed with buttons that also take a
 * typed "có" / "không".
 *
 *   value     waiting for the new phone (or name)
 *   confirm   waiting for yes / no
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { end, goTo, miss, say } from "./kit.js";
import { dpoSay, RIGHTS_BUTTON, rightsSay } from "./messages.rights.vi.js";
import { isNo, isYes } from "./short-answers.js";
import { parseVietnamesePhone } from "./text/phone.js";
import { readable } from "./text/normalize.js";

type Field = "phone" | "name";
const t = rightsSay.correct;

const fieldOf = (state: FlowState): Field => (state.data.field === "name" ? "name" : "phone");
const codesOf = (state: FlowState): string[] =>
  Array.isArray(state.data.codes) ? state.data.codes.filter((c) => typeof c === "string") : [];

/** Codes of the citizen's own reports still being handled that keep this field. */
async function correctable(ctx: FlowContext, field: Field): Promise<string[]> {
  const own = await ctx.cases.mine(50);
  return own
    .filter((c) => c.reporterUserId === ctx.userId && !c.anonymous && c.status !== "closed" && c.status !== "rejected")
    .filter((c) => (field === "phone" ? c.contactPhone : c.contactName))
    .map((c) => c.code);
}

/** A name as typed: letters and spaces, two to six words, no digits. */
function nameIn(text: string): string | null {
  const name = readable(text).normalize("NFC").trim().replace(/\s+/g, " ");
  if (!/^[\p{L} .'-]+$/u.test(name) || name.length > 60) return null;
  const n = name.split(" ").length;
  return n >= 2 && n <= 6 ? name : null;
}

function confirm(state: FlowState, value: string): StepResult {
  const c = t.confirm(fieldOf(state), value, codesOf(state));
  return goTo(state, "confirm", [{ type: "buttons", text: c.text, buttons: c.buttons }], { ...state.data, value });
}

/** Start a correction of `field`, with the value if the asking message carries it. */
export async function startCorrection(field: Field, ctx: FlowContext, text = ""): Promise<StepResult> {
  const codes = await correctable(ctx, field);
  if (!codes.length)
    return end([
      { type: "buttons", text: `${t.nothingKept(field)} ${dpoSay.offer}`, buttons: [{ title: dpoSay.button, payload: dpoSay.button }] },
    ]);
  const state: FlowState = { name: "contact-correction", step: "value", data: { field, codes }, misses: 0 };
  const phone = field === "phone" ? parseVietnamesePhone(text) : null;
  if (phone) return confirm(state, phone);
  return { replies: [say(t.ask(field))], next: state };
}

export const contactCorrection: Flow = {
  name: "contact-correction",

  start: (ctx: FlowContext, event?: PlatformEvent) => startCorrection("phone", ctx, event?.kind === "text" ? event.text : ""),

  async step(state, event) {
    const text = event.kind === "text" ? event.text.trim() : "";
    const field = fieldOf(state);
    if (state.step === "confirm") {
      if (text === RIGHTS_BUTTON.correctConfirm || isYes(text)) {
        const value = String(state.data.value ?? "");
        const request =
          field === "phone" ? { kind: "rectification" as const, phone: value } : { kind: "rectification" as const, name: value };
        return { replies: [say(t.done(field))], next: null, effects: [{ type: "rightsRequest", request }] };
      }
      if (text === RIGHTS_BUTTON.correctDecline || isNo(text)) return end([say(t.declined)]);
      // Another value typed instead of yes: that one is confirmed.
      const other = field === "phone" ? parseVietnamesePhone(text) : null;
      if (other) return confirm(state, other);
      return miss(state, [say(t.confirmAgain)]);
    }
    if (isNo(text)) return end([say(t.declined)]);
    if (field === "phone") {
      const phone = parseVietnamesePhone(text);
      return phone ? confirm(state, phone) : miss(state, [say(t.notPhone)]);
    }
    const name = nameIn(text);
    return name ? confirm(state, name) : miss(state, [say(t.notName)]);
  },

  help: (state) => [say(state.step === "confirm" ? t.confirmAgain : t.ask(fieldOf(state)))],
  remind: (state) => [say(state.step === "confirm" ? t.confirmAgain : t.ask(fieldOf(state)))],
  // A name is free text: only a plain question is taken aside.
  takesFreeText: (state) => state.step === "value" && fieldOf(state) === "name",
};
