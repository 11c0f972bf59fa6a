import type { PlatformEvent } from "../src/core/platform-event.js";
import type { ConversationScript, FlowContext, FlowState, ScriptOptions, StepResult } from "../src/conversation/flow.js";
import type { Session } from "../src/conversation/session.js";
import { answerAside } from "./asides.js";
import { caseFollowIn, followRequest } from "./case-follow.js";
import { answerFeedback, caseAwaiting, feedbackIn, typedFeedbackIn } from "./case-status.js";
import { end, menuReply, say } from "./kit.js";
import { answerPending, cancel, offerResume, toMenu } from "./leaving.js";
import { flowOpenedBy, outsideFlow } from "./menu.js";
import { handoffSay } from "./messages.handoff.vi.js";
import { answerPrivacy, privacyNotice } from "./privacy.js";
import { vi } from "./messages.vi.js";
import { fold } from "./text/normalize.js";
import { privacyAskIn } from "./text/privacy-words.js";
import { rightsAskIn } from "./text/rights-words.js";
import { answerRights } from "./rights.js";
import { globalCommand } from "./commands.js";

/**
 * How a citizen's message finds its answer: the engine's own question first ("really cancel?"),
 * then global commands, a resolved case's feedback, the open flow's step (with questions on the
 * side), a kept draft, and else the main menu. The engine (src/conversation) gets it injected.
 */
export const conductor: ConversationScript = {
  welcome: (ctx) => [say(vi.welcome(ctx.commune.name)), menuReply(ctx)],
  expired: (flow, ctx) => [say(vi.sessionExpired(vi.flowTitle[flow] ?? "")), menuReply(ctx)],
  respond,
  stopsWaiting(event) {
    const command = event.kind === "text" ? globalCommand(event.text) : null;
    return command === "menu" || command === "cancel";
  },
  endsHandoff(event) {
    if (event.kind !== "text") return false;
    return globalCommand(event.text) === "menu" || ENDS_HANDOFF.has(fold(event.text).replace(/ (a|nhe|nha)$/, ""));
  },
  handoffEnded: (ctx) => [say(handoffSay.endedByCitizen), menuReply(ctx)],
  privacyNotice,
};

/** What a citizen writes to leave a conversation with an officer (any case, with or without diacritics). */
const ENDS_HANDOFF: ReadonlySet<string> = new Set(
  ["kết thúc", "kết thúc trò chuyện", "gặp tổng đài tự động", "tổng đài tự động", "về tổng đài tự động"].map(fold),
);

async function respond(session: Session, event: PlatformEvent, ctx: FlowContext, opts: ScriptOptions): Promise<StepResult> {
  const flow = session.flow ? opts.flows[session.flow.name] : undefined;
  // The engine's own question first ("really cancel?", "continue the draft?"); unanswered, it is dropped.
  if (session.flow?.pending && flow) {
    const answered = await answerPending(session.flow, event, flow, ctx);
    if (answered) return answered;
  }
  const open = withoutPending(session.flow);
  const command = event.kind === "text" ? globalCommand(event.text) : null;

  if (command === "menu") return toMenu(open, flow, ctx, opts.idleMinutes);
  if (command === "cancel") {
    if (!open) return end([say(vi.nothingToCancel), menuReply(ctx)]);
    return cancel(open, flow, ctx);
  }
  if (command === "help") {
    if (open && flow) return { replies: flow.help(open, ctx), next: open };
    return end([say(vi.help), menuReply(ctx)]);
  }
  if (command === "back") {
    if (open && flow?.back) return flow.back(open, ctx);
    if (open && flow) return { replies: [say(vi.cannotGoBack), ...flow.help(open, ctx)], next: open };
    return end([menuReply(ctx)]);
  }

  // The further rights over personal data (correct a contact, restrict, object), likewise; before
  // the personal-data words, which "hạn chế xử lý dữ liệu cá nhân" also holds.
  const rights = event.kind === "text" ? rightsAskIn(event.text, { strict: open !== null }) : null;
  if (rights) return answerRights(rights, event, ctx, open);

  // Personal data ("quyền riêng tư", a consent button, erasure) at any step; inside a flow only
  // the buttons' own words, which a step would otherwise take for its own ("đồng ý", "ảnh").
  const privacy = event.kind === "text" ? privacyAskIn(event.text, { strict: open !== null }) : null;
  if (privacy) return { ...(await answerPrivacy(privacy, ctx)), next: open };

  // The reporter's answer about a resolved case (a button of its notice) is taken at any step;
  // the open flow stays where it was.
  const feedback = event.kind === "text" ? feedbackIn(event.text) : null;
  if (feedback) return { ...(await answerFeedback(feedback, ctx)), next: open };
  // The same answers typed ("Chưa", "chưa xử lý, vẫn đang đổ bê tông", "2 sao thôi"), when no flow
  // is open and exactly one of the citizen's reports waits for that answer.
  const typed = !open && event.kind === "text" ? typedFeedbackIn(event.text) : null;
  const typedFor = typed ? await caseAwaiting(typed, ctx) : null;
  if (typedFor) return { ...(await answerFeedback(typedFor, ctx)), next: open };
  // "theo dõi PA-…" (a report taken by phone), likewise — but not inside a report, whose own
  // "Theo dõi phản ánh PA-…" follows a case nearby instead of filing (a dossier's "theo dõi" would
  // otherwise take these words for its own).
  const follow = open?.name !== "violation-report" && event.kind === "text" ? caseFollowIn(event.text) : null;
  if (follow) return { ...(await followRequest(follow, ctx)), next: open };

  if (open && flow) {
    // A step that takes any free text would swallow a question: only a plain one is taken aside first.
    if (flow.takesFreeText?.(open)) {
      const aside = await answerAside(open, event, flow, ctx, true);
      if (aside) return aside;
    }
    const result = await flow.step(open, event, ctx);
    if (!result.passOn) {
      // The step could not use it: maybe a question on the side.
      const missed = result.next?.step === open.step && result.next.misses > open.misses;
      const aside = missed ? await answerAside(open, event, flow, ctx, false) : null;
      if (aside) return aside;
      // Not an answer nor a question on the side but a report told in words ("phản ánh đèn đường
      // hỏng ở thôn…" when a dossier code was asked): the citizen moved on, and so does the hotline.
      if (!(missed && open.name !== "violation-report" && flowOpenedBy(event, ctx) === "violation-report" && event.kind === "text"))
        return result;
    }
  }
  const parked = session.parked;
  const parkedFlow = parked ? opts.flows[parked.name] : undefined;
  if (parked && parkedFlow && flowOpenedBy(event, ctx) === parked.name) {
    // A photo or a pin goes on with the kept draft; words that open the flow again ask first.
    if (event.kind === "text") return offerResume(parked);
    return { ...(await parkedFlow.step(parked, event, ctx)), parked: null };
  }
  return outsideFlow(event, ctx, { report: opts.flows["violation-report"] });
}

function withoutPending(state: FlowState | null): FlowState | null {
  if (!state?.pending) return state;
  const { pending: _dropped, ...rest } = state;
  return rest;
}
