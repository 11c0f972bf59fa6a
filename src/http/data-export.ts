import { type Request, type Response, Router } from "express";
import type { Communes } from "../commune/communes.js";
import { formatDateTimeVN } from "../core/local-time.js";
import type { Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import { type DataExportWording, exportOf } from "../privacy/export.js";
import { EXPORT_LINK_PATH, type ExportLinks } from "../privacy/export-links.js";
import type { PersonHasher } from "../privacy/person-key.js";

export interface DataExportDeps {
  db: Queryable;
  communes: Communes;
  links: ExportLinks;
  personHash: PersonHasher;
  wording: DataExportWording;
  clock?: () => Date;
}

/**
 * `GET /du-lieu-ca-nhan/:token`: the page of a citizen's one-time link, with a button that posts
 * back to the same address; the POST uses the link and answers the JSON file of what the hotline
 * holds about them in that commune. A GET never uses the link: Zalo and browsers fetch links to
 * show a preview, which must not spend the citizen's only download. A used, expired or unknown
 * link is a 410 page saying which.
 */
export function dataExportRouter(deps: DataExportDeps): Router {
  const router = Router();
  const now = () => deps.clock?.() ?? new Date();
  const w = deps.wording;
  const page = (res: Response, status: number, body: string) => {
    res
      .status(status)
      .set({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" })
      .type("html")
      .send(
        `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>${escape(w.title)}</title></head><body style="font-family: sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">` +
          `<h1 style="font-size: 1.3rem">${escape(w.title)}</h1>${body}</body></html>`,
      );
  };
  const gone = (res: Response, state: "used" | "expired" | "unknown") => page(res, 410, `<p>${escape(w[state])}</p>`);
  const tokenOf = (req: Request) => String(req.params.token ?? "");

  router.get(`${EXPORT_LINK_PATH}/:token`, async (req, res) => {
    const link = await deps.links.peek(tokenOf(req), now());
    if (link.state !== "ready") return gone(res, link.state);
    const commune = deps.communes.get(link.subject.communeId);
    page(
      res,
      200,
      `<p>${escape(w.ready(commune.name, formatDateTimeVN(new Date(link.expiresAt))))}</p>` +
        `<form method="post"><button type="submit" style="font-size: 1.1rem; padding: .6rem 1.2rem">${escape(w.download)}</button></form>`,
    );
  });

  router.post(`${EXPORT_LINK_PATH}/:token`, async (req, res) => {
    const at = now();
    const link = await deps.links.take(tokenOf(req), at);
    if (link.state !== "ready") return gone(res, link.state);
    const s = link.subject;
    const file = await exportOf(deps.db, { ...s, personHash: deps.personHash(s.channel, s.userId) }, at);
    logger.info("a citizen downloaded the file of their data", { communeId: s.communeId });
    res
      .set({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" })
      .type("application/json; charset=utf-8")
      .attachment(`${w.fileName(s.communeId)}.json`)
      .send(JSON.stringify(file, null, 2));
  });
  return router;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
