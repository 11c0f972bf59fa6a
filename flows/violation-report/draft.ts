/**
 * The report being written: what the resident has given so far. It lives in the session
 * (`FlowState.data`, JSON in Redis), so it is read back through a schema, never trusted as typed.
 */
import { z } from "zod";
import type { CaseReport, FlowState } from "../../src/conversation/flow.js";

/**
 * Longest typed address kept: enough for a house number, a lane, a village and a landmark; a
 * longer message is cut rather than carried through the session, the summary and the case.
 */
export const MAX_ADDRESS_CHARS = 500;

const contactSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("anonymous") }),
  /** Shared from the Zalo profile (request_user_info). */
  z.object({ kind: z.literal("zalo"), name: z.string().optional(), phone: z.string().optional() }),
  z.object({ kind: z.literal("phone"), phone: z.string() }),
]);

const locationSchema = z.object({
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  /** Typed by the resident, or the pin's label. */
  address: z.string().optional(),
  /** Null: outside every area, or the resident did not know the village. */
  areaId: z.string().nullable(),
  /** The pin lies in a neighbouring commune of the deployment, which will handle the report (its name, for the summary). */
  commune: z.object({ id: z.string(), name: z.string() }).optional(),
});

export const draftSchema = z.object({
  category: z.string().optional(),
  location: locationSchema.optional(),
  /** A place named in the opening message, offered back at the location step. */
  namedPlace: z.object({ address: z.string(), areaId: z.string().nullable() }).optional(),
  /** A typed address no area name matched: kept while the resident picks the village. */
  pendingAddress: z.string().optional(),
  photos: z.array(z.string()).default([]),
  /** The resident said they have no more photos (or the maximum was reached). */
  photosDone: z.boolean().default(false),
  description: z.string().optional(),
  /**
   * A description over the limit, already shortened (what "use the shortened text" takes): the
   * session keeps only that, never the whole text (a forged 200 KB message would sit there for a
   * month); `longLength` is how long the original was, for the offer.
   */
  longDescription: z.string().optional(),
  longLength: z.number().int().optional(),
  contact: contactSchema.optional(),
  /** The nearby open case offered at the `nearby` step. */
  offered: z
    .object({
      code: z.string(),
      /** Null: a report without a pin, offered a case of the same village (`village`). */
      distanceMeters: z.number().nullable(),
      village: z.string().optional(),
      createdAt: z.string(),
      status: z.string().optional(),
    })
    .optional(),
  /** The ZNS consent question was asked with this report (answered or not, not asked again). */
  znsAsked: z.boolean().optional(),
  /** Category + pin for which the resident chose to file anyway: not offered again. */
  declined: z.string().optional(),
});

export type Draft = z.infer<typeof draftSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type DraftLocation = z.infer<typeof locationSchema>;

/** The draft in a state; a session written by an older version starts afresh rather than crash. */
export function draftOf(state: FlowState): Draft {
  const parsed = draftSchema.safeParse(state.data);
  return parsed.success ? parsed.data : draftSchema.parse({});
}

/** The resident has given something that took effort and would be lost by cancelling (a category is one tap). */
export function hasContent(d: Draft): boolean {
  return Boolean(d.location || d.pendingAddress || d.photos.length || d.description || d.longDescription);
}

/** `text` cut at a word boundary to at most `max` characters, with "…" when cut. */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(1, max - 1));
  const atWord = room.replace(/\s+\S*$/, "");
  return `${(atWord.length >= max / 2 ? atWord : room).trimEnd()}…`;
}

/** The draft as session data (plain JSON). */
export function dataOf(draft: Draft): Record<string, unknown> {
  return JSON.parse(JSON.stringify(draft)) as Record<string, unknown>;
}

export const hasPin = (l: DraftLocation | undefined): l is DraftLocation & { latitude: number; longitude: number } =>
  l?.latitude !== undefined && l.longitude !== undefined;

/** What the duplicate offer was declined for: the same category at the same pin (without a pin, in the same village). */
export function duplicateKey(d: Draft): string | null {
  if (!d.category || !d.location) return null;
  if (hasPin(d.location)) return `${d.category}@${d.location.latitude},${d.location.longitude}`;
  return d.location.areaId ? `${d.category}@village:${d.location.areaId}` : null;
}

/** The finished report handed to the case worker. Anonymous: no contact at all. */
export function toReport(d: Draft): CaseReport {
  const r: CaseReport = { category: d.category ?? "", photos: [...d.photos], description: d.description ?? "" };
  const l = d.location;
  if (hasPin(l)) {
    r.latitude = l.latitude;
    r.longitude = l.longitude;
  }
  if (l?.address) r.address = l.address;
  if (l?.areaId) r.areaId = l.areaId;
  const c = d.contact;
  if (c && c.kind !== "anonymous") {
    const contact: NonNullable<CaseReport["contact"]> = {};
    if (c.kind === "zalo" && c.name) contact.name = c.name;
    if (c.phone) contact.phone = c.phone;
    if (contact.name || contact.phone) r.contact = contact;
  }
  return r;
}
