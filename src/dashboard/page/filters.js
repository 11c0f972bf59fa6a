/**
 * The case filters shared by the list and the map: the API's own (`GET /api/v1/cases`), kept in
 * the address (`#/cases?status=new&area=…`) so that a filtered view can be reloaded or shared
 * and the list and the map show the same cases.
 */
import { h } from "./dom.js";
import { dayText, parseDay, STATUS } from "./format.js";
import { CATEGORY, DATE, OVERDUE } from "./wording.js";

/** The filters the API takes, as they appear in the address. */
export const FILTERS = ["status", "category", "area", "team", "overdue", "reporterOnZalo", "q", "from", "to"];

/**
 * A day typed as dd/mm/yyyy. A native date input writes the day in the order of the browser's
 * language (mm/dd/yyyy in English), which an officer reads the wrong way round.
 * @param {string} name
 * @param {string} ymd the value, "YYYY-MM-DD" or ""
 * @param {boolean} [required]
 */
export function dayInput(name, ymd, required = false) {
  const input = h("input", {
    type: "text",
    name,
    value: dayText(ymd),
    placeholder: DATE.placeholder,
    inputmode: "numeric",
    autocomplete: "off",
    maxlength: 10,
    size: 10,
    required,
    class: "day",
  });
  input.addEventListener("input", () => input.setCustomValidity(""));
  return input;
}

/**
 * The form's day fields as "YYYY-MM-DD" ("" when empty); null when one cannot be read as a day
 * (the field says why).
 * @param {HTMLFormElement} form
 * @param {string[]} names
 * @returns {Record<string, string> | null}
 */
export function readDays(form, names) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of names) {
    const input = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name=${name}]`));
    const text = input?.value.trim() ?? "";
    const ymd = text ? parseDay(text) : "";
    if (ymd === null) {
      input?.setCustomValidity(DATE.invalid);
      input?.reportValidity();
      return null;
    }
    out[name] = ymd;
  }
  return out;
}

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
  // Every role but a lead or an officer reads every team's cases (src/officers/rights.ts).
  const leadership = ctx.me.role !== "lead" && ctx.me.role !== "officer";
  const form = h(
    "form",
    { class: "filters", id: "filters" },
    select("status", "Trạng thái", [["new,acknowledged,in_progress", "Đang mở"], ...Object.entries(STATUS)]),
    select(
      "category",
      CATEGORY,
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
    h("label", {}, "Từ ngày", dayInput("from", v("from"))),
    h("label", {}, "Đến ngày", dayInput("to", v("to"))),
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", name: "overdue", value: "true", checked: v("overdue") === "true" }),
      OVERDUE,
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
    const days = readDays(form, ["from", "to"]);
    if (!days) return;
    const next = new URLSearchParams();
    for (const [k, value] of new FormData(form)) {
      const text = k in days ? days[k] : typeof value === "string" ? value.trim() : "";
      if (text) next.set(k, text);
    }
    const s = next.toString();
    location.hash = `#/${view}${s ? `?${s}` : ""}`;
  });
  return form;
}
