import type { Communes } from "./communes.js";
import type { CommuneConfig } from "./config.js";
import { communeContains } from "./geo.js";

/**
 * Where a pin lies for the commune whose OA received it (issue 24, borders):
 *
 * - `here`: inside the receiving commune (its boundary, or its villages' union without one);
 * - `neighbour`: inside another commune of the deployment, which handles the report (the
 *   reporter keeps talking to, and hearing from, the OA they wrote to);
 * - `outside`: inside no commune of the deployment: refused, the province's general hotline given.
 *
 * A commune file without a `boundary` has no known edge: a pin outside its villages and outside
 * every other commune is still its own (`here`: the fallback team, as before boundaries). So a
 * province of one keeps today's behaviour unless its file draws a boundary and the pin lies
 * outside it. A pin on a shared border is the receiving commune's (no needless hand-over).
 */
export type PinPlace = { kind: "here" } | { kind: "neighbour"; commune: CommuneConfig } | { kind: "outside" };

export function placeOfPin(communes: Communes, receiving: CommuneConfig, lat: number, lng: number): PinPlace {
  if (communeContains(receiving, lat, lng)) return { kind: "here" };
  const other = communes.at(lat, lng);
  if (other && other.id !== receiving.id) return { kind: "neighbour", commune: other };
  return receiving.boundary ? { kind: "outside" } : { kind: "here" };
}

/** Where a citizen is referred when no commune of the deployment is theirs: the province's general hotline, else the commune's own. */
export function referralHotline(receiving: CommuneConfig): { hotline: string; province: string | null } {
  return receiving.province
    ? { hotline: receiving.province.hotline, province: receiving.province.name }
    : { hotline: receiving.hotline, province: null };
}
