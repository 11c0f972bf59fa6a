/**
 * The case filters shared by the list and the map: the API's own (`GET /api/v1/cases`), kept in
 * the address (`#/cases?status=new&area=…`) so that a filtered view can be reloaded or shared
 * and the list and the map show the same cases.
 */
import { h } from "./dom.js";
import { STATUS } from "./format.js";

/** The filters the API takes, as they appear in the address. */
export const FILTERS = ["status", "category", "area", "team", "overdue", "reporterOnZalo", "q", "from", "to"];

/** The API query of the address's filters. @param {URLSearchParams} params */
export function filterQuery(params) {
  /** @type {Record<string, string>} */
  const q = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) q[k] = v;
  }
  return q;
}

/**
 * The filter form; submitting it goes to `#/{view}?…`.
 * @param {import("./app.js").Ctx} ctx
 * @param {string} view
 * @param {URLSearchParams} params
 */
export function filterForm(ctx, view, params) {
  const v = (/** @type {string} */ k) => params.get(k) ?? "";
  /** @param {string} name @param {string} label @param {[string, string][]} options */
  const select = (name, label, options) =>
    h(
      "label",
      {},
      label,
      h(
        "select",
        { name },
        h("option", { value: "" }, "Tất cả"),
        options.map(([value, text]) => h("option", { value, selected: v(name) === value }, text)),
      ),
    );
  const leadership = ctx.me.role === "admin" || ctx.me.role === "leader";
  const form = h(
    "form",
    { class: "filters", id: "filters" },
    select("status", "Trạng thái", [["new,acknowledged,in_progress", "Đang mở"], ...Object.entries(STATUS)]),
    select(
      "category",
      "Loại vi phạm",
      ctx.commune.categories.map((c) => [c.id, c.name]),
    ),
    select(
      "area",
      "Thôn",
      ctx.commune.areas.features.map((f) => [f.properties.id, f.properties.name]),
    ),
    // Officers and team leads see their own team's cases only: the API refuses another team.
    leadership
      ? select(
          "team",
          "Tổ",
          ctx.commune.teams.map((t) => [t.id, t.name]),
        )
      : null,
    h("label", {}, "Tìm", h("input", { type: "search", name: "q", value: v("q"), placeholder: "mã, mô tả, địa chỉ", maxlength: 200 })),
    h("label", {}, "Từ ngày", h("input", { type: "date", name: "from", value: v("from") })),
    h("label", {}, "Đến ngày", h("input", { type: "date", name: "to", value: v("to") })),
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", name: "overdue", value: "true", checked: v("overdue") === "true" }),
      "Quá hạn",
    ),
    // Reports taken by phone whose caller is not on Zalo: an officer tells them of progress.
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", name: "reporterOnZalo", value: "false", checked: v("reporterOnZalo") === "false" }),
      "Cần gọi báo (không có Zalo)",
    ),
    h("button", { type: "submit", class: "primary" }, "Lọc"),
    h("a", { href: `#/${view}`, class: "button" }, "Bỏ lọc"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, value] of new FormData(form)) if (typeof value === "string" && value.trim()) next.set(k, value.trim());
    const s = next.toString();
    location.hash = `#/${view}${s ? `?${s}` : ""}`;
  });
  return form;
}
