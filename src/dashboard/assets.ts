import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The dashboard's files, read once at start and kept in memory with a gzip copy: the page's own
 * modules (`page/`) and the libraries it uses, taken from their npm packages (never copied into
 * the repository). A handful of files, about 400 KB before compression.
 */

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

function asset(file: string, body: Buffer): Asset {
  const type = TYPES[path.extname(file)] ?? "application/octet-stream";
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { body, gzip: gzipSync(body, { level: 9 }), type, etag };
}

const require = createRequire(import.meta.url);
/** A file of an installed package (resolved like an import, so hoisting does not matter). */
function packageFile(pkg: string, entry: string, file: string): string {
  return path.join(path.dirname(require.resolve(entry ? `${pkg}/${entry}` : pkg)), file);
}

/** Libraries served under `/dashboard/vendor/`: name → file in node_modules. */
export const VENDOR_FILES: Record<string, () => string> = {
  "leaflet.js": () => packageFile("leaflet", "dist/leaflet.js", "leaflet.js"),
  "leaflet.css": () => packageFile("leaflet", "dist/leaflet.js", "leaflet.css"),
  // chart.js exports only its module entries; the browser build sits beside them.
  "chart.umd.min.js": () => packageFile("chart.js", "", "chart.umd.min.js"),
};

export const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "page");

export interface DashboardAssets {
  /** `page/index.html` with its placeholders filled. */
  index: Asset;
  /** The page's own files by name (`app.js`, `style.css`, …). */
  page: Map<string, Asset>;
  vendor: Map<string, Asset>;
}

/** Read every file the dashboard serves; `fill` gives the values of `{{NAME}}` in index.html. */
export function loadDashboardAssets(fill: Record<string, string>): DashboardAssets {
  const page = new Map<string, Asset>();
  let index: Asset | undefined;
  for (const name of readdirSync(PAGE_DIR)) {
    if (!TYPES[path.extname(name)] || name.endsWith(".d.ts")) continue;
    const body = readFileSync(path.join(PAGE_DIR, name));
    if (name === "index.html") {
      const html = body.toString("utf8").replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
        const value = fill[key];
        if (value === undefined) throw new Error(`dashboard index.html: no value for {{${key}}}`);
        return escapeHtml(value);
      });
      index = asset(name, Buffer.from(html, "utf8"));
    } else {
      page.set(name, asset(name, body));
    }
  }
  if (!index) throw new Error(`no index.html in ${PAGE_DIR}`);
  const vendor = new Map(Object.entries(VENDOR_FILES).map(([name, file]) => [name, asset(name, readFileSync(file()))]));
  return { index, page, vendor };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
