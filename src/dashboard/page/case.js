/**
 * One case: what was reported, its photos (the hotline's kept copies), where it is, what
 * happened to it (the audit trail), the officers' notes, and the actions the person may take,
 * named by their Vietnamese verbs. Each action is the API's, so the reporter is told exactly as
 * when an officer acts from Zalo.
 */
import { api, problemText, send } from "./api.js";
import { ask, h, toast } from "./dom.js";
import { CHANNEL, eventText, isOverdue, OPEN, STATUS, TRANSITIONS, when } from "./format.js";
import { statusBadge } from "./cases.js";
import { areaCentre } from "./geo.js";
import { caseMarker, communeMap } from "./map.js";
import { actorWords, MAP, PHOTOS } from "./wording.js";

/**
 * @typedef {import("./cases.js").CaseSummary & {
 *   description: string | null, descriptionWithheld: boolean, anonymous: boolean, contact: {name: string | null, phone: string | null} | null,
 *   photos: Photo[],
 *   sla: {acknowledgeBy: string | null, resolveBy: string | null, acknowledgedAt: string | null, resolvedAt: string | null, escalationLevel: number},
 *   linked: {code: string, distanceM: number | null}[],
 *   notes: {id: number, author: string, authorName: string | null, body: string, createdAt: string}[],
 *   events: {id: number, actor: string, actorName: string | null, action: string, fromStatus: string | null, toStatus: string | null, detail: Record<string, unknown> | null, createdAt: string}[]
 * }} CaseDetail
 */
/** @typedef {{position: number, proof: boolean, copy: string, url: string | null}} Photo */

/** What the page says when the API left a violation report's description and photos out. */
const WITHHELD = "Phản ánh vi phạm: mô tả và ảnh chỉ tổ phụ trách, lãnh đạo xã và cán bộ bảo vệ dữ liệu cá nhân được xem.";

const CODE = /^PA-\d{6}-[A-Z0-9]{4}$/;

/** @param {string} label @param {string} [placeholder] */
function textArea(label, placeholder = "") {
  return h("textarea", { name: "value", rows: 4, maxlength: 2000, "aria-label": label, placeholder });
}

/**
 * The actions on `c` this person may take now: [button text, what it does].
 * @param {import("./app.js").Ctx} ctx
 * @param {CaseDetail} c
 * @returns {[string, () => Promise<unknown>][]}
 */
function actions(ctx, c) {
  const transfer = transferAction(ctx, c);
  if (!ctx.me.rights.includes("cases:act")) return transfer;
  const code = encodeURIComponent(c.code);
  const can = (/** @type {string} */ to) => TRANSITIONS[c.status]?.includes(to) ?? false;
  const move = (/** @type {string} */ to, /** @type {string} */ note = "") =>
    api(`/cases/${code}/transitions`, { method: "POST", json: note ? { to, note } : { to } });
  /** @type {[string, () => Promise<unknown>][]} */
  const list = [];
  if (can("acknowledged")) list.push(["Tiếp nhận", () => move("acknowledged")]);
  if (can("in_progress")) list.push(["Đang xử lý", () => move("in_progress")]);
  if (can("resolved"))
    list.push([
      "Đã xử lý",
      async () => {
        const result = await ask({
          title: `Đã xử lý ${c.code}`,
          help: "Kết quả xử lý (người phản ánh sẽ nhận được nội dung này qua Zalo):",
          field: textArea("Kết quả xử lý", "Đã lập biên bản, yêu cầu dừng thi công…"),
          check: (v) => (v ? null : "Hãy ghi kết quả xử lý."),
        });
        return result === null ? null : move("resolved", result);
      },
    ]);
  if (can("rejected"))
    list.push([
      "Từ chối",
      async () => {
        const reason = await ask({
          title: `Từ chối ${c.code}`,
          help: "Lý do từ chối (người phản ánh sẽ nhận được nội dung này qua Zalo):",
          field: textArea("Lý do từ chối"),
          check: (v) => (v ? null : "Hãy ghi lý do từ chối."),
        });
        return reason === null ? null : move("rejected", reason);
      },
    ]);
  if (OPEN.includes(c.status))
    list.push([
      "Trùng",
      async () => {
        const field = h("input", {
          name: "value",
          placeholder: "PA-251125-7KM3",
          "aria-label": "Mã phản ánh gốc",
          value: c.linked[0]?.code ?? "",
        });
        const of = await ask({
          title: `${c.code} trùng với phản ánh nào?`,
          help: "Mã phản ánh gốc (phản ánh này sẽ được đóng, người theo dõi chuyển sang phản ánh gốc):",
          field,
          check: (v) => (CODE.test(v.toUpperCase()) ? null : "Mã phản ánh có dạng PA-YYMMDD-XXXX."),
        });
        return of === null ? null : api(`/cases/${code}/duplicate`, { method: "POST", json: { of: of.toUpperCase() } });
      },
    ]);
  const leadership = ctx.me.role === "admin" || ctx.me.role === "leader";
  if (leadership || (ctx.me.role === "lead" && ctx.me.team?.id === c.team?.id))
    list.push([
      "Chuyển tổ",
      async () => {
        const field = h(
          "select",
          { name: "value", required: true, "aria-label": "Tổ nhận" },
          ctx.commune.teams.filter((t) => t.id !== c.team?.id).map((t) => h("option", { value: t.id }, t.name)),
        );
        const teamId = await ask({
          title: `Chuyển ${c.code} sang tổ khác`,
          help: "Tổ nhận phản ánh (cán bộ trực của tổ được báo qua Zalo):",
          field,
        });
        return teamId === null ? null : api(`/cases/${code}/reassign`, { method: "POST", json: { teamId } });
      },
    ]);
  list.push(...transfer);
  list.push([
    "Ghi chú",
    async () => {
      const body = await ask({
        title: `Ghi chú cho ${c.code}`,
        help: "Ghi chú nội bộ (người dân không thấy):",
        field: textArea("Ghi chú"),
        check: (v) => (v ? null : "Hãy nhập ghi chú."),
      });
      return body === null ? null : api(`/cases/${code}/notes`, { method: "POST", json: { body } });
    },
  ]);
  return list;
}

