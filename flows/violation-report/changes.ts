/**
 * Changes to the draft that several steps make: photos and a pin may arrive at any step, a
 * contact may be given at any of the contact sub-steps. Each returns a new draft (no mutation:
 * the engine may re-run a step on a newer state) and what to tell the resident.
 */
import type { FlowContext } from "../../src/conversation/flow.js";
import type { Reply } from "../../src/core/reply.js";
import { areaAt } from "../../src/commune/geo.js";
import { say } from "../kit.js";
import { report as t } from "../messages.report.vi.js";
import { parseVietnamesePhone } from "../text/phone.js";
import type { Contact, Draft } from "./draft.js";
import { areaName } from "./prompts.js";

export interface Changed {
  draft: Draft;
  said: Reply[];
}

/**
 * Append photos, keeping the first `maxPhotos` (the same URL twice counts once). `full` is true
 * when the draft now holds the maximum.
 */
export function addPhotos(d: Draft, urls: string[], ctx: FlowContext): Changed & { full: boolean; overflow: boolean } {
  const max = ctx.commune.report.maxPhotos;
  const fresh = urls.filter((u, i) => u && !d.photos.includes(u) && urls.indexOf(u) === i);
  const photos = [...d.photos, ...fresh].slice(0, max);
  const overflow = d.photos.length + fresh.length > max;
  const said = overflow ? [say(t.tooManyPhotos(max))] : [];
  return { draft: { ...d, photos }, said, full: photos.length >= max, overflow };
}

/**
 * A Zalo pin: placed in an area; outside every area of the commune but inside it, still taken
 * (the fallback team gets it). Across the border (issue 24) it is taken for the neighbouring
 * commune that will handle the report (the filing decides again from the pin, and tells the
 * reporter once, with the code); outside every commune of the deployment it is refused (`refused`:
 * the draft is unchanged) with the hotline to call, and the citizen may send another pin or type
 * the address.
 */
export function setPin(
  d: Draft,
  pin: { latitude: number; longitude: number; text?: string },
  ctx: FlowContext,
): Changed & { refused?: true } {
  const place = ctx.pinCommune?.(pin.latitude, pin.longitude) ?? { kind: "here" };
  if (place.kind === "outside") return { draft: d, said: [say(t.pinOutside(place.hotline, place.province))], refused: true };
  const area = place.kind === "here" ? areaAt(ctx.commune, pin.latitude, pin.longitude) : null;
  const label = pin.text?.trim();
  const location = {
    latitude: pin.latitude,
    longitude: pin.longitude,
    areaId: area?.properties.id ?? null,
    ...(label ? { address: label } : {}),
    ...(place.kind === "neighbour" ? { commune: { id: place.communeId, name: place.name } } : {}),
  };
  const { pendingAddress: _dropped, ...rest } = d;
  return {
    draft: { ...rest, location },
    said: [
      say(
        place.kind === "neighbour"
          ? t.pinInNeighbour(place.name)
          : t.pinReceived(areaName(ctx, location.areaId), ctx.commune.name, ctx.commune.province),
      ),
    ],
  };
}

/** Contact from a shared Zalo profile; the phone comes as "84…" and is kept in national form. */
export function sharedContact(d: Draft, info: { name?: string; phone?: string }): { draft: Draft; needPhone: boolean } {
  const name = info.name?.trim() || undefined;
  const raw = info.phone?.trim();
  const phone = raw ? (parseVietnamesePhone(raw) ?? parseVietnamesePhone(`+${raw}`) ?? raw) : undefined;
  const contact: Contact = { kind: "zalo", ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
  return { draft: { ...d, contact }, needPhone: !phone };
}

/** A typed phone number; a name shared from Zalo earlier is kept with it. */
export function typedPhone(d: Draft, phone: string): Draft {
  const c = d.contact;
  const contact: Contact = c?.kind === "zalo" && c.name ? { kind: "zalo", name: c.name, phone } : { kind: "phone", phone };
  return { ...d, contact };
}

export const anonymous = (d: Draft): Draft => ({ ...d, contact: { kind: "anonymous" } });
