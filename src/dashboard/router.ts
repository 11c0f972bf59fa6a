import { type Request, type Response, Router } from "express";
import { type Asset, loadDashboardAssets } from "./assets.js";
import { dashboardCsp } from "./csp.js";

/**
 * `/dashboard`: the officers' web page (Vietnamese). The hotline serves all of it — the page's
 * own modules under `/dashboard/app/`, Leaflet and Chart.js from their npm packages under
 * `/dashboard/vendor/` — so it works without outside network; only map tiles come from
 * `MAP_TILE_URL`, and the map still shows the areas and cases when they cannot load.
 *
 * The page holds no data and no secret: it signs in with an officer's API token (kept in the
 * tab's sessionStorage, never in a URL) and calls `/api/v1` like any client, so it shows and
 * offers exactly what the token's rights allow.
 *
 * Files are answered from memory, gzipped when the browser accepts it, with an ETag and
 * `Cache-Control: no-cache` (the browser revalidates and gets 304 until the hotline is updated).
 */

export interface DashboardDeps {
  /** `MAP_TILE_URL`: Leaflet's tile template, the one outside host the page may load (images). */
  mapTileUrl: string;
  /** The commune's name, for the page title. */
  communeName: string;
}

function send(req: Request, res: Response, a: Asset): void {
  res.set({ "Content-Type": a.type, ETag: a.etag, "Cache-Control": "no-cache", Vary: "Accept-Encoding" });
  if (req.get("if-none-match") === a.etag) {
    res.status(304).end();
    return;
  }
  if (req.acceptsEncodings("gzip", "identity") === "gzip") {
    res.set("Content-Encoding", "gzip").send(a.gzip);
  } else {
    res.send(a.body);
  }
}

export function dashboardRouter(deps: DashboardDeps): Router {
  const assets = loadDashboardAssets({ COMMUNE_NAME: deps.communeName, MAP_TILE_URL: deps.mapTileUrl });
  const csp = dashboardCsp(deps.mapTileUrl);
  const router = Router();
  router.use("/dashboard", (_req, res, next) => {
    res.set("Content-Security-Policy", csp);
    next();
  });
  router.get(["/dashboard", "/dashboard/"], (req, res) => send(req, res, assets.index));
  const file = (table: Map<string, Asset>) => (req: Request, res: Response) => {
    const a = table.get(String(req.params.file));
    if (!a) {
      res.status(404).type("text/plain").send("Not found");
      return;
    }
    send(req, res, a);
  };
  router.get("/dashboard/app/:file", file(assets.page));
  router.get("/dashboard/vendor/:file", file(assets.vendor));
  return router;
}
