/**
 * "Tiếp nhận phản ánh": an officer on a call (or at the counter) files what the caller says, with
 * one hand on the phone — big buttons for the kind of violation and the village (or a tap on the
 * map), the description, an optional photo, the caller's name and number or "Ẩn danh" — and reads
 * the tracking code back. It is `POST /api/v1/cases` like any client; a key sent with the form
 * makes a second tap or a retry after a dropped connection file one case.
 */
import { api, ApiError, problemText } from "./api.js";
import { h } from "./dom.js";
import { when } from "./format.js";
import { communeMap } from "./map.js";
import { CATEGORY } from "./wording.js";

/**
 * @typedef {import("./cases.js").CaseSummary & {photos: number, nearby: {code: string, distanceM: number | null, status: string | null}[]}} Filed
 * @typedef {{descriptionMin: number, descriptionMax: number, maxPhotos: number, maxPhotoBytes: number}} ReportLimits
 */

/** Where the caller cannot say which village: the chat's "Không rõ thôn". */
const UNKNOWN_AREA = "unknown";

/** The API's field names as the form calls them, for its refusals. */
const FIELD = /** @type {Record<string, string>} */ ({
  channel: "nguồn",
  category: CATEGORY.toLowerCase(),
  areaId: "thôn",
  address: "địa chỉ",
  lat: "điểm trên bản đồ",
  lng: "điểm trên bản đồ",
  description: "mô tả",
  reporterName: "họ tên",
  reporterPhone: "số điện thoại",
  anonymous: "ẩn danh",
  photo: "ảnh",
});

/** A fresh key for one report (crypto.randomUUID needs HTTPS; this works on a LAN address too). */
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** "PA-261130-TXKN" → "P A · 2 6 1 1 3 0 · T X K N": easy to read out one sign at a time. @param {string} code */
export function spelled(code) {
  return code
    .split("-")
    .map((part) => part.split("").join(" "))
    .join(" · ");
}

/**
 * A row of big choice buttons (radio inputs styled as pills).
 * @param {string} name @param {[string, string][]} options @param {string} [type]
 */
function pills(name, options, type = "radio") {
  return h(
    "div",
    { class: "pills" },
    options.map(([value, text]) => h("label", { class: "pill" }, h("input", { type, name, value }), h("span", {}, text))),
  );
}

/** What the form says for the API's refusal. @param {unknown} err */
function refusalText(err) {
  if (!(err instanceof ApiError)) return problemText(err);
  if (err.status === 413) return "Ảnh quá lớn: mỗi ảnh tối đa 10 MB.";
  if (err.status === 415) return "Có tệp không phải ảnh (chỉ nhận JPEG, PNG, GIF, WebP, HEIC).";
  if (err.status === 422)
    return 'Lần gửi trước đã tạo một phản ánh với nội dung khác. Bấm "Gửi phản ánh" lần nữa để gửi phản ánh này thành phản ánh mới.';
  if (err.status === 400 && err.fields?.length) {
    if (err.fields.some((f) => f.path === "areaId" && f.message.includes("names no village")))
      return "Địa chỉ không có tên thôn: hãy chọn thôn hoặc chạm vào bản đồ.";
    if (err.fields.some((f) => f.path === "reporterPhone")) return "Số điện thoại chưa đúng (ví dụ 0912 345 678 hoặc 024 3384 3115).";
    const names = [...new Set(err.fields.map((f) => FIELD[f.path] ?? f.path))];
    return `Kiểm tra lại: ${names.join(", ")}.`;
  }
  return problemText(err);
}

/**
 * @param {import("./app.js").Ctx} ctx
 */
