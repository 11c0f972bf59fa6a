/**
 * "Phản ánh vi phạm trật tự xây dựng" — a resident reports a construction-order violation.
 *
 *   category     which kind of violation (buttons from the commune config, a name or a number)
 *   location     a Zalo pin, or a typed address / landmark
 *   village        the typed address named no village: pick one from buttons
 *   photos       0 to maxPhotos photos, then "Xong"
 *   description  required, between the config's minimum and maximum length
 *   shorten        a description over the maximum: use it shortened, or write another
 *   contact      share the Zalo profile, type a phone number, or stay anonymous
 *   zalo           waiting for the shared profile (a `submit_info` event)
 *   phone          waiting for a phone number
 *   nearby       an open case of the same kind is close by: follow it, or file anyway
 *   summary      Gửi / Sửa / Hủy
 *   edit           which part to change; after changing it, straight back to the summary
 *
 * Photos and a pin may come at any step (residents send them in any order, several photos at
 * once): they are kept and the step goes on. After each answer the flow asks for the first part
 * still missing, so an edit from the summary comes straight back to it.
 */
import type { PlatformEvent } from "../src/core/platform-event.js";
import type { Reply } from "../src/core/reply.js";
import type { Flow, FlowContext, FlowState, StepResult } from "../src/conversation/flow.js";
import { areaByName } from "../src/commune/geo.js";
import { goTo, miss, say, stay } from "./kit.js";
import { cancel } from "./leaving.js";
import { REPORT, report as t } from "./messages.report.vi.js";
import { fold } from "./text/normalize.js";
import { matchChoice } from "./choices.js";
import { isAnonymous, isDone, isEdit, isNo, isSubmit, isYes } from "./short-answers.js";
import { parseVietnamesePhone } from "./text/phone.js";
import { categoryNamedIn } from "./violation-report/category-words.js";
import { correctionIn, isAside, offersOwnPhone } from "./violation-report/input-checks.js";
import { placeNamedIn } from "./violation-report/named-place.js";
import { addPhotos, anonymous, setPin, sharedContact, typedPhone } from "./violation-report/changes.js";
import { type Draft, dataOf, draftOf, duplicateKey, hasContent, MAX_ADDRESS_CHARS, shortened, toReport } from "./violation-report/draft.js";
import { aside, missingPart, proceed, toSummary } from "./violation-report/next.js";
import * as q from "./violation-report/prompts.js";
import { CONSENT_TEXT } from "./messages.privacy.vi.js";
import type { ReportStep } from "./violation-report/prompts.js";

const initial: FlowState = { name: "violation-report", step: "category", data: {}, misses: 0 };

/** Characters from which an opening message is taken as the description ("Tôi muốn phản ánh" is not). */
const TOLD_IN_FULL = 80;

type Step = (state: FlowState, d: Draft, event: PlatformEvent, ctx: FlowContext) => Promise<StepResult>;
const textOf = (e: PlatformEvent): string | null => (e.kind === "text" ? e.text : null);

// 1. Category ----------------------------------------------------------------------------------

const category: Step = async (state, d, event, ctx) => {
  const text = textOf(event);
  const picked = text === null ? null : matchChoice(text, q.categoryOptions(ctx));
  if (picked) return proceed(state, { ...d, category: picked.id }, ctx);
  return miss(state, q.categoryQuestion(ctx, t.categoryNotUnderstood(ctx.commune.categories.map((c) => c.name))));
};

// 2. Location ----------------------------------------------------------------------------------

