/**
 * Xếp hạng: the communes' league table of a month (`GET /api/v1/stats/league`), as shares with
 * the counts they come from, the province's total (from the sums) and the median, and under the
 * table how each column is computed, so that an inspector can recompute it. A commune's leaders
 * see their own row against the province.
 */
import { api, download, problemText, query } from "./api.js";
import { h, toast } from "./dom.js";
import { count, percent } from "./format.js";

/** @typedef {{part: number, outOf: number, percent: number | null}} Share */
/** @typedef {{communeId: string, name: string, received: number, online: Share, onTime: Share, paknOnTime: Share, paknSatisfied: Share, dossierSatisfied: null}} Row */

const COLUMNS = /** @type {const} */ ([
  ["received", "Hồ sơ tiếp nhận"],
  ["online", "Trực tuyến"],
  ["onTime", "Đúng hạn"],
  ["paknOnTime", "PAKN đúng hạn"],
  ["paknSatisfied", "Hài lòng PAKN"],
  ["dossierSatisfied", "Hài lòng hồ sơ"],
]);

/** The last twelve months, newest first, as "YYYY-MM". @param {string} current */
function recentMonths(current) {
  let [y, m] = current.split("-").map(Number);
  const out = [];
  for (let i = 0; i < 12; i++) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (--m === 0) [y, m] = [y - 1, 12];
  }
  return out;
}

const monthText = (/** @type {string} */ ym) => ym.split("-").reverse().join("/");

/** @param {Row} r @param {string} col */
function cell(r, col) {
  if (col === "received") return h("td", { class: "num" }, count(r.received));
  if (col === "dossierSatisfied") return h("td", { class: "num muted" }, "chưa có dữ liệu");
  const s = /** @type {Share} */ (r[/** @type {"online"} */ (col)]);
  return h("td", { class: "num" }, percent(s.percent), h("span", { class: "muted count" }, `${count(s.part)}/${count(s.outOf)}`));
}

/**
 * @param {import("./app.js").Ctx} ctx
 * @param {URLSearchParams} params
 */
export async function leagueView(ctx, params) {
  const t = await api(`/stats/league${query({ month: params.get("month"), sort: params.get("sort") })}`);
  const select = h(
    "select",
    { name: "month", id: "month" },
    recentMonths(t.asOf.slice(0, 7) > t.month ? t.asOf.slice(0, 7) : t.month).map((m) =>
      h("option", { value: m, selected: m === t.month }, monthText(m)),
    ),
  );
  const form = h(
    "form",
    { class: "filters", id: "league-month" },
    h("label", {}, "Tháng", select),
    h("button", { type: "submit", class: "primary" }, "Xem"),
    h("button", { type: "button", id: "league-csv" }, "Tải CSV"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/league${query({ month: select.value, sort: t.sortedBy })}`;
  });
  form.querySelector("#league-csv")?.addEventListener("click", async () => {
    try {
      await download(`/stats/league${query({ month: t.month, sort: t.sortedBy, format: "csv" })}`, `xep-hang-${t.month}.csv`);
    } catch (err) {
      toast(problemText(err), "error");
    }
  });

  const header = h(
    "tr",
    {},
    h("th", {}, "#"),
    h("th", {}, "Xã, phường"),
    COLUMNS.map(([col, label], i) =>
      h(
        "th",
        { class: "num" },
        col === "dossierSatisfied"
          ? label
          : h("a", { href: `#/league${query({ month: t.month, sort: col })}`, class: col === t.sortedBy ? "sorted" : "" }, label),
        h("sup", {}, String(i + 1)),
      ),
    ),
  );
  const row = (/** @type {Row} */ r, /** @type {string} */ rank, /** @type {string} */ kind) =>
    h(
      "tr",
      { class: kind, "data-commune": r.communeId },
      h("td", {}, rank),
      h("th", { scope: "row" }, r.name),
      COLUMNS.map(([col]) => cell(r, col)),
    );
  const medianRow = h(
    "tr",
    { class: "median" },
    h("td", {}),
    h("th", { scope: "row" }, "Trung vị các xã"),
    COLUMNS.map(([col]) =>
      h("td", { class: "num" }, col === "received" ? count(t.median.received) : col === "dossierSatisfied" ? "—" : percent(t.median[col])),
    ),
  );
  const own = ctx.me.id !== "admin" && t.rows.length === 1;
  ctx.show(
    form,
    h("h1", {}, `Xếp hạng các xã, tháng ${monthText(t.month)}`),
    h("p", { class: "muted", hidden: !own }, "Xã mình so với trung vị và tổng của toàn tỉnh."),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "league", class: "league" },
        h("thead", {}, header),
        h(
          "tbody",
          {},
          t.rows.map((/** @type {Row} */ r, /** @type {number} */ i) => row(r, own ? "" : String(i + 1), "")),
          row(t.province, "", "province"),
          medianRow,
        ),
      ),
    ),
    h(
      "ol",
      { class: "formulas", id: "formulas" },
      COLUMNS.map(([col]) => h("li", {}, t.formulas[col])),
    ),
    h("p", { class: "muted" }, "Tỷ lệ của toàn tỉnh tính từ tổng các xã, không phải trung bình các tỷ lệ."),
  );
  document.title = `Xếp hạng – ${ctx.commune.name}`;
}
