/**
 * The dashboard's entry: sign-in, the views behind `#/…` addresses (cases, map, case, stats, the
 * intake of a report taken by phone) and
 * the header. What the person sees follows `GET /api/v1/me` (their rights); every action is an
 * API call, checked again there.
 */
import { api, ApiError, problemText, send, session } from "./api.js";
import { byId, claimMain, h, hideToast, show, toast } from "./dom.js";
import { caseView } from "./case.js";
import { casesView } from "./cases.js";
import { intakeView } from "./intake.js";
import { leagueView } from "./league.js";
import { mapView } from "./map.js";
import { statsView } from "./stats.js";
import { officersView } from "./officers.js";
import { teamsView } from "./teams.js";
import { privacyView } from "./privacy.js";
import { fleetView } from "./fleet.js";
import { ROLE } from "./wording.js";

/** @typedef {{id: string, name: string | null, role: string, team: {id: string, name: string | null} | null, rights: string[]}} Me */
/** @typedef {{name: string, hotline: string, areas: GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, {id: string, name: string}>, categories: {id: string, name: string}[], teams: {id: string, name: string}[], otherCommunes?: {id: string, name: string}[]}} Commune */
/** @typedef {{me: Me, commune: Commune, tiles: string}} SignedIn */
/** What a view gets: who and where, and its own way to fill the page (see claimMain). */
/** @typedef {SignedIn & {show: (...nodes: Node[]) => void}} Ctx */

/** @type {SignedIn | null} */
let ctx = null;

/**
 * Where a province user (or the admin token) of a deployment of several communes works: no one
 * commune, so the pages that name one have none; the province's pages (Xếp hạng, Tài khoản OA) work.
 * @type {Commune}
 */
const PROVINCE = { name: "Toàn tỉnh", hotline: "", areas: { type: "FeatureCollection", features: [] }, categories: [], teams: [] };

function signInView(message = "") {
  const code = h("input", {
    type: "text",
    id: "sign-in-code",
    name: "code",
    required: true,
    autocomplete: "one-time-code",
    autocapitalize: "characters",
    spellcheck: "false",
    placeholder: "ABCDE-FGHJK",
  });
  const codeError = h("p", { class: "error", id: "sign-in-code-error", hidden: !message }, message);
  const byCode = h(
    "form",
    { class: "card sign-in", id: "sign-in-by-code" },
    h("h1", {}, "Đăng nhập"),
    h("label", { for: "sign-in-code" }, "Mã đăng nhập"),
    code,
    h("p", { class: "muted" }, "Gửi #dangnhap tới Zalo OA của xã từ tài khoản Zalo cán bộ đã liên kết; mã đến ngay trong Zalo."),
    codeError,
    h("button", { type: "submit", class: "primary" }, "Đăng nhập"),
  );
  byCode.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await send("/session", { method: "POST", json: { code: code.value.trim() }, token: null });
      await start();
    } catch (err) {
      codeError.textContent = problemText(err);
      codeError.hidden = false;
    }
  });

  const input = h("input", { type: "password", id: "token", name: "token", required: true, autocomplete: "off", spellcheck: "false" });
  const error = h("p", { class: "error", id: "sign-in-error", hidden: true });
  const form = h(
    "form",
    { id: "sign-in" },
    h("label", { for: "token" }, "Mã truy cập (API token)"),
    input,
    error,
    h("button", { type: "submit" }, "Đăng nhập bằng mã truy cập"),
    h("p", { class: "muted" }, "Mã chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ."),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    try {
      await api("/me", { token });
      session.signIn(token);
      await start();
    } catch (err) {
      error.textContent = problemText(err);
      error.hidden = false;
    }
  });
  byId("nav").hidden = true;
  byId("who").hidden = true;
  show(byCode, h("details", { class: "card sign-in", id: "sign-in-token" }, h("summary", {}, "Quản trị viên: dùng mã truy cập"), form));
  code.focus();
}

