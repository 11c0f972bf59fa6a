/**
 * Cán bộ: the commune's officers for its admins, without curl. Create an officer (the token is
 * shown once; the link code as text and as a QR code the officer scans to get `#dangky CODE`),
 * issue a new link code, reset their sign-in (every dashboard session ends), take them off or
 * back on duty, deactivate or reactivate. Who is linked to Zalo and on duty is in the list.
 * Teams are made on the "Tổ" page (`teams.js`). Leaders see the list; changes need the admin's rights, and
 * the API checks every one again.
 */
import { api, problemText, send } from "./api.js";
import { h, toast } from "./dom.js";
import { when } from "./format.js";
import { ROLE } from "./wording.js";

/** @typedef {{id: string, name: string, role: string, teamId: string | null, onDuty: boolean, active: boolean, fromConfig: boolean, zaloLinked: boolean}} OfficerJson */

/**
 * What was just issued: the link code as text and QR, and a new officer's token once.
 * @param {{name: string, linkCode: string, linkCodeExpiresAt: string, linkQr: string, token?: string}} issued
 */
function issuedCard(issued) {
  return h(
    "section",
    { class: "card issued", id: "officer-issued" },
    h("h2", {}, `Mã liên kết Zalo của ${issued.name}`),
    h("p", {}, "Cán bộ gửi tin nhắn sau tới Zalo OA của xã từ tài khoản Zalo của mình (hoặc quét mã QR để có sẵn tin nhắn):"),
    h("p", { class: "code", id: "issued-link-code" }, `#dangky ${issued.linkCode}`),
    h("img", { src: issued.linkQr, alt: `Mã QR của #dangky ${issued.linkCode}`, id: "issued-link-qr", width: 180, height: 180 }),
    h("p", { class: "muted" }, `Mã dùng một lần, hết hạn lúc ${when(issued.linkCodeExpiresAt)}.`),
    issued.token
      ? h(
          "p",
          {},
          "Mã truy cập API (chỉ hiện một lần, dùng cho máy, không cần cho cán bộ đăng nhập trang này): ",
          h("code", { id: "issued-token" }, issued.token),
        )
      : null,
  );
}

/**
 * @param {import("./app.js").Ctx} ctx
 * @param {HTMLElement | null} [issued]
 */
export async function officersView(ctx, issued = null) {
  const [{ officers }, { teams }] = /** @type {[{officers: OfficerJson[]}, {teams: {id: string, name: string, active: boolean}[]}]} */ (
    await Promise.all([api("/officers"), api("/teams")])
  );
  const manage = ctx.me.rights.includes("officers:manage");
  const teamName = (/** @type {string | null} */ id) => teams.find((t) => t.id === id)?.name ?? "—";
  /** Do an API change, then draw the list again (with what it issued, if anything). */
  const act = async (/** @type {() => Promise<HTMLElement | null | void>} */ change, /** @type {string} */ done) => {
    try {
      const card = await change();
      toast(done);
      await officersView(ctx, card ?? null);
    } catch (err) {
      toast(problemText(err), "error");
    }
  };
  const button = (/** @type {string} */ label, /** @type {string} */ action, /** @type {() => void} */ onclick) =>
    h("button", { type: "button", class: "link", "data-action": action, onclick }, label);

  const rows = officers.map((o) =>
    h(
      "tr",
      { "data-officer": o.id, class: o.active ? "" : "inactive" },
      h("th", { scope: "row" }, o.name),
      h("td", {}, ROLE[o.role] ?? o.role),
      h("td", {}, teamName(o.teamId)),
      h("td", { class: "zalo" }, o.zaloLinked ? "Đã liên kết" : "Chưa liên kết"),
      h("td", { class: "duty" }, !o.active ? "Ngừng hoạt động" : o.onDuty ? "Đang trực" : "Tạm nghỉ"),
      h(
        "td",
        { class: "actions" },
        manage && o.active
          ? [
              button("Cấp mã liên kết", "link-code", () =>
                act(async () => {
                  const r = await api(`/officers/${encodeURIComponent(o.id)}/link-code`, { method: "POST" });
                  return issuedCard({ name: o.name, ...r });
                }, "Đã cấp mã liên kết mới."),
              ),
              button("Đặt lại đăng nhập", "reset-sign-in", () =>
                act(
                  () => send(`/officers/${encodeURIComponent(o.id)}/sessions`, { method: "DELETE" }).then(() => null),
                  "Đã đăng xuất cán bộ khỏi mọi trình duyệt.",
                ),
              ),
              button(o.onDuty ? "Cho tạm nghỉ" : "Cho trực", "duty", () =>
                act(
                  () => api(`/officers/${encodeURIComponent(o.id)}`, { method: "PATCH", json: { onDuty: !o.onDuty } }),
                  "Đã đổi trạng thái trực.",
                ),
              ),
              button("Ngừng hoạt động", "deactivate", () =>
                act(() => api(`/officers/${encodeURIComponent(o.id)}`, { method: "DELETE" }), `Đã ngừng hoạt động tài khoản ${o.name}.`),
              ),
            ]
          : manage
            ? button("Kích hoạt lại", "reactivate", () =>
                act(
                  () => api(`/officers/${encodeURIComponent(o.id)}`, { method: "PATCH", json: { active: true } }),
                  `Đã kích hoạt lại ${o.name}.`,
                ),
              )
            : null,
      ),
    ),
  );

  const name = h("input", { name: "name", id: "officer-name", required: true, maxlength: 100, autocomplete: "off" });
  const role = h(
    "select",
    { name: "role", id: "officer-role" },
    ["officer", "lead", "leader", "commune_admin", "dpo"].map((r) => h("option", { value: r }, ROLE[r] ?? r)),
  );
  const team = h(
    "select",
    { name: "teamId", id: "officer-team" },
    h("option", { value: "" }, "— Không thuộc tổ —"),
    teams.filter((t) => t.active).map((t) => h("option", { value: t.id }, t.name)),
  );
  const create = h(
    "form",
    { class: "card filters", id: "officer-create" },
    h("h2", {}, "Thêm cán bộ"),
    h("label", {}, "Họ và tên", name),
    h("label", {}, "Vai trò", role),
    h("label", {}, "Tổ", team),
    h("button", { type: "submit", class: "primary" }, "Thêm"),
  );
  create.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), role: role.value, ...(team.value ? { teamId: team.value } : {}) };
    void act(async () => {
      const r = await api("/officers", { method: "POST", json: body });
      return issuedCard({ name: r.officer.name, ...r });
    }, `Đã thêm cán bộ ${body.name}.`);
  });

  ctx.show(
    h("h1", {}, "Cán bộ"),
    issued ?? h("div", { hidden: true }),
    ctx.me.rights.includes("officers:create") ? create : h("div", { hidden: true }),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "officers", class: "officers" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Họ và tên", "Vai trò", "Tổ", "Zalo", "Trực", ""].map((t) => h("th", {}, t)),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    h("p", { class: "muted" }, "Cán bộ ghi trong tệp cấu hình của xã do tệp đó quản lý (tên, vai trò, tổ). Các tổ: trang Tổ."),
  );
  document.title = `Cán bộ – ${ctx.commune.name}`;
}
