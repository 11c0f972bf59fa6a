/**
 * Questions asked on the side in the middle of a flow ("mấy giờ mở cửa?", a dossier code, "gặp
 * cán bộ"): answered, and the flow goes on at the same step with a one-line reminder. The step
 * always has the first word on its own input (its buttons and answers win); a side question is
 * taken when the step could not use the message, or, at a step that takes any free text, when
 * the message is plainly that question.
 *
 * Each kind of side question is one entry of ASIDES, so a new one (a case code, a hand-off to an
 * officer) is one more entry.
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Reply } from "../src/core/reply.js";
import type { Effect, Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { officeStatus } from "../src/commune/hours.js";
import { DOSSIER_CODE_EXAMPLE } from "../src/dossiers/code.js";
import {
  dossierCard,
  dossierCards,
  dossierHint,
  followDossier,
  listFollowed,
  nearlyRight,
  partialCard,
  unfollowDossier,
} from "./dossier-status.js";
import { askForOfficer } from "./handoff.js";
import { lookUpCase, myCases } from "./case-status.js";
import { say } from "./kit.js";
import { reminder } from "./leaving.js";
import { vi } from "./messages.vi.js";
import { answerProcedure } from "./procedure-guide.js";
import { domainOf } from "./commune-domain.js";
import { type Intent, plainQuestion, understand } from "./intents.js";

/** What answering a side question gives: replies, and maybe effects and a used look-up. */
export interface AsideAnswer {
  replies: Reply[];
  effects?: Effect[];
  usedLookup?: boolean | number;
}

type Answer = (intent: Intent, event: PlatformEvent, ctx: FlowContext) => Promise<AsideAnswer | null>;

const contact: Answer = async (_i, _e, ctx) => ({ replies: [say(vi.contact(ctx.commune, officeStatus(ctx.commune, ctx.now), ctx.now))] });

/** Side questions by intent; flows whose own input an intent is list it in `OWN`. */
export const ASIDES: Partial<Record<Intent["kind"], Answer>> = {
  hours: contact,
  address: contact,
  hotline: contact,
  case_code: async (intent, _e, ctx) => (intent.kind === "case_code" ? lookUpCase(intent.code, ctx) : null),
  my_cases: async (_i, _e, ctx) => myCases(ctx),
  dossier_code: async (intent, event, ctx) => {
    if (intent.kind !== "dossier_code") return null;
    const text = event.kind === "text" ? event.text : "";
    return (await followDossier(text, intent.code, ctx)) ?? dossierCard(intent.code, ctx);
  },
  dossier_codes: async (intent, _e, ctx) => (intent.kind === "dossier_codes" ? dossierCards(intent.codes, ctx) : null),
  dossier_code_partial: async (intent, _e, ctx) => (intent.kind === "dossier_code_partial" ? partialCard(intent.tail, ctx) : null),
  dossier_code_malformed: async (intent, _e, ctx) => {
    if (intent.kind !== "dossier_code_malformed") return null;
    // Nearly right: completed, or offered as a button that sends the whole code.
    const near = await nearlyRight(intent.fragment, ctx);
    if (near?.card) return { replies: near.card.replies, ...(near.card.usedLookup ? { usedLookup: true } : {}) };
    if (near?.guess)
      return {
        replies: [{ type: "buttons", text: vi.dossier.isItThisCode(near.guess), buttons: vi.dossier.codeAsideButtons(near.guess) }],
      };
    return { replies: dossierHint(intent.fragment) };
  },
  dossier_question: async () => ({ replies: dossierHint(null) }),
  lost_code: async (_i, _e, ctx) => ({ replies: [say(vi.dossier.lostCode(ctx.commune))] }),
  procedure: async (intent, _e, ctx) => (intent.kind === "procedure" ? { replies: answerProcedure(intent, ctx) } : null),
  followed_list: async (_i, _e, ctx) => ({ replies: await listFollowed(ctx) }),
  // Small talk in the middle of a flow: the polite word, then where the citizen stands.
  thanks: async () => ({ replies: [say(vi.thanks)] }),
  goodbye: async () => ({ replies: [say(vi.goodbye)] }),
  greeting: async () => ({ replies: [say(vi.greeting)] }),
  anyone_there: async (_i, _e, ctx) => ({ replies: [say(vi.stillHere(officeStatus(ctx.commune, ctx.now).openNow))] }),
  complaint: async (_i, _e, ctx) => ({ replies: [{ type: "buttons", text: vi.complaint(ctx.commune), buttons: vi.complaintButtons }] }),
  online_dossier: async () => ({ replies: [say(vi.onlineDossier(DOSSIER_CODE_EXAMPLE))] }),
  citizen_reception: async (_i, _e, ctx) => ({ replies: [say(vi.citizenReception(ctx.commune))] }),
  unfollow: async (intent, _e, ctx) => (intent.kind === "unfollow" ? unfollowDossier(intent.code, ctx) : null),
};

/** Intents that are a flow's own input, never a side question in it. */
const OWN: Partial<Record<FlowState["name"], readonly Intent["kind"][]>> = {
  "dossier-status": ["dossier_code", "dossier_codes", "dossier_code_partial", "dossier_code_malformed", "dossier_question"],
  // A message left for the front desk may well ask for the reception schedule or complain: it is the message.
  "officer-message": ["complaint", "citizen_reception", "online_dossier", "anyone_there"],
};

/**
 * Answer `event` as a side question of the open flow, or null. `plainOnly`: only a message that
 * is plainly the question (the step takes free text and has not seen it yet).
 */
export async function answerAside(
  open: FlowState,
  event: PlatformEvent,
  flow: Flow,
  ctx: FlowContext,
  plainOnly: boolean,
): Promise<StepResult | null> {
  if (event.kind !== "text") return null;
  const intent = plainOnly ? plainQuestion(event.text, domainOf(ctx)) : understand(event.text, domainOf(ctx));
  if (!intent || OWN[open.name]?.includes(intent.kind)) return null;
  // Asking for a person is more than a side question: the flow is left (its draft kept) for them.
  if (intent.kind === "officer") return askForOfficer(event, ctx, { state: open, flow });
  const answer = await ASIDES[intent.kind]?.(intent, event, ctx);
  if (!answer) return null;
  return {
    replies: [...answer.replies, ...reminder(open, flow, ctx)],
    // Understood: the count of misses starts again.
    next: { ...open, misses: 0 },
    ...(answer.effects ? { effects: answer.effects } : {}),
    ...(answer.usedLookup ? { usedLookup: answer.usedLookup } : {}),
  };
}
