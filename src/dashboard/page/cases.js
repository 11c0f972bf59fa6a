/**
 * The case list: the API's filters, paging, overdue cases highlighted. One table, which a phone's
 * width shows as cards (style.css): each cell carries its column's name for the card's label.
 */
import { api, query } from "./api.js";
import { h } from "./dom.js";
import { age, day, isOverdue, OPEN, STATUS, when } from "./format.js";
import { filterForm, filterQuery } from "./filters.js";
import { CASE_COLUMNS, OVERDUE } from "./wording.js";

const PAGE = 50;

/** @typedef {{code: string, status: string, channel: string, category: {id: string, name: string | null}, area: {id: string, name: string | null} | null, team: {id: string, name: string | null} | null, address: string | null, location: {lat: number, lng: number} | null, acknowledgeBy: string | null, resolveBy: string | null, createdAt: string}} CaseSummary */

/** A status as a coloured badge. @param {string} status */
export function statusBadge(status) {
  return h("span", { class: `badge status-${status}`, "data-status": status }, h("i", { class: "dot" }), STATUS[status] ?? status);
}

/**
 * @param {import("./app.js").Ctx} ctx
 * @param {URLSearchParams} params
 */
export async function casesView(ctx, params) {
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  /** @type {{cases: CaseSummary[], total: number}} */
  const page = await api(`/cases${query({ ...filterQuery(params), limit: PAGE, offset })}`);
  const now = new Date();
  const rows = page.cases.map((c) => {
    const late = isOverdue(c, now);
    const deadline = !OPEN.includes(c.status) ? null : c.status === "new" ? c.acknowledgeBy : c.resolveBy;
    /** @param {keyof typeof CASE_COLUMNS} key @param {Record<string, unknown>} attrs @param {...(Node | string | null)} content */
    const cell = (key, attrs, ...content) => h("td", { class: key, "data-label": CASE_COLUMNS[key], ...attrs }, ...content);
    return h(
      "tr",
      { class: late ? "overdue" : null, "data-code": c.code },
      cell("code", {}, h("a", { href: `#/case/${encodeURIComponent(c.code)}` }, c.code)),
      cell("category", {}, c.category.name ?? c.category.id),
      cell("area", {}, c.area?.name ?? "—"),
      cell("status", {}, statusBadge(c.status)),
      cell("age", { title: when(c.createdAt) }, age(c.createdAt, now)),
      cell("deadline", {}, day(deadline), late ? h("strong", { class: "late" }, ` ${OVERDUE}`) : null),
    );
  });
  const pageLink = (/** @type {number} */ to, /** @type {string} */ text, /** @type {boolean} */ enabled) => {
    const p = new URLSearchParams(params);
    if (to > 0) p.set("offset", String(to));
    else p.delete("offset");
    return enabled ? h("a", { href: `#/cases?${p}`, class: "button" }, text) : h("span", { class: "button disabled" }, text);
  };
  const first = page.total ? offset + 1 : 0;
  const last = Math.min(offset + PAGE, page.total);
  ctx.show(
    filterForm(ctx, "cases", params),
    h(
      "section",
      { class: "card" },
      h("h1", {}, "Phản ánh ", h("span", { class: "muted", id: "case-count" }, `${first}–${last} / ${page.total}`)),
      page.cases.length
        ? h(
            "table",
            { class: "cases", id: "cases" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                Object.values(CASE_COLUMNS).map((t) => h("th", {}, t)),
              ),
            ),
            h("tbody", {}, rows),
          )
        : h("p", { class: "muted" }, "Không có phản ánh nào khớp bộ lọc."),
      h(
        "nav",
        { class: "pager" },
        pageLink(offset - PAGE, "← Trước", offset > 0),
        pageLink(offset + PAGE, "Sau →", offset + PAGE < page.total),
      ),
    ),
  );
}