const location: Step = async (state, d, event, ctx) => {
  if (event.kind === "location") {
    const pinned = setPin(d, event, ctx);
    // A pin outside every commune: the refusal says what to do (another pin, or the address).
    if (pinned.refused) return stay(state, pinned.said, dataOf(d));
    return proceed(state, pinned.draft, ctx, pinned.said);
  }
  const text = textOf(event)?.trim().slice(0, MAX_ADDRESS_CHARS).trimEnd() ?? "";
  // The place named in the opening message, offered back: "đúng" takes it, "không" asks afresh.
  const named = d.namedPlace;
  if (named && (isYes(text) || fold(text) === fold(REPORT.placeRight))) {
    const taken: Draft = { ...d, namedPlace: undefined };
    if (named.areaId) return proceed(state, { ...taken, location: { address: named.address, areaId: named.areaId } }, ctx);
    const pending = { ...taken, pendingAddress: named.address };
    return goTo(state, "village", q.ask("village", pending, ctx), dataOf(pending));
  }
  if (named && isNo(text)) return stay(state, [say(t.askLocation)], dataOf({ ...d, namedPlace: undefined }));
  // A question asked here is answered on the side (a miss lets the conductor take it), never kept as the address.
  if (!looksLikeAddress(text) || isAside(text, ctx)) return miss(state, [say(t.locationNotUnderstood)]);
  const area = areaByName(ctx.commune, text);
  if (area) return proceed(state, { ...d, location: { address: text, areaId: area.properties.id }, pendingAddress: undefined }, ctx);
  // Keep what was typed: it goes to the officers as the address whatever village is picked.
  return goTo(state, "village", q.ask("village", { ...d, pendingAddress: text }, ctx), dataOf({ ...d, pendingAddress: text }));
};

/** Something an officer could find: a few letters or digits, not a bare yes/no/done, nor a phone number alone. */
function looksLikeAddress(text: string): boolean {
  const phoneOnly = parseVietnamesePhone(text) !== null && fold(text).replace(/[^a-z]/g, "").length <= 4;
  return fold(text).replace(/[^a-z0-9]/g, "").length >= 4 && !isYes(text) && !isNo(text) && !isDone(text) && !phoneOnly;
}

const village: Step = async (state, d, event, ctx) => {
  const text = textOf(event) ?? "";
  const options = q.villageOptions(ctx);
  const picked = matchChoice(text, options) ?? areaOption(text, ctx);
  if (!picked) return miss(state, q.villageQuestion(ctx, t.villageNotUnderstood(options.map((o) => o.title))));
  const address = d.pendingAddress ?? text;
  return proceed(state, { ...d, location: { address, areaId: picked.id || null }, pendingAddress: undefined }, ctx);
};

function areaOption(text: string, ctx: FlowContext) {
  const area = text ? areaByName(ctx.commune, text) : null;
  return area ? { id: area.properties.id, title: area.properties.name } : null;
}

// 3. Photos ------------------------------------------------------------------------------------

const PHOTO_ANSWERS = [
  { id: "done", title: REPORT.photosDone },
  { id: "done", title: REPORT.skipPhotos },
  { id: "done", title: "Không có ảnh" },
  { id: "clear", title: REPORT.clearPhotos },
];

const photos: Step = async (state, d, event, ctx) => {
  const max = ctx.commune.report.maxPhotos;
  if (event.kind === "image") {
    const added = addPhotos(
      d,
      event.images.map((i) => i.url),
      ctx,
    );
    if (added.full) return proceed(state, { ...added.draft, photosDone: true }, ctx, [...added.said, say(t.photosFull(max))]);
    const have = added.draft.photos.length;
    return stay(state, [...added.said, q.photosQuestion(added.draft, ctx, t.photoReceived(have, max))], dataOf(added.draft));
  }
  if (event.kind === "location") {
    // The pin often comes after the photos: it is the location, and the photos go on.
    const pinned = setPin(d, event, ctx);
    return stay(state, [...pinned.said, q.photosQuestion(pinned.draft, ctx)], dataOf(pinned.draft));
  }
  const text = textOf(event) ?? "";
  const answer = matchChoice(text, PHOTO_ANSWERS);
  if (answer?.id === "clear")
    return stay(state, [say(t.photosCleared), ...q.ask("photos", { ...d, photos: [] }, ctx)], dataOf({ ...d, photos: [] }));
  if (answer || isDone(text) || isNo(text)) return proceed(state, { ...d, photosDone: true }, ctx);
  // A question ("chủ nhật xã có làm việc ko") is answered on the side and the photos step goes on.
  if (isAside(text, ctx)) return miss(state, [q.photosQuestion(d, ctx, t.photosNotUnderstood(max))]);
  // A long message here is the description: the resident has moved on from photos.
  if (text.trim().length >= Math.max(ctx.commune.report.descriptionMin, 10)) {
    return description({ ...state, step: "description" }, { ...d, photosDone: true }, event, ctx);
  }
  return miss(state, [q.photosQuestion(d, ctx, t.photosNotUnderstood(max))]);
};