export async function intakeView(ctx) {
  /** @type {{report: ReportLimits}} */
  const { report: limits } = await api("/commune");
  let key = newKey();
  /** @type {{lat: number, lng: number} | null} */
  let point = null;

  const address = h("input", {
    type: "text",
    name: "address",
    maxlength: 500,
    autocomplete: "off",
    placeholder: "Số nhà, ngõ, mốc gần đó (không bắt buộc)",
    "aria-label": "Địa chỉ",
  });
  const pointText = h("span", { class: "muted", id: "intake-point" }, "Chưa chọn điểm.");
  const clearPoint = h("button", { type: "button", class: "link", id: "intake-clear-point", hidden: true }, "Bỏ điểm");
  const mapEl = h("div", { class: "map pick", id: "intake-map" });
  const description = h("textarea", {
    name: "description",
    rows: 4,
    maxlength: limits.descriptionMax,
    required: true,
    placeholder: "Người phản ánh kể gì: công trình, việc đang làm, từ bao giờ…",
    "aria-label": "Mô tả",
  });
  const photos = h("input", { type: "file", name: "photo", accept: "image/*", multiple: true, id: "intake-photo" });
  const photoCount = h("span", { id: "intake-photo-count" }, "Chọn hoặc chụp ảnh");
  const name = h("input", {
    type: "text",
    name: "reporterName",
    maxlength: 200,
    autocomplete: "off",
    placeholder: "Họ tên",
    "aria-label": "Họ tên người phản ánh",
  });
  const phone = h("input", {
    type: "tel",
    name: "reporterPhone",
    inputmode: "tel",
    maxlength: 30,
    autocomplete: "off",
    placeholder: "Số điện thoại",
    "aria-label": "Số điện thoại người phản ánh",
  });
  const anonymous = h("input", { type: "checkbox", name: "anonymous", value: "true", id: "intake-anonymous" });
  const error = h("p", { class: "error", id: "intake-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary big", id: "intake-submit" }, "Gửi phản ánh");

  const form = h(
    "form",
    { class: "card intake", id: "intake", novalidate: true },
    h("h1", {}, "Tiếp nhận phản ánh"),
    h(
      "fieldset",
      { id: "intake-channel" },
      h("legend", {}, "Nguồn"),
      pills("channel", [
        ["phone", "Điện thoại"],
        ["counter", "Tại quầy"],
      ]),
    ),
    h(
      "fieldset",
      { id: "intake-category" },
      h("legend", {}, CATEGORY),
      pills(
        "category",
        ctx.commune.categories.map((c) => [c.id, c.name]),
      ),
    ),
    h(
      "fieldset",
      { id: "intake-where" },
      h("legend", {}, "Ở đâu"),
      pills("areaId", [
        ...ctx.commune.areas.features.map((f) => /** @type {[string, string]} */ ([f.properties.id, f.properties.name])),
        [UNKNOWN_AREA, "Không rõ thôn"],
      ]),
      address,
      h("p", { class: "hint" }, "Hoặc chạm vào bản đồ: ", pointText, " ", clearPoint),
      mapEl,
    ),
    h("fieldset", {}, h("legend", {}, "Nội dung"), description),
    // The browser's own file button speaks its UI language: a label of ours covers it.
    h("fieldset", {}, h("legend", {}, "Ảnh (không bắt buộc)"), h("label", { class: "pill file" }, photos, photoCount)),
    h(
      "fieldset",
      { id: "intake-contact" },
      h("legend", {}, "Người phản ánh"),
      name,
      phone,
      h("label", { class: "pill" }, anonymous, h("span", {}, "Ẩn danh (không lưu tên, số điện thoại)")),
    ),
    error,
    h("div", { class: "submit" }, submit),
  );
  /** @type {HTMLInputElement} */ (form.querySelector("input[name=channel][value=phone]")).checked = true;
  ctx.show(form);

  const map = communeMap(mapEl, ctx);
  /** @type {L.CircleMarker | null} */
  let marker = null;
  map.on("click", (e) => {
    point = { lat: Number(e.latlng.lat.toFixed(6)), lng: Number(e.latlng.lng.toFixed(6)) };
    marker?.remove();
    marker = L.circleMarker([point.lat, point.lng], {
      radius: 9,
      color: "#fff",
      weight: 2,
      fillColor: "#1565c0",
      fillOpacity: 0.95,
      className: "marker picked",
    }).addTo(map);
    pointText.textContent = `Điểm đã chọn: ${point.lat}, ${point.lng}`;
    clearPoint.hidden = false;
  });
  clearPoint.addEventListener("click", () => {
    point = null;
    marker?.remove();
    marker = null;
    pointText.textContent = "Chưa chọn điểm.";
    clearPoint.hidden = true;
  });
  anonymous.addEventListener("change", () => {
    for (const input of [name, phone]) {
      input.disabled = anonymous.checked;
      if (anonymous.checked) input.value = "";
    }
  });
  photos.addEventListener("change", () => {
    const n = photos.files?.length ?? 0;
    photoCount.textContent = n ? `${n} ảnh đã chọn (bấm để chọn lại)` : "Chọn hoặc chụp ảnh";
  });

  const checked = (/** @type {string} */ field) =>
    /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name=${field}]:checked`))?.value ?? "";
  /** What the form can tell before sending (the API checks everything again). */
  const problem = () => {
    if (!checked("category")) return `Chọn ${CATEGORY.toLowerCase()}.`;
    if (!checked("areaId") && !point && !address.value.trim()) return "Chọn thôn, chạm vào bản đồ hoặc ghi địa chỉ.";
    const length = description.value.trim().length;
    if (length < limits.descriptionMin) return `Mô tả cần ít nhất ${limits.descriptionMin} ký tự (hiện có ${length}).`;
    const files = [...(photos.files ?? [])];
    if (files.length > limits.maxPhotos) return `Tối đa ${limits.maxPhotos} ảnh.`;
    if (files.some((f) => f.size > limits.maxPhotoBytes)) return "Ảnh quá lớn: mỗi ảnh tối đa 10 MB.";
    if (!anonymous.checked && !name.value.trim() && !phone.value.trim())
      return 'Ghi họ tên hoặc số điện thoại người phản ánh, hoặc chọn "Ẩn danh".';
    return null;
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const why = problem();
    error.textContent = why ?? "";
    error.hidden = !why;
    if (why) return;
    const body = new FormData();
    const put = (/** @type {string} */ k, /** @type {string} */ v) => v.trim() && body.append(k, v.trim());
    put("channel", checked("channel"));
    put("category", checked("category"));
    put("areaId", checked("areaId"));
    put("address", address.value);
    if (point) {
      put("lat", String(point.lat));
      put("lng", String(point.lng));
    }
    put("description", description.value);
    if (anonymous.checked) put("anonymous", "true");
    else {
      put("reporterName", name.value);
      put("reporterPhone", phone.value);
    }
    for (const f of photos.files ?? []) body.append("photo", f, f.name);
    submit.disabled = true;
    submit.textContent = "Đang gửi…";
    try {
      /** @type {Filed} */
      const filed = await api("/cases", { method: "POST", form: body, headers: { "Idempotency-Key": key } });
      doneView(ctx, filed, !anonymous.checked && Boolean(phone.value.trim()));
    } catch (err) {
      // Another report under this key: the next tap is a new report.
      if (err instanceof ApiError && err.status === 422) key = newKey();
      error.textContent = refusalText(err);
      error.hidden = false;
    } finally {
      submit.disabled = false;
      submit.textContent = "Gửi phản ánh";
    }
  });
}

/**
 * The code to read out, where the report went, and a case of the same kind close by.
 * @param {import("./app.js").Ctx} ctx @param {Filed} c @param {boolean} leftPhone
 */
function doneView(ctx, c, leftPhone) {
  const again = h("button", { type: "button", class: "primary big", id: "intake-again" }, "Tiếp nhận phản ánh khác");
  again.addEventListener("click", () => void intakeView(ctx));
  const mayOpen = (ctx.me.role !== "lead" && ctx.me.role !== "officer") || ctx.me.team?.id === c.team?.id;
  ctx.show(
    h(
      "section",
      { class: "card intake done", id: "intake-done", "data-code": c.code },
      h("p", {}, "Đã tiếp nhận. Đọc mã phản ánh cho người phản ánh:"),
      h("p", { class: "code-big", id: "intake-code" }, c.code),
      h("p", { class: "spelled", id: "intake-spelled" }, spelled(c.code)),
      h(
        "dl",
        {},
        h("div", { class: "row" }, h("dt", {}, CATEGORY), h("dd", {}, c.category.name ?? c.category.id)),
        h("div", { class: "row" }, h("dt", {}, "Thôn"), h("dd", {}, c.area?.name ?? "Chưa xác định")),
        h("div", { class: "row" }, h("dt", {}, "Chuyển đến"), h("dd", { id: "intake-team" }, c.team?.name ?? "—")),
        h("div", { class: "row" }, h("dt", {}, "Hạn tiếp nhận"), h("dd", {}, when(c.acknowledgeBy))),
      ),
      c.nearby.length
        ? h(
            "p",
            { class: "warning", id: "intake-nearby" },
            "Gần đó đã có phản ánh cùng loại đang xử lý: ",
            c.nearby.map((n) =>
              h(
                "a",
                { href: `#/case/${encodeURIComponent(n.code)}`, class: "linked" },
                `${n.code}${n.distanceM === null ? "" : ` (~${n.distanceM} m)`}`,
              ),
            ),
            " — có thể báo người phản ánh là xã đã nắm thông tin.",
          )
        : null,
      leftPhone
        ? h(
            "p",
            { class: "hint", id: "intake-zalo" },
            `Nếu người phản ánh dùng Zalo (cùng số điện thoại vừa để lại): nhắn "theo dõi ${c.code}" tới Zalo của ${ctx.commune.name} để nhận tin xử lý.`,
          )
        : null,
      h(
        "div",
        { class: "actions" },
        again,
        mayOpen ? h("a", { href: `#/case/${encodeURIComponent(c.code)}`, class: "button" }, "Xem phản ánh") : null,
      ),
    ),
  );
}
