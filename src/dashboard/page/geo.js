/**
 * Where to put a village's figures on the map: the centre of its polygon, from the commune
 * config's GeoJSON. Pure (no Leaflet, no DOM): the tests import it in Node.
 */

/**
 * The centroid of a ring of [lng, lat] points (the shoelace formula); its mean point when the
 * ring has no area.
 * @param {GeoJSON.Position[]} ring
 * @returns {{lat: number, lng: number, area: number}}
 */
function ringCentre(ring) {
  // Relative to the first point: degrees near 105 and 21 lose precision in the products.
  const [ox = 0, oy = 0] = ring[0] ?? [];
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0 = 0, y0 = 0] = (ring[i] ?? []).map((v, k) => v - (k === 0 ? ox : oy));
    const [x1 = 0, y1 = 0] = (ring[i + 1] ?? []).map((v, k) => v - (k === 0 ? ox : oy));
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-15) {
    const n = Math.max(1, ring.length);
    return {
      lng: ring.reduce((s, p) => s + (p[0] ?? 0), 0) / n,
      lat: ring.reduce((s, p) => s + (p[1] ?? 0), 0) / n,
      area: 0,
    };
  }
  return { lng: ox + x / (3 * a), lat: oy + y / (3 * a), area: Math.abs(a / 2) };
}

/**
 * The centre of a village: its polygon's centroid (of its largest part for a multipolygon).
 * @param {GeoJSON.Polygon | GeoJSON.MultiPolygon} geometry
 * @returns {[number, number]} [lat, lng], Leaflet's order
 */
export function areaCentre(geometry) {
  const outers = geometry.type === "Polygon" ? [geometry.coordinates[0] ?? []] : geometry.coordinates.map((p) => p[0] ?? []);
  const best = outers.map(ringCentre).reduce((a, b) => (b.area > a.area ? b : a));
  return [best.lat, best.lng];
}
