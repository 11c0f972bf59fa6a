/**
 * The Content-Security-Policy of the dashboard's pages: everything from the hotline itself, plus
 * images (map tiles only) from the host of `MAP_TILE_URL`. No inline script or style, no eval,
 * no frames, no plugins; requests (fetch) to the hotline only. Leaflet and Chart.js style
 * elements through the DOM, which CSP does not restrict, so neither needs 'unsafe-inline'.
 *
 * Images also from `blob:` (a case's photos: the page fetches them with the officer's token,
 * which an `<img>` cannot send, and shows them from memory) and `data:` (Leaflet points a tile
 * it gives up on at an inline empty GIF). Both are images only, made by the page itself.
 */

/**
 * The CSP source of a tile URL template: its scheme, host and port, with a `{s}` subdomain
 * placeholder widened to `*` (`https://{s}.tile.example.org/…` → `https://*.tile.example.org`).
 */
export function tileSource(tileUrl: string): string {
  const u = new URL(tileUrl.replace(/\{s\}/g, "subdomain"));
  const host = tileUrl.includes("{s}") ? u.host.replace(/subdomain/g, "*") : u.host;
  return `${u.protocol}//${host}`;
}

/** The policy as one header value. */
export function dashboardCsp(tileUrl: string): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:", tileSource(tileUrl)],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
