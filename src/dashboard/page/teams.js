/**
 * Tổ: the commune's teams for its admins, without curl. Create a team, rename it, deactivate or
 * reactivate it, and put an officer in a team. Each team says where its new cases go once it is
 * deactivated (or go now, while it is): the routing of the commune's file, its rules skipped.
 * The file's teams are the seed; a name given here wins over the file's at every start. Leaders
 * see the list; changes need the admin's rights, and the API checks every one again.
 */
import { api, problemText } from "./api.js";
import { ask, h, toast } from "./dom.js";

/**
 * @typedef {{areaId: string | null, categoryId: string}} Pair
 * @typedef {{id: string, name: string, active: boolean, fromConfig: boolean, requiredAs: string | null, openCases: number,
 *   casesGoTo: {teamId: string, teamName: string | null, pairs: Pair[]}[]}} TeamJson
 * @typedef {{id: string, name: string, teamId: string | null, active: boolean, fromConfig: boolean}} OfficerJson
 */

/**
 * Where a team's new cases go, in words.
 * @param {import("./app.js").Ctx} ctx
 * @param {TeamJson} t
 */
function casesGoWords(ctx, t) {
  if (t.requiredAs === "fallbackTeam")
    return h("span", {}, "Tổ nhận mọi phản ánh không có quy tắc phân công (theo tệp cấu hình): không ngừng hoạt động được.");
  if (t.requiredAs) return h("span", {}, "Tổ trả lời người dân muốn gặp cán bộ (theo tệp cấu hình): không ngừng hoạt động được.");
  if (!t.casesGoTo.length) return h("span", {}, "Không có quy tắc phân công nào trỏ tới tổ này: tổ chỉ nhận phản ánh được chuyển đến.");
  const area = (/** @type {string | null} */ id) =>
    id === null ? "ngoài các thôn" : (ctx.commune.areas.features.find((f) => f.properties.id === id)?.properties.name ?? id);
  const category = (/** @type {string} */ id) => ctx.commune.categories.find((c) => c.id === id)?.name ?? id;
  return h(
    "div",
    { class: "cases-go" },
    h("span", {}, t.active ? "Nếu ngừng hoạt động, phản ánh mới sẽ chuyển đến:" : "Phản ánh mới chuyển đến:"),
    h(
      "ul",
      {},
      t.casesGoTo.map((g) =>
        h(
          "li",
          { "data-goes-to": g.teamId },
          h("strong", {}, g.teamName ?? g.teamId),
          ` (${g.pairs.length} trường hợp thôn – loại phản ánh) `,
          h(
            "details",
            {},
            h("summary", {}, "Chi tiết"),
            h("span", {}, g.pairs.map((p) => `${area(p.areaId)} · ${category(p.categoryId)}`).join("; ")),
          ),
        ),
      ),
    ),
  );
}