// 4. Description -------------------------------------------------------------------------------

const description: Step = async (state, d, event, ctx) => {
  const { descriptionMin: min, descriptionMax: max } = ctx.commune.report;
  const text = textOf(event)?.trim();
  if (text === undefined) return miss(state, [say(t.descriptionNotText(min, max))]);
  if (text.length < min || !text) return miss(state, [say(t.descriptionTooShort(text.length, min, max))]);
  // A question is not a description: the conductor answers it and the step goes on.
  if (isAside(text, ctx)) return miss(state, [say(t.askDescription(min, max))]);
  // Too long is not refused: the resident is offered a shortened text (nothing is cut unasked).
  if (text.length > max) return proceed(state, { ...d, description: undefined, ...tooLong(text, max) }, ctx);
  return proceed(state, { ...d, description: text, longDescription: undefined, longLength: undefined }, ctx);
};

/** A description over `max`: what the draft keeps of it (the shortened text and the original's length). */
function tooLong(text: string, max: number): Pick<Draft, "longDescription" | "longLength"> {
  return { longDescription: shortened(text, max), longLength: text.length };
}

const SHORTEN_ANSWERS = [
  { id: "use", title: REPORT.useShortened },
  { id: "rewrite", title: REPORT.rewrite },
];

const shorten: Step = async (state, d, event, ctx) => {
  const text = textOf(event) ?? "";
  const picked = matchChoice(text, SHORTEN_ANSWERS);
  const long = d.longDescription ?? "";
  if (picked?.id === "use" || (!picked && isYes(text))) {
    return proceed(
      state,
      { ...d, description: shortened(long, ctx.commune.report.descriptionMax), longDescription: undefined, longLength: undefined },
      ctx,
    );
  }
  if (picked?.id === "rewrite" || isNo(text))
    return goTo(state, "description", q.ask("description", d, ctx), dataOf({ ...d, longDescription: undefined, longLength: undefined }));
  // Anything else written here is a new description.
  if (event.kind === "text" && text.trim().length > 0) return description({ ...state, step: "description" }, d, event, ctx);
  return miss(state, [q.shortenQuestion(d, ctx)]);
};

// 5. Contact -----------------------------------------------------------------------------------

const contact: Step = async (state, d, event, ctx) => {
  const given = contactGiven(d, event);
  if (given)
    return given.needPhone ? goTo(state, "phone", [say(t.sharedWithoutPhone)], dataOf(given.draft)) : proceed(state, given.draft, ctx);
  const text = textOf(event) ?? "";
  const picked = matchChoice(text, q.contactOptions);
  if (picked?.id === "zalo") return goTo(state, "zalo", [q.requestInfo]);
  // "để lại số điện thoại" / "de lai sdt": the number comes next (not a question about the commune's phone).
  if (picked?.id === "phone" || offersOwnPhone(text)) return goTo(state, "phone", q.ask("phone", d, ctx));
  // Digits that are not a valid number: a phone typed wrong.
  if (/\d{3}/.test(text)) return miss({ ...state, step: "phone" }, [{ type: "buttons", text: t.badPhone, buttons: t.phoneButtons }]);
  return miss(state, [q.contactQuestion(t.contactNotUnderstood)]);
};