/**
 * "Chuyển xã": hand an open case to another commune of the province (the API's transfer: the
 * case's team lead, the leader, the commune admin). The case then leaves this commune: the page
 * goes back to the list, where it no longer is.
 * @param {import("./app.js").Ctx} ctx
 * @param {CaseDetail} c
 * @returns {[string, () => Promise<unknown>][]}
 */
function transferAction(ctx, c) {
  const others = ctx.commune.otherCommunes ?? [];
  const mayTransfer = ctx.me.rights.includes("cases:transfer") && (ctx.me.role !== "lead" || ctx.me.team?.id === c.team?.id);
  if (!mayTransfer || !OPEN.includes(c.status) || !others.length) return [];
  return [
    [
      "Chuyển xã",
      async () => {
        const communeId = await ask({
          title: `Chuyển ${c.code} sang xã khác`,
          help: "Xã nhận phản ánh (tổ phụ trách bên đó được báo qua Zalo; xã ta không còn xem được phản ánh này):",
          field: h(
            "select",
            { name: "value", required: true, "aria-label": "Xã nhận" },
            others.map((o) => h("option", { value: o.id }, o.name)),
          ),
        });
        if (communeId === null) return null;
        const reason = await ask({
          title: `Lý do chuyển ${c.code}`,
          help: "Lý do (xã nhận đọc được; người phản ánh chỉ được báo xã nào xử lý):",
          field: textArea("Lý do chuyển", "Vị trí thuộc địa bàn xã bên cạnh…"),
          check: (v) => (v ? null : "Hãy ghi lý do chuyển."),
        });
        if (reason === null) return null;
        await api(`/cases/${encodeURIComponent(c.code)}/transfer`, { method: "POST", json: { communeId, reason } });
        toast(`Đã chuyển ${c.code} sang ${others.find((o) => o.id === communeId)?.name ?? communeId}.`);
        location.hash = "#/cases";
        return null;
      },
    ],
  ];
}

/** The kept copy of a photo: fetched with the token (an <img> cannot send it), shown from memory. @param {Photo} p */
function photo(p) {
  const box = h("figure", { class: "photo" });
  if (p.copy !== "kept" || !p.url) {
    box.append(
      h(
        "figcaption",
        { class: "muted" },
        p.copy === "pending" ? `Ảnh ${p.position}: đang lưu bản sao…` : `Ảnh ${p.position}: không lưu được bản sao`,
      ),
    );
    return box;
  }
  send(p.url.replace(/^\/api\/v1/, ""))
    .then((res) => res.blob())
    .then((blob) => {
      const url = URL.createObjectURL(blob);
      box.append(h("a", { href: url, target: "_blank", rel: "noopener" }, h("img", { src: url, alt: `Ảnh ${p.position}` })));
    })
    .catch(() => box.append(h("figcaption", { class: "muted" }, `Ảnh ${p.position}: không tải được`)));
  return box;
}

/**
 * The reporter's photos and the officers' proof of the resolution, each under its heading.
 * @param {Photo[]} photos
 */
function photoSections(photos) {
  if (!photos.length) return [h("h2", {}, "Ảnh"), h("p", { class: "muted" }, PHOTOS.none)];
  const report = photos.filter((p) => !p.proof);
  const proof = photos.filter((p) => p.proof);
  return [
    report.length ? [h("h2", {}, PHOTOS.report), h("div", { class: "photos", id: "photos-report" }, report.map(photo))] : [],
    proof.length ? [h("h2", {}, PHOTOS.proof), h("div", { class: "photos", id: "photos-proof" }, proof.map(photo))] : [],
  ].flat();
}

/** @param {string} label @param {Node | string | null} value */
const row = (label, value) => h("div", { class: "row" }, h("dt", {}, label), h("dd", {}, value ?? "—"));

