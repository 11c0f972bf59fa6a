/**
 * The commune's map: the areas (thôn) as polygons and the cases as markers coloured by status,
 * over tiles from `MAP_TILE_URL`. Polygons and markers are drawn by the page itself, so the map
 * still says where things are when the tiles cannot load (no network, a tile server down).
 */
import { api, query } from "./api.js";
import { h, show } from "./dom.js";
import { filterForm, filterQuery } from "./filters.js";
import { STATUS, STATUS_COLOUR } from "./format.js";

/** At most this many cases on the map (pages of 100). */
const MAX_MARKERS = 1000;

/**
 * A Leaflet map in `el` with the commune's tiles and areas, fitted to the areas.
 * @param {HTMLElement} el
 * @param {import("./app.js").Ctx} ctx
 * @param {{labels?: boolean, interactive?: boolean, center?: [number, number], zoom?: number}} [opts]
 */
export function communeMap(el, ctx, opts = {}) {
  const map = L.map(el, { zoomControl: opts.interactive !== false, scrollWheelZoom: false, attributionControl: true });
  const tiles = L.tileLayer(ctx.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" });
  tiles.on("tileerror", () => el.classList.add("no-tiles"));
  tiles.addTo(map);
  const areas = L.geoJSON(ctx.commune.areas, { style: { color: "#1565c0", weight: 2, fillOpacity: 0.06 } });
  if (opts.labels !== false)
    areas.eachLayer((layer) =>
      layer.bindTooltip(/** @type {any} */ (layer).feature.properties.name, {
        permanent: true,
        direction: "center",
        className: "area-label",
      }),
    );
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
  const el = h("div", { class: "map big", id: "map" });
  const legend = h(
    "ul",
    { class: "legend" },
    Object.entries(STATUS).map(([s, text]) => h("li", {}, h("i", { class: `dot status-${s}` }), text)),
  );
  show(
    filterForm(ctx, "map", params),
    h(
      "section",
      { class: "card" },
      h(
        "h1",
        {},
        "Bản đồ phản ánh ",
        h("span", { class: "muted", id: "marker-count" }, `${located.length} trên bản đồ / ${total} phản ánh`),
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
}
