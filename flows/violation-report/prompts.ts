/**
 * The question each step of the report flow asks, and the options it offers. Used when a step is
 * entered, for "trợ giúp", and after "quay lại".
 */
import type { FlowContext } from "../../src/conversation/flow.js";
import type { Reply, ReplyButton } from "../../src/core/reply.js";
import { formatDateVN } from "../../src/core/local-time.js";
import { say } from "../kit.js";
import { REPORT, REPORT_PARTS, report as t, type ReportSummary } from "../messages.report.vi.js";
import type { ChoiceOption } from "../choices.js";
import { type Draft, hasPin, shortened } from "./draft.js";

/** The steps, in the order a report is written. `village`, `zalo` and `phone` are sub-steps. */
export type ReportStep =
  | "category"
  | "location"
  | "village"
  | "photos"
  | "description"
  | "shorten"
  | "contact"
  | "zalo"
  | "phone"
  | "zns"
  | "nearby"
  | "summary"
  | "edit";

export const BUTTONS_PER_MESSAGE = 5;

/** Buttons in messages of at most five: the first carries the question, the rest a short lead. */
export function buttonMessages(text: string, more: string, buttons: ReplyButton[]): Reply[] {
  const out: Reply[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_MESSAGE) {
    out.push({ type: "buttons", text: i === 0 ? text : more, buttons: buttons.slice(i, i + BUTTONS_PER_MESSAGE) });
  }
  return out;
}

export const categoryOptions = (ctx: FlowContext): ChoiceOption[] => ctx.commune.categories.map((c) => ({ id: c.id, title: c.name }));

/** The commune's villages, then "don't know" (the case then goes to the fallback team). */
export const villageOptions = (ctx: FlowContext): ChoiceOption[] => [
  ...ctx.commune.areas.features.map((a) => ({ id: a.properties.id, title: a.properties.name })),
  { id: "", title: REPORT.unknownVillage },
];

export const contactOptions: ChoiceOption[] = [
  { id: "zalo", title: REPORT.shareZalo },
  { id: "phone", title: REPORT.typePhone },
  { id: "anonymous", title: REPORT.anonymous },
];

// After the buttons, the old name of the first part: residents reporting a violation still type it.
export const partOptions: ChoiceOption[] = [
  ...REPORT_PARTS.map((p) => ({ id: p.id, title: p.title })),
  { id: "category", title: "Loại vi phạm" },
];

const asButtons = (options: ChoiceOption[]): ReplyButton[] => options.map((o) => ({ title: o.title, payload: o.title }));

export const categoryQuestion = (ctx: FlowContext, text: string = t.askCategory): Reply[] =>
  buttonMessages(text, t.moreCategories, asButtons(categoryOptions(ctx)));

export const villageQuestion = (ctx: FlowContext, text: string): Reply[] =>
  buttonMessages(text, t.moreVillages, asButtons(villageOptions(ctx)));

export const photosQuestion = (d: Draft, ctx: FlowContext, text?: string): Reply => ({
  type: "buttons",
  text: text ?? t.askPhotos(d.photos.length, ctx.commune.report.maxPhotos),
  buttons: t.photoButtons(d.photos.length),
});

export const contactQuestion = (text: string = t.askContact): Reply => ({ type: "buttons", text, buttons: t.contactButtons });

/** Asked once, with the phone they left: may notices go by ZNS when Zalo's window is closed? */
export const znsQuestion = (text: string = t.askZns): Reply => ({ type: "buttons", text, buttons: t.znsButtons });

export const requestInfo: Reply = { type: "request_info", title: t.requestInfo.title, subtitle: t.requestInfo.subtitle };