const zalo: Step = async (state, d, event, ctx) => {
  const given = contactGiven(d, event);
  if (given)
    return given.needPhone ? goTo(state, "phone", [say(t.sharedWithoutPhone)], dataOf(given.draft)) : proceed(state, given.draft, ctx);
  const picked = matchChoice(textOf(event) ?? "", q.contactOptions);
  if (picked?.id === "zalo") return stay(state, [q.requestInfo]);
  if (picked?.id === "phone" || offersOwnPhone(textOf(event) ?? "")) return goTo(state, "phone", q.ask("phone", d, ctx));
  return miss(state, [q.contactQuestion(t.waitingForZalo)]);
};

const phone: Step = async (state, d, event, ctx) => {
  const given = contactGiven(d, event);
  if (given) return given.needPhone ? stay(state, [say(t.sharedWithoutPhone)], dataOf(given.draft)) : proceed(state, given.draft, ctx);
  if (matchChoice(textOf(event) ?? "", q.contactOptions)?.id === "zalo") return goTo(state, "zalo", [q.requestInfo]);
  // "để lại sđt" said again while the number is asked: ask for it, not the office's card.
  if (offersOwnPhone(textOf(event) ?? "")) return stay(state, q.ask("phone", d, ctx));
  return miss(state, [{ type: "buttons", text: t.badPhone, buttons: t.phoneButtons }]);
};

/** "Đồng ý" or "Không" to notices by ZNS (typed answers too, with or without diacritics). */
const zns: Step = async (state, d, event, ctx) => {
  const text = textOf(event) ?? "";
  const picked = matchChoice(text, [
    { id: "yes", title: REPORT.znsYes },
    { id: "no", title: REPORT.znsNo },
  ]);
  const granted = picked ? picked.id === "yes" : isYes(text) ? true : isNo(text) ? false : null;
  if (granted === null) return miss(state, [q.znsQuestion(t.znsNotUnderstood)]);
  const next = await proceed(state, { ...d, znsAsked: true }, ctx, [say(granted ? t.znsGranted : t.znsDeclined)]);
  const consent = { type: "consent" as const, purpose: "zns_notices" as const, granted, textShown: CONSENT_TEXT.zns_notices };
  return { ...next, effects: [...(next.effects ?? []), consent] };
};

/** A contact answer any contact sub-step takes: a shared profile, a valid number, "ẩn danh". */
function contactGiven(d: Draft, event: PlatformEvent): { draft: Draft; needPhone: boolean } | null {
  if (event.kind === "submit_info") return sharedContact(d, event);
  const text = textOf(event);
  if (text === null) return null;
  if (isAnonymous(text) || matchChoice(text, q.contactOptions)?.id === "anonymous") return { draft: anonymous(d), needPhone: false };
  const number = parseVietnamesePhone(text);
  return number ? { draft: typedPhone(d, number), needPhone: false } : null;
}

// 6. A case nearby -----------------------------------------------------------------------------

const nearby: Step = async (state, d, event, ctx) => {
  const code = d.offered?.code;
  if (!code) return toSummary(state, d, ctx);
  const text = textOf(event) ?? "";
  const picked = matchChoice(text, [
    { id: "follow", title: t.followButton(code).title },
    { id: "new", title: REPORT.fileNew },
  ]);
  if (picked?.id === "follow" || (!picked && isYes(text))) {
    return { replies: [say(t.followed(code))], next: null, effects: [{ type: "followCase", code }] };
  }
  if (picked?.id === "new" || isNo(text) || isSubmit(text)) {
    return toSummary(state, { ...d, offered: undefined, declined: duplicateKey(d) ?? undefined }, ctx);
  }
  return miss(state, q.nearbyQuestion(d, t.nearbyNotUnderstood(code)));
};

// 7. Summary: Gửi / Sửa / Hủy -----------------------------------------------------------------

