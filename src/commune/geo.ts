import type { Area, CommuneConfig, Outline } from "./config.js";
import { stripDiacritics } from "../core/vietnamese.js";

/** A point in WGS 84 degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
// About 0.1 mm: a point this close to an edge is on the border (floats never land exactly on it).
const ON_EDGE_DEG = 1e-9;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Ring = [number, number][];

function onSegment(x: number, y: number, [x1, y1]: [number, number], [x2, y2]: [number, number]): boolean {
  if (x < Math.min(x1, x2) - ON_EDGE_DEG || x > Math.max(x1, x2) + ON_EDGE_DEG) return false;
  if (y < Math.min(y1, y2) - ON_EDGE_DEG || y > Math.max(y1, y2) + ON_EDGE_DEG) return false;
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len === 0) return Math.hypot(x - x1, y - y1) <= ON_EDGE_DEG;
  return Math.abs((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)) / len <= ON_EDGE_DEG;
}

/** "inside" | "edge" | "outside" for one ring (even–odd ray casting). */
function ringPosition(x: number, y: number, ring: Ring): "inside" | "edge" | "outside" {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (onSegment(x, y, a, b)) return "edge";
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? "inside" : "outside";
}

/** Inside the outer ring (border included) and not strictly inside a hole. */
function inPolygon(x: number, y: number, rings: Ring[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || ringPosition(x, y, outer) === "outside") return false;
  return holes.every((h) => ringPosition(x, y, h) !== "inside");
}

/** Whether an outline (Polygon or MultiPolygon) contains the point, its border included. */
export function outlineContains(outline: Outline, lat: number, lng: number): boolean {
  const polygons = outline.type === "Polygon" ? [outline.coordinates] : outline.coordinates;
  return polygons.some((rings) => inPolygon(lng, lat, rings as Ring[]));
}

/** Every vertex of an outline's outer rings, as [lng, lat]. */
export function outlineVertices(outline: Outline): [number, number][] {
  const polygons = outline.type === "Polygon" ? [outline.coordinates] : outline.coordinates;
  return polygons.flatMap((rings) => (rings[0] ?? []) as Ring);
}

/** Whether the area's polygon(s) contain the point, its border included. */
export function areaContains(area: Area, lat: number, lng: number): boolean {
  return outlineContains(area.geometry, lat, lng);
}

/**
 * Whether a point lies in the commune: inside its `boundary` (border included), or, for a commune
 * file without one, inside one of its villages.
 */
export function communeContains(config: CommuneConfig, lat: number, lng: number): boolean {
  if (config.boundary) return outlineContains(config.boundary, lat, lng);
  return areaAt(config, lat, lng) !== null;
}

/**
 * The centre of an area's bounding box (its outer rings): a village-level point that says where
 * the village is and nothing about where in it a report was made.
 */
export function areaCentre(area: Area): LatLng {
  const outer = outlineVertices(area.geometry);
  const lngs = outer.map((p) => p[0]);
  const lats = outer.map((p) => p[1]);
  return { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lng: (Math.min(...lngs) + Math.max(...lngs)) / 2 };
}

/**
 * The area (thôn) containing a point, or null outside every area. A point on a border shared by
 * two areas belongs to both; the first of them in config order wins, so the answer never depends
 * on floating-point luck. Holes and MultiPolygons are honoured.
 */
export function areaAt(config: CommuneConfig, lat: number, lng: number): Area | null {
  return config.areas.features.find((a) => areaContains(a, lat, lng)) ?? null;
}

/** Lowercase, NFC, punctuation to single spaces: "Thôn  Đồng-Bụt" → "thôn đồng bụt". */
function simplify(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const AREA_PREFIX = /^(thôn|xóm|làng|khu|ấp|tổ dân phố|cụm dân cư) /;

function keysOf(area: Area): string[] {
  const name = simplify(area.properties.name);
  const keys = [name, name.replace(AREA_PREFIX, ""), ...area.properties.aliases.map(simplify)];
  return [...new Set(keys.filter((k) => k.length >= 2))];
}

function bestMatch(config: CommuneConfig, text: string, fold: (s: string) => string): Area | null {
  const haystack = ` ${fold(text)} `;
  let best: { area: Area; len: number } | null = null;
  for (const area of config.areas.features) {
    for (const key of keysOf(area)) {
      const k = fold(key);
      // Longest key wins ("chợ Phú Mỹ" over "Phú Mỹ"); equal length: first area in config order.
      if (haystack.includes(` ${k} `) && (!best || k.length > best.len)) best = { area, len: k.length };
    }
  }
  return best?.area ?? null;
}

/**
 * The area a typed address or landmark names ("gần chợ Phú Mỹ", "xom bai"), by the area's name,
 * its name without "Thôn/Xóm…", or an alias, as whole words. Exact diacritics are tried first so
 * that names differing only by tone stay apart; then the same without diacritics.
 */
export function areaByName(config: CommuneConfig, text: string): Area | null {
  return bestMatch(config, text, simplify) ?? bestMatch(config, text, (s) => stripDiacritics(simplify(s)));
}