/** @param {import("./app.js").Ctx} ctx */
export async function teamsView(ctx) {
  const manage = ctx.me.rights.includes("teams:manage");
  const [{ teams }, { officers }] = /** @type {[{teams: TeamJson[]}, {officers: OfficerJson[]}]} */ (
    await Promise.all([api("/teams"), api("/officers")])
  );
  /** Do an API change, then read the commune again (its active teams feed the other pages) and draw the list. */
  const act = async (/** @type {() => Promise<unknown>} */ change, /** @type {string} */ done) => {
    try {
      await change();
      ctx.commune = await api("/commune");
      toast(done);
      await teamsView(ctx);
    } catch (err) {
      toast(problemText(err), "error");
    }
  };
  const button = (/** @type {string} */ label, /** @type {string} */ action, /** @type {() => void} */ onclick) =>
    h("button", { type: "button", class: "link", "data-action": action, onclick }, label);
  const patch = (/** @type {TeamJson} */ t, /** @type {object} */ json) =>
    api(`/teams/${encodeURIComponent(t.id)}`, { method: "PATCH", json });

  const rows = teams.map((t) => {
    const members = officers.filter((o) => o.teamId === t.id && o.active);
    return h(
      "tr",
      { "data-team": t.id, class: t.active ? "" : "inactive" },
      h("th", { scope: "row" }, t.name, h("div", { class: "muted" }, t.id)),
      h("td", {}, t.fromConfig ? "Tệp cấu hình" : "Tạo trên trang"),
      h("td", { class: "members" }, members.length ? members.map((o) => o.name).join(", ") : "—"),
      h("td", { class: "open-cases" }, String(t.openCases)),
      h("td", { class: "state" }, t.active ? "Hoạt động" : "Ngừng hoạt động"),
      h("td", { class: "goes" }, casesGoWords(ctx, t)),
      h(
        "td",
        { class: "actions" },
        manage
          ? [
              button("Đổi tên", "rename", async () => {
                const field = h("input", { name: "value", value: t.name, maxlength: 100, required: true });
                const name = await ask({ title: `Đổi tên ${t.name}`, field, ok: "Đổi tên" });
                if (name) await act(() => patch(t, { name }), `Đã đổi tên thành ${name}.`);
              }),
              t.active
                ? t.requiredAs
                  ? null
                  : button("Ngừng hoạt động", "deactivate", () => act(() => patch(t, { active: false }), `Đã ngừng hoạt động ${t.name}.`))
                : button("Kích hoạt lại", "reactivate", () => act(() => patch(t, { active: true }), `Đã kích hoạt lại ${t.name}.`)),
            ]
          : null,
      ),
    );
  });

  const name = h("input", { name: "name", id: "team-name", required: true, maxlength: 100, autocomplete: "off" });
  const create = h(
    "form",
    { class: "card filters", id: "team-create" },
    h("h2", {}, "Thêm tổ"),
    h("label", {}, "Tên tổ", name),
    h("button", { type: "submit", class: "primary" }, "Thêm"),
  );
  create.addEventListener("submit", (e) => {
    e.preventDefault();
    const teamName = name.value.trim();
    void act(() => api("/teams", { method: "POST", json: { name: teamName } }), `Đã thêm ${teamName}.`);
  });

  // Officers the file lists belong to the file's team; the others are put in a team here.
  const movable = officers.filter((o) => o.active && !o.fromConfig);
  const who = h(
    "select",
    { name: "officerId", id: "member-officer", required: true },
    h("option", { value: "" }, "— Chọn cán bộ —"),
    movable.map((o) => h("option", { value: o.id }, o.name)),
  );
  const where = h(
    "select",
    { name: "teamId", id: "member-team" },
    h("option", { value: "" }, "— Không thuộc tổ —"),
    teams.filter((t) => t.active).map((t) => h("option", { value: t.id }, t.name)),
  );
  const assign = h(
    "form",
    { class: "card filters", id: "member-assign" },
    h("h2", {}, "Xếp cán bộ vào tổ"),
    h("label", {}, "Cán bộ", who),
    h("label", {}, "Tổ", where),
    h("button", { type: "submit", class: "primary" }, "Xếp vào tổ"),
    h("p", { class: "muted" }, "Cán bộ ghi trong tệp cấu hình của xã thuộc tổ ghi trong tệp đó."),
  );
  assign.addEventListener("submit", (e) => {
    e.preventDefault();
    const officer = movable.find((o) => o.id === who.value);
    if (!officer) return;
    const team = teams.find((t) => t.id === where.value);
    void act(
      () => api(`/officers/${encodeURIComponent(officer.id)}`, { method: "PATCH", json: { teamId: team ? team.id : null } }),
      team ? `Đã xếp ${officer.name} vào ${team.name}.` : `${officer.name} không còn thuộc tổ nào.`,
    );
  });

  ctx.show(
    h("h1", {}, "Tổ"),
    manage ? create : h("div", { hidden: true }),
    manage ? assign : h("div", { hidden: true }),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "teams", class: "officers" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Tổ", "Nguồn", "Thành viên", "Phản ánh đang mở", "Trạng thái", "Phản ánh mới", ""].map((x) => h("th", {}, x)),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    h(
      "p",
      { class: "muted" },
      "Tổ ngừng hoạt động không nhận phản ánh mới và không nhận thêm cán bộ; phản ánh đang mở vẫn ở lại tổ. " +
        "Tên đặt trên trang này được giữ cả khi tệp cấu hình ghi tên khác. Quy tắc phân công phản ánh do tệp cấu hình của xã quy định.",
    ),
  );
  document.title = `Tổ – ${ctx.commune.name}`;
}