const summary: Step = async (state, d, event, ctx) => {
  const text = textOf(event) ?? "";
  if (isSubmit(text) || isYes(text)) {
    if (missingPart(d, ctx)) return proceed(state, d, ctx);
    return { replies: [say(t.sending)], next: null, effects: [{ type: "submitCase", report: toReport(d) }] };
  }
  if (isEdit(text)) return goTo(state, "edit", q.ask("edit", d, ctx));
  // "Hủy" is a global command; a tap that reaches here anyway asks the same question.
  if (fold(text) === fold(REPORT.cancel)) return cancel(state, violationReport, ctx);
  const part = matchChoice(text, q.partOptions);
  if (part) return goTo(state, part.id, q.ask(part.id as ReportStep, d, ctx));
  return miss(state, [{ type: "buttons", text: t.summaryNotUnderstood, buttons: t.summaryButtons }]);
};

const edit: Step = async (state, d, event, ctx) => {
  // Changed their mind: "Gửi" here sends as it stands.
  if (isSubmit(textOf(event) ?? "")) return summary(state, d, event, ctx);
  const part = matchChoice(textOf(event) ?? "", q.partOptions);
  if (part) return goTo(state, part.id, q.ask(part.id as ReportStep, d, ctx));
  return miss(state, [{ type: "buttons", text: t.partNotUnderstood, buttons: t.partButtons }]);
};

// Corrections ------------------------------------------------------------------------------------

/** Steps where "nhầm, …" / "không phải … mà là …" may correct an earlier answer. */
const CORRECTED_AT: ReadonlySet<ReportStep> = new Set(["location", "village", "photos", "description"]);

/** Longest correction (in words) read as naming a category; a longer text is a description that says "không phải". */
const MAX_CORRECTION_WORDS = 16;

/**
 * A correction changes what it corrects: a category it names becomes the report's (the step it
 * came at is asked again); at the location steps anything else it says is the address. Null:
 * not a correction the flow can use, the step reads the message itself.
 */
async function corrected(
  state: FlowState,
  d: Draft,
  event: Extract<PlatformEvent, { kind: "text" }>,
  ctx: FlowContext,
): Promise<StepResult | null> {
  const value = correctionIn(event.text);
  if (!value || event.text.trim().split(/\s+/u).length > MAX_CORRECTION_WORDS) return null;
  const category = categoryNamedIn(value, ctx);
  if (category && category.id !== ctx.commune.otherCategory) {
    const fixed: Draft = { ...d, category: category.id };
    return stay(state, [say(t.categoryCorrected(category.name)), ...q.ask(state.step as ReportStep, fixed, ctx)], dataOf(fixed));
  }
  if (state.step === "location" || state.step === "village") {
    const address: Draft = { ...d, location: undefined, pendingAddress: undefined };
    return location({ ...state, step: "location" }, address, { ...event, text: value }, ctx);
  }
  return null;
}

const STEPS: Record<ReportStep, Step> = {
  category,
  location,
  village,
  photos,
  description,
  shorten,
  contact,
  zalo,
  phone,
  zns,
  nearby,
  summary,
  edit,
};

/** Where "quay lại" goes from each step. */
const BACK: Partial<Record<ReportStep, ReportStep>> = {
  location: "category",
  village: "location",
  photos: "location",
  description: "photos",
  shorten: "photos",
  contact: "description",
  zalo: "contact",
  phone: "contact",
  zns: "contact",
  nearby: "contact",
  summary: "contact",
  edit: "summary",
};

/** The draft without the answer `step` takes (photos sent stay: only the "no more photos" goes). */
function withoutAnswer(d: Draft, step: ReportStep): Draft {
  switch (step) {
    case "category":
      return { ...d, category: undefined };
    case "location":
    case "village":
      return { ...d, location: undefined, pendingAddress: undefined };
    case "photos":
      return { ...d, photosDone: false };
    case "description":
    case "shorten":
      return { ...d, description: undefined, longDescription: undefined, longLength: undefined };
    case "contact":
    case "zalo":
    case "phone":
      return { ...d, contact: undefined };
    default:
      return d;
  }
}