/**
 * @param {import("./app.js").Ctx} ctx
 * @param {string} code
 */
export async function caseView(ctx, code) {
  /** @type {CaseDetail} */
  const c = await api(`/cases/${encodeURIComponent(code)}`);
  const late = isOverdue(c);
  const buttons = actions(ctx, c).map(([text, run]) => {
    const b = h("button", { type: "button", class: "action", "data-action": text }, text);
    b.addEventListener("click", async () => {
      // An answer that comes after the officer went to another page is not shown there.
      const here = location.hash;
      try {
        const done = await run();
        if (done === null || location.hash !== here) return;
        toast(`${text}: đã lưu.`);
        await caseView(ctx, c.code);
      } catch (err) {
        if (location.hash === here) toast(problemText(err), "error");
      }
    });
    return b;
  });
  const mapEl = h("div", { class: "map small", id: "case-map" });
  const mapNote = h("p", { class: "muted map-note", id: "case-map-note", hidden: true });
  const area = ctx.commune.areas.features.find((f) => f.properties.id === c.area?.id) ?? null;
  const teamName = (/** @type {string} */ id) => ctx.commune.teams.find((t) => t.id === id)?.name ?? id;
  ctx.show(
    h("p", {}, h("a", { href: "#/cases" }, "← Danh sách")),
    h(
      "section",
      { class: `card case${late ? " overdue" : ""}`, id: "case", "data-code": c.code, "data-status": c.status },
      h("h1", {}, c.code, " ", statusBadge(c.status), late ? h("strong", { class: "late" }, " Quá hạn") : null),
      h("p", { class: "muted" }, c.category.name ?? c.category.id),
      h("div", { class: "actions", id: "actions" }, buttons),
      h(
        "div",
        { class: "columns" },
        h(
          "div",
          {},
          h("h2", {}, "Nội dung"),
          c.descriptionWithheld
            ? h("p", { class: "description muted", id: "description-withheld" }, WITHHELD)
            : h("p", { class: "description" }, c.description),
          h(
            "dl",
            {},
            row("Địa chỉ", c.address),
            row("Thôn", c.area?.name ?? null),
            row("Tổ phụ trách", c.team?.name ?? null),
            row("Kênh", CHANNEL[c.channel] ?? c.channel),
            row("Gửi lúc", when(c.createdAt)),
            row("Hạn tiếp nhận", when(c.sla.acknowledgeBy)),
            row("Hạn xử lý", when(c.sla.resolveBy)),
            row(
              "Người phản ánh",
              c.anonymous ? "Ẩn danh" : c.contact ? [c.contact.name, c.contact.phone].filter(Boolean).join(" · ") : null,
            ),
            c.linked.length
              ? row(
                  "Phản ánh gần đó",
                  h(
                    "span",
                    {},
                    c.linked.map((l) => h("a", { href: `#/case/${l.code}`, class: "linked" }, l.code)),
                  ),
                )
              : null,
          ),
          c.descriptionWithheld ? null : photoSections(c.photos),
        ),
        h(
          "div",
          {},
          h("h2", {}, "Vị trí"),
          c.location || area ? mapEl : null,
          c.location ? null : h("p", { class: "muted" }, MAP.noLocation(c.area?.name ?? null)),
          mapNote,
        ),
      ),
      h(
        "div",
        { class: "columns" },
        h(
          "div",
          {},
          h("h2", {}, "Diễn biến"),
          h(
            "ol",
            { class: "timeline", id: "timeline" },
            c.events.map((e) =>
              h(
                "li",
                { "data-action": e.action },
                h("time", {}, when(e.createdAt)),
                " ",
                eventText(e, teamName),
                h("span", { class: "muted actor" }, ` · ${actorWords(e)}`),
              ),
            ),
          ),
        ),
        h(
          "div",
          {},
          h("h2", {}, "Ghi chú"),
          c.notes.length
            ? h(
                "ul",
                { class: "notes", id: "notes" },
                c.notes.map((n) =>
                  h("li", {}, h("time", {}, when(n.createdAt)), ` ${actorWords({ actor: n.author, actorName: n.authorName })}: `, n.body),
                ),
              )
            : h("p", { class: "muted" }, "Chưa có ghi chú."),
        ),
      ),
    ),
  );
  // The case's village is named on its map: without tiles, the polygon alone says nothing.
  const onNoTiles = () => {
    mapNote.textContent = MAP.noTiles(c.area?.name ?? null);
    mapNote.hidden = false;
  };
  if (c.location) {
    const map = communeMap(mapEl, ctx, { labels: false, label: c.area?.id, center: [c.location.lat, c.location.lng], zoom: 15, onNoTiles });
    caseMarker(c)?.addTo(map);
  } else if (area) {
    communeMap(mapEl, ctx, { labels: false, label: area.properties.id, center: areaCentre(area.geometry), zoom: 14, onNoTiles });
  }
  document.title = `${c.code} – ${STATUS[c.status] ?? c.status}`;
}
