/**
 * The commune's map: the areas (thôn) as polygons and the cases as markers coloured by status,
 * over tiles from `MAP_TILE_URL`. Polygons and markers are drawn by the page itself, so the map
 * still says where things are when the tiles cannot load (no network, a tile server down). A
 * case reported without a pin (by phone, or a typed address) is counted at its village's centre;
 * one without a village either is counted in the heading, as not on the map.
 */
import { api, query } from "./api.js";
import { h } from "./dom.js";
import { filterForm, filterQuery } from "./filters.js";
import { STATUS, STATUS_COLOUR } from "./format.js";
import { areaCentre } from "./geo.js";
import { MAP } from "./wording.js";

/** At most this many cases on the map (pages of 100). */
const MAX_MARKERS = 1000;

/**
 * A Leaflet map in `el` with the commune's tiles and areas, fitted to the areas.
 * @param {HTMLElement} el
 * @param {import("./app.js").Ctx} ctx
 * `label`: the one area to name when `labels` is false (a case's village); `onNoTiles`: called
 * once when a tile fails to load.
 * @param {{labels?: boolean, label?: string | null, interactive?: boolean, center?: [number, number], zoom?: number, onNoTiles?: () => void}} [opts]
 */
export function communeMap(el, ctx, opts = {}) {
  const map = L.map(el, { zoomControl: opts.interactive !== false, scrollWheelZoom: false, attributionControl: true });
  const tiles = L.tileLayer(ctx.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" });
  tiles.on("tileerror", () => {
    if (el.classList.contains("no-tiles")) return;
    el.classList.add("no-tiles");
    opts.onNoTiles?.();
  });
  tiles.addTo(map);
  const areas = L.geoJSON(ctx.commune.areas, { style: { color: "#1565c0", weight: 2, fillOpacity: 0.06 } });
  areas.eachLayer((layer) => {
    const area = /** @type {any} */ (layer).feature.properties;
    if (opts.labels === false && area.id !== opts.label) return;
    layer.bindTooltip(area.name, { permanent: true, direction: "center", className: "area-label" });
  });
  areas.addTo(map);
  const bounds = areas.getBounds();
  if (opts.center) map.setView(opts.center, opts.zoom ?? 15, { animate: false });
  else if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], animate: false });
  else map.setView([21.0, 105.8], 12, { animate: false });
  return map;
}

/**
 * A case's marker.
 * @param {{code: string, status: string, location: {lat: number, lng: number} | null}} c
 */
export function caseMarker(c) {
  if (!c.location) return null;
  const colour = STATUS_COLOUR[c.status] ?? "#333";
  return L.circleMarker([c.location.lat, c.location.lng], {
    radius: 8,
    color: "#fff",
    weight: 2,
    fillColor: colour,
    fillOpacity: 0.95,
    className: `marker status-${c.status}`,
  });
}

/**
 * @param {import("./app.js").Ctx} ctx
 * @param {URLSearchParams} params
 */
export async function mapView(ctx, params) {
  /** @type {import("./cases.js").CaseSummary[]} */
  const cases = [];
  let total = 0;
  for (let offset = 0; offset < MAX_MARKERS; offset += 100) {
    const page = await api(`/cases${query({ ...filterQuery(params), limit: 100, offset })}`);
    cases.push(...page.cases);
    total = page.total;
    if (cases.length >= total) break;
  }
  const located = cases.filter((c) => c.location);
  /** Cases without a pin, by the id of the village they were placed in. @type {Map<string, number>} */
  const byArea = new Map();
  for (const c of cases) if (!c.location && c.area) byArea.set(c.area.id, (byArea.get(c.area.id) ?? 0) + 1);
  const inAreas = [...byArea.values()].reduce((a, b) => a + b, 0);
  const nowhere = cases.length - located.length - inAreas;
  const el = h("div", { class: "map big", id: "map" });
  const legend = h(
    "ul",
    { class: "legend" },
    Object.entries(STATUS).map(([s, text]) => h("li", {}, h("i", { class: `dot status-${s}` }), text)),
    h("li", {}, h("i", { class: "area-count" }, "3"), MAP.legendAreaCount),
  );
  ctx.show(
    filterForm(ctx, "map", params),
    h(
      "section",
      { class: "card" },
      h(
        "h1",
        {},
        "Bản đồ phản ánh ",
        h("span", { class: "muted", id: "marker-count" }, `${total} phản ánh: ${MAP.counts(located.length, inAreas, nowhere)}`),
      ),
      total > cases.length
        ? h("p", { class: "muted" }, `Chỉ hiện ${cases.length} phản ánh mới nhất; hãy lọc để xem các phản ánh khác.`)
        : null,
      el,
      legend,
    ),
  );
  const map = communeMap(el, ctx);
  for (const c of located) {
    const marker = caseMarker(c);
    if (!marker) continue;
    marker.bindTooltip(`${c.code} · ${STATUS[c.status] ?? c.status}`);
    marker.on("click", () => (location.hash = `#/case/${encodeURIComponent(c.code)}`));
    marker.addTo(map);
  }
  const filters = filterQuery(params);
  for (const f of ctx.commune.areas.features) {
    const n = byArea.get(f.properties.id);
    if (!n) continue;
    const text = MAP.areaCount(n, f.properties.name);
    const width = 16 + 8 * String(n).length;
    // Just under the village's name, which Leaflet centres on the same point.
    const icon = L.divIcon({ className: "area-count", html: String(n), iconSize: [width, 24], iconAnchor: [width / 2, -10] });
    const marker = L.marker(areaCentre(f.geometry), { icon, title: text, alt: text, keyboard: true });
    marker.on("click", () => (location.hash = `#/cases${query({ ...filters, area: f.properties.id })}`));
    marker.addTo(map);
    marker.getElement()?.setAttribute("data-area", f.properties.id);
  }
}