/** The nearby-case offer, from what the draft remembers of it. */
export function nearbyQuestion(d: Draft, text?: string): Reply[] {
  const o = d.offered;
  if (!o) return [];
  return [
    {
      type: "buttons",
      text:
        text ??
        (o.distanceMeters === null
          ? t.sameVillage(o.code, o.village ?? "", formatDateVN(new Date(o.createdAt)), o.status)
          : t.nearby(o.code, o.distanceMeters, formatDateVN(new Date(o.createdAt)), o.status)),
      buttons: [t.followButton(o.code), t.fileNewButton],
    },
  ];
}

/** A description over the limit: offer it shortened. */
export function shortenQuestion(d: Draft, ctx: FlowContext): Reply {
  const max = ctx.commune.report.descriptionMax;
  const long = d.longDescription ?? "";
  return { type: "buttons", text: t.offerShortened(d.longLength ?? long.length, max, shortened(long, max)), buttons: t.shortenButtons };
}

/**
 * One line saying where the resident stands, after a question answered on the side; with the
 * step's buttons when they fit in one message.
 */
export function remind(step: ReportStep, d: Draft, ctx: FlowContext): Reply[] {
  const line = t.remind[step];
  const shown = ask(step, d, ctx);
  const only = shown.length === 1 ? shown[0] : undefined;
  if (only?.type === "buttons") return [{ type: "buttons", text: line, buttons: only.buttons }];
  return [say(line)];
}

export function summaryQuestion(d: Draft, ctx: FlowContext): Reply {
  return { type: "buttons", text: t.summary(summaryOf(d, ctx)), buttons: t.summaryButtons };
}

/** What a step asks when it is entered (or when the resident asks for help there). */
export function ask(step: ReportStep, d: Draft, ctx: FlowContext): Reply[] {
  const r = ctx.commune.report;
  switch (step) {
    case "category":
      return categoryQuestion(ctx);
    case "location":
      return d.namedPlace
        ? [
            {
              type: "buttons",
              text: t.askNamedPlace(d.namedPlace.address, areaName(ctx, d.namedPlace.areaId)),
              buttons: t.namedPlaceButtons,
            },
          ]
        : [say(t.askLocation)];
    case "village":
      return villageQuestion(ctx, t.askVillage(d.pendingAddress ?? ""));
    case "photos":
      return [photosQuestion(d, ctx)];
    case "description":
      return [say(t.askDescription(r.descriptionMin, r.descriptionMax))];
    case "shorten":
      return [shortenQuestion(d, ctx)];
    case "contact":
      return [contactQuestion()];
    case "zalo":
      return [contactQuestion(t.waitingForZalo)];
    case "phone":
      return [{ type: "buttons", text: t.askPhone, buttons: t.phoneButtons }];
    case "zns":
      return [znsQuestion()];
    case "nearby":
      return nearbyQuestion(d);
    case "summary":
      return [summaryQuestion(d, ctx)];
    case "edit":
      return [{ type: "buttons", text: t.askPart, buttons: t.partButtons }];
  }
}

/** The draft in words, for the summary. */
export function summaryOf(d: Draft, ctx: FlowContext): ReportSummary {
  const category = ctx.commune.categories.find((c) => c.id === d.category)?.name ?? d.category ?? "";
  const l = d.location;
  const area = l?.commune
    ? l.commune.name
    : l?.areaId
      ? (ctx.commune.areas.features.find((a) => a.properties.id === l.areaId)?.properties.name ?? null)
      : null;
  const location = !l ? "" : hasPin(l) ? t.pinLocation(area, l.address) : t.typedLocation(l.address ?? "", area);
  const c = d.contact;
  const contact = !c || c.kind === "anonymous" ? null : t.contactText(c.kind === "zalo" ? c.name : undefined, c.phone);
  return { category, location, photos: d.photos.length, description: d.description ?? "", contact };
}

/** The area's name for a message, or null. */
export function areaName(ctx: FlowContext, areaId: string | null | undefined): string | null {
  if (!areaId) return null;
  return ctx.commune.areas.features.find((a) => a.properties.id === areaId)?.properties.name ?? null;
}
