/**
 * How the report flow moves on after an answer: to the first part still missing, else (after
 * the offer of a nearby case) to the summary. Also the photos and pins that arrive at a step
 * asking for something else.
 */
import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { Reply } from "../../src/core/reply.js";
import type { FlowContext, FlowState, StepResult } from "../../src/conversation/flow.js";
import { goTo, say, stay } from "../kit.js";
import { report as t } from "../messages.report.vi.js";
import { addPhotos, setPin } from "./changes.js";
import { type Draft, dataOf, duplicateKey, hasPin } from "./draft.js";
import * as q from "./prompts.js";
import type { ReportStep } from "./prompts.js";

/** The first part the report still lacks, or null when it can be summarised. */
export function missingPart(d: Draft, ctx: FlowContext): ReportStep | null {
  if (!d.category) return "category";
  if (!d.location) return d.pendingAddress ? "village" : "location";
  if (!d.photosDone && d.photos.length < ctx.commune.report.maxPhotos) return "photos";
  if (!d.description) return d.longDescription ? "shorten" : "description";
  if (!d.contact) return "contact";
  return null;
}

/** Ask for the first part still missing; with everything given, on to the summary. */
export async function proceed(state: FlowState, d: Draft, ctx: FlowContext, said: Reply[] = []): Promise<StepResult> {
  const next = missingPart(d, ctx);
  if (next) return goTo(state, next, [...said, ...q.ask(next, d, ctx)], dataOf(d));
  if (await asksZns(d, ctx)) {
    const asked = { ...d, znsAsked: true };
    return goTo(state, "zns", [...said, ...q.ask("zns", asked, ctx)], dataOf(asked));
  }
  return toSummary(state, d, ctx, said);
}

/**
 * The ZNS consent is asked once per citizen, with the phone they leave, and only where the
 * commune can send ZNS: never again once answered (yes or no), in this report or another.
 */
async function asksZns(d: Draft, ctx: FlowContext): Promise<boolean> {
  if (d.znsAsked || !ctx.commune.zns || !ctx.privacy?.answered) return false;
  const c = d.contact;
  if (!c || c.kind === "anonymous" || !c.phone) return false;
  // The question is a courtesy: a failed look-up files the report without it.
  const answered = await ctx.privacy.answered().catch(() => null);
  return answered !== null && !answered.includes("zns_notices");
}

/** Before the summary, offer an open case of the same kind close to the pin (once per pin). */
export async function toSummary(state: FlowState, d: Draft, ctx: FlowContext, said: Reply[] = []): Promise<StepResult> {
  const key = duplicateKey(d);
  if (key && key !== d.declined && d.category && hasPin(d.location)) {
    const found = await ctx
      .nearbyOpenCases({ category: d.category, latitude: d.location.latitude, longitude: d.location.longitude })
      // The offer is a courtesy: a failed look-up must not stop the report.
      .catch(() => []);
    const nearest = [...found].sort((a, b) => a.distanceMeters - b.distanceMeters)[0];
    if (nearest) {
      const offered = {
        code: nearest.code,
        distanceMeters: nearest.distanceMeters,
        createdAt: new Date(nearest.createdAt).toISOString(),
        status: nearest.status,
      };
      const withOffer = { ...d, offered };
      return goTo(state, "nearby", [...said, ...q.nearbyQuestion(withOffer)], dataOf(withOffer));
    }
  }
  // Without a pin there is no distance: an open case of the same kind in the same village is offered the same way.
  const areaId = d.location && !hasPin(d.location) ? d.location.areaId : null;
  if (key && key !== d.declined && d.category && areaId) {
    const found = await ctx.villageOpenCases({ category: d.category, areaId }).catch(() => []);
    const newest = found[0];
    const village = ctx.commune.areas.features.find((a) => a.properties.id === areaId)?.properties.name;
    if (newest && village) {
      const offered = {
        code: newest.code,
        distanceMeters: null,
        village,
        createdAt: new Date(newest.createdAt).toISOString(),
        status: newest.status,
      };
      const withOffer = { ...d, offered };
      return goTo(state, "nearby", [...said, ...q.nearbyQuestion(withOffer)], dataOf(withOffer));
    }
  }
  return goTo(state, "summary", [...said, q.summaryQuestion(d, ctx)], dataOf(d));
}

/**
 * A photo or a pin at a step that asks for something else: keep it and let the resident go on
 * (the question is still on screen just above; repeating it for each photo of a burst is noise).
 */
export async function aside(state: FlowState, d: Draft, event: PlatformEvent, ctx: FlowContext): Promise<StepResult | null> {
  let changed: { draft: Draft; said: Reply[] };
  if (event.kind === "image") {
    const added = addPhotos(
      d,
      event.images.map((i) => i.url),
      ctx,
    );
    const max = ctx.commune.report.maxPhotos;
    changed = { draft: added.draft, said: added.overflow ? added.said : [say(t.photoKept(added.draft.photos.length, max))] };
  } else if (event.kind === "location") {
    changed = setPin(d, event, ctx);
  } else {
    return null;
  }
  // Before the category is chosen a pin leaves the question far above: ask it again.
  if (event.kind === "location" && state.step === "category")
    return stay(state, [...changed.said, ...q.ask("category", changed.draft, ctx)], dataOf(changed.draft));
  // A pin settles the village question; at the summary anything new is shown again.
  const settled = event.kind === "location" && state.step === "village";
  if (settled || state.step === "summary" || state.step === "nearby" || state.step === "edit") {
    return proceed(state, { ...changed.draft, offered: undefined }, ctx, changed.said);
  }
  return stay(state, changed.said, dataOf(changed.draft));
}