const isStep = (s: string): s is ReportStep => Object.hasOwn(STEPS, s);

export const violationReport: Flow = {
  name: "violation-report",

  async start(ctx, event) {
    let d = draftOf(initial);
    let said: Reply[] = [];
    if (event?.kind === "image" || event?.kind === "location") {
      // Opened by a photo or a pin sent out of the blue: it is the first piece of the report.
      const kept =
        event.kind === "image"
          ? addPhotos(
              d,
              event.images.map((i) => i.url),
              ctx,
            )
          : setPin(d, event, ctx);
      d = kept.draft;
      said = event.kind === "image" ? [...kept.said, say(t.photoKept(d.photos.length, ctx.commune.report.maxPhotos))] : kept.said;
    }
    if (event?.kind === "text") {
      // A problem told in full in the first message is the description, not a mere way in.
      const told = event.text.trim();
      if (told.length >= Math.max(ctx.commune.report.descriptionMin, TOLD_IN_FULL)) {
        d =
          told.length > ctx.commune.report.descriptionMax
            ? { ...d, ...tooLong(told, ctx.commune.report.descriptionMax) }
            : { ...d, description: told };
        said = [say(t.keptAsDescription)];
      }
    }
    // A place named in it ("đống rác ở cổng làng Ngọc Bài") is offered back at the location step.
    const place = event?.kind === "text" && !d.location ? placeNamedIn(event.text, ctx) : null;
    if (place) d = { ...d, namedPlace: place };
    const named = event?.kind === "text" ? categoryNamedIn(event.text, ctx) : null;
    if (named) return proceed(initial, { ...d, category: named.id }, ctx, [...said, say(t.categoryFromWords(named.name))]);
    return goTo(initial, "category", [...said, ...q.ask("category", d, ctx)], dataOf(d));
  },

  async step(state, event, ctx) {
    const d = draftOf(state);
    const step = isStep(state.step) ? state.step : "category";
    // The photos step takes photos and pins itself, the location step its pin; elsewhere they are kept on the side.
    const own = step === "photos" || (step === "location" && event.kind === "location");
    if (!own) {
      const kept = await aside({ ...state, step }, d, event, ctx);
      if (kept) return kept;
    }
    if (event.kind === "text" && CORRECTED_AT.has(step)) {
      const fixed = await corrected({ ...state, step }, d, event, ctx);
      if (fixed) return fixed;
    }
    return STEPS[step]({ ...state, step }, d, event, ctx);
  },

  async back(state, ctx) {
    const d = draftOf(state);
    const step = isStep(state.step) ? state.step : "category";
    if (step === "category") return stay(state, [say(t.firstStep), ...q.ask("category", d, ctx)]);
    // Everything given (the resident was changing one part): back means back to the summary.
    if (!missingPart(d, ctx) && step !== "summary" && step !== "nearby") return toSummary(state, d, ctx);
    const to = BACK[step] ?? "category";
    // The step gone back to is asked afresh: what it took is dropped, so a wrong answer does not survive.
    const fresh = withoutAnswer({ ...d, offered: undefined }, to);
    return goTo(state, to, q.ask(to, fresh, ctx), dataOf(fresh));
  },

  help(state, ctx) {
    const d = draftOf(state);
    return q.ask(isStep(state.step) ? state.step : "category", d, ctx);
  },

  remind: (state, ctx) => q.remind(isStep(state.step) ? state.step : "category", draftOf(state), ctx),

  hasContent: (state) => hasContent(draftOf(state)),

  // An address, a description, or (at the photos step) a description written straight away.
  // A place offered back at the location step is answered with a yes first ("đúng địa điểm này").
  takesFreeText: (state) =>
    (state.step === "location" && !draftOf(state).namedPlace) || state.step === "description" || state.step === "photos",
};
