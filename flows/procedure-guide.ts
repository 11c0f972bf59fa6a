/**
 * "Làm giấy khai sinh cần giấy tờ gì?" — the procedure guide. The part asked for comes first
 * (papers when none was named), short enough for a phone; buttons lead to the other parts,
 * to the online submission and to the dossier look-up. A question that fits several procedures
 * offers them; one that names none offers the most common ones and the hotline. One-shot
 * answers: every button carries the procedure's name, so the guide keeps no state.
 */
import type { Reply, ReplyButton } from "../src/core/reply.js";
import type { FlowContext } from "../src/conversation/flow.js";
import type { Procedure } from "../src/procedures/catalogue.js";
import { say } from "./kit.js";
import { MENU, officeName } from "./messages.vi.js";
import { ASPECT_LABEL, type Office, procedures as t } from "./messages.procedures.vi.js";
import { domainFor } from "./commune-domain.js";
import { type Intent } from "./intents.js";
import { type ProcedureAspect } from "./text/lexicon.js";
import { readable } from "./text/normalize.js";
import { proceduresNamedIn } from "./commune-names.js";

type Part = Exclude<ProcedureAspect, "online">;
const PARTS = Object.keys(ASPECT_LABEL) as Part[];
const BUTTONS_PER_MESSAGE = 5;

const officeOf = (ctx: FlowContext): Office => ({
  name: officeName(ctx.commune),
  address: ctx.commune.address,
  hotline: ctx.commune.hotline,
});

/** The answer to a procedure question. */
export function answerProcedure(intent: Extract<Intent, { kind: "procedure" }>, ctx: FlowContext): Reply[] {
  const byId = new Map(ctx.procedures.procedures.map((p) => [p.id, p]));
  const found = intent.ids.map((id) => byId.get(id)).filter((p): p is Procedure => p !== undefined);
  const first = (intent.aspects.find((a) => a !== "online") ?? "papers") as Part;
  if (found.length === 1) return procedureCard(found[0]!, intent.aspects, ctx, intent.supplement === true);
  if (found.length > 1) {
    return [{ type: "buttons", text: t.whichOfThese, buttons: found.slice(0, BUTTONS_PER_MESSAGE).map((p) => t.pickButton(p, first)) }];
  }
  const common = ctx.procedures.procedures.slice(0, BUTTONS_PER_MESSAGE);
  if (!common.length) return [say(t.noCatalogue(ctx.commune.hotline))];
  return [{ type: "buttons", text: t.whichProcedure(ctx.commune.hotline), buttons: common.map((p) => t.pickButton(p, first)) }];
}

/** The parts asked for (papers when none), then buttons to the rest, the portal and the look-up. */
export function procedureCard(p: Procedure, aspects: readonly ProcedureAspect[], ctx: FlowContext, supplement = false): Reply[] {
  const office = officeOf(ctx);
  const asked: ProcedureAspect[] = aspects.length ? [...new Set(aspects)] : ["papers"];
  const text = asked.map((a) => (a === "papers" ? t.papers(p, office, supplement) : t[a](p, office))).join("\n\n");
  // The online answer says where too.
  const shown = new Set<ProcedureAspect>(asked.includes("online") ? [...asked, "where"] : asked);
  const buttons: ReplyButton[] = PARTS.filter((a) => !shown.has(a)).map((a) => t.aspectButton(a, p));
  if (p.onlineUrl) buttons.push(t.onlineButton(p.onlineUrl));
  buttons.push({ title: MENU.dossier, payload: MENU.dossier });
  return [{ type: "buttons", text, buttons: buttons.slice(0, BUTTONS_PER_MESSAGE) }];
}

/**
 * The catalogue's procedure a dossier belongs to, from the procedure name the one-stop system
 * gave it ("Cấp giấy chứng nhận quyền sử dụng đất lần đầu"); null when none or several fit.
 */
export function procedureOfDossier(procedureName: string, ctx: FlowContext): Procedure | null {
  const ids = proceduresNamedIn(readable(procedureName), domainFor(ctx.procedures, ctx.commune));
  if (ids.length !== 1) return null;
  return ctx.procedures.procedures.find((p) => p.id === ids[0]) ?? null;
}