/** Load who is signed in and the commune, then show the view the address names. */
async function start() {
  // Without a token the page may hold a session cookie from a sign-in code: /me tells.
  const hadToken = Boolean(session.token);
  try {
    const [me, { communes }] = await Promise.all([api("/me"), api("/communes")]);
    const commune = communes.length === 1 ? await api(`/commune?communeId=${encodeURIComponent(communes[0].id)}`) : PROVINCE;
    ctx = { me, commune, tiles: document.body.dataset.tiles ?? "" };
  } catch (err) {
    session.signOut();
    signInView(
      err instanceof ApiError && err.status === 401 && !hadToken ? "Phiên đăng nhập đã hết. Vui lòng đăng nhập lại." : problemText(err),
    );
    return;
  }
  const me = ctx.me;
  byId("who-name").textContent = `${me.name ?? ROLE[me.role] ?? me.role}${me.team?.name ? ` · ${me.team.name}` : ""}`;
  for (const a of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("#nav [data-right]")))
    a.hidden = !me.rights.includes(a.dataset.right ?? "");
  // The queue board is for the admin token only (not officers, whatever their role).
  byId("queues").hidden = me.id !== "admin";
  // Signed in with a code (a session cookie): every browser the officer signed in can be ended.
  byId("sign-out-all").hidden = Boolean(session.token);
  byId("nav").hidden = false;
  byId("who").hidden = false;
  await route();
}

/** The view of the current address. */
async function route() {
  hideToast();
  if (!ctx) return;
  const [path, search = ""] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(search);
  const home = ctx.commune !== PROVINCE ? "/cases" : ctx.me.rights.includes("fleet:read") ? "/fleet" : "/league";
  const parts = (path || home).split("/").filter(Boolean);
  for (const a of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("#nav a")))
    a.classList.toggle("active", a.dataset.view === parts[0]);
  const view = { ...ctx, show: claimMain() };
  try {
    if (parts[0] === "case" && parts[1]) await caseView(view, decodeURIComponent(parts[1]));
    else if (parts[0] === "map") await mapView(view, params);
    else if (parts[0] === "stats") await statsView(view, params);
    else if (parts[0] === "league") await leagueView(view, params);
    else if (parts[0] === "officers") await officersView(view);
    else if (parts[0] === "teams") await teamsView(view);
    else if (parts[0] === "privacy") await privacyView(view);
    else if (parts[0] === "fleet") await fleetView(view);
    else if (parts[0] === "intake") await intakeView(view);
    else await casesView(view, params);
  } catch (err) {
    if (err instanceof Error && "status" in err && err.status === 401) {
      session.signOut();
      signInView(problemText(err));
      return;
    }
    view.show(h("p", { class: "error" }, problemText(err)));
  }
}

byId("sign-out").addEventListener("click", () => {
  session.signOut();
  void send("/session", { method: "DELETE", token: null }).catch(() => undefined);
  // Ends the queue board's cookie too, if this tab opened the board.
  void fetch("/admin/queues/session", { method: "DELETE", credentials: "same-origin" }).catch(() => undefined);
  ctx = null;
  hideToast();
  location.hash = "";
  signInView();
});

byId("sign-out-all").addEventListener("click", async () => {
  try {
    await send("/sessions", { method: "DELETE" });
  } catch (err) {
    toast(problemText(err), "error");
    return;
  }
  ctx = null;
  location.hash = "";
  signInView("Đã đăng xuất khỏi mọi trình duyệt.");
});

// The admin reaches the queue board with a short-lived cookie the hotline sets for the admin
// token, so the token never appears in the board's address.
byId("queues").addEventListener("click", async () => {
  try {
    await send("/admin/queues/session", { method: "POST" });
    window.open("/admin/queues/", "_blank", "noopener");
  } catch (err) {
    toast(problemText(err), "error");
  }
});

window.addEventListener("hashchange", () => void route());

// An API token in this tab, or perhaps a session cookie from a sign-in code (which the page cannot read).
if (session.token) void start();
else
  void api("/session", { token: null })
    .then((s) => (s.signedIn ? start() : signInView()))
    .catch(() => signInView());
