/**
 * Tài khoản OA: the communes' Zalo OAs for the province's IT team (`GET /api/v1/oa-fleet`; a
 * commune admin sees their own OA). The alert lines first (a failed token refresh, an expired or
 * missing token, an OA silent longer than its usual gap), then per OA: the token's expiry and
 * last refresh, the last event received and the last message sent, failed sends by Zalo's code,
 * and the consultation-message quota last read.
 */
import { api } from "./api.js";
import { h } from "./dom.js";
import { count, NONE, when } from "./format.js";
import { FLEET, span } from "./wording.js";

/**
 * @typedef {{kind: string, at?: string, code?: string | null, silentForSeconds?: number, usualGapSeconds?: number}} Alert
 * @typedef {{communeId: string, communeName: string, oaId: string | null,
 *   token: {stored: boolean, expiresAt: string | null, secondsToExpiry: number | null, lastRefreshAt: string | null, lastRefreshFailure: {at: string, code: string | null} | null, refreshFailures: number},
 *   events: {received: number, lastAt: string | null}, silence: {silentForSeconds: number | null, usualGapSeconds: number | null, spells: number},
 *   sent: {messages: number, lastAt: string | null}, failures: {byCode: {code: string, count: number}[], lastAt: string | null, lastCode: string | null},
 *   quota: {remain: number, total: number, checkedAt: string} | null, quotaError: {code: string, at: string} | null, alerts: Alert[]}} Oa
 */

/** A cell of lines: the first as it is, the others smaller. @param {...(string | null)} lines */
function lines(...lines) {
  const [first, ...rest] = lines.filter((l) => l !== null);
  return [first ?? NONE, ...rest.map((l) => h("span", { class: "muted count" }, l))];
}

/** @param {Oa} o */
function tokenCells(o) {
  const t = o.token;
  const expiry = !t.stored
    ? lines("Chưa có token")
    : t.expiresAt === null
      ? lines("Không rõ", "token nạp từ cấu hình, chưa làm mới")
      : lines(when(t.expiresAt), t.secondsToExpiry !== null && t.secondsToExpiry > 0 ? `còn ${span(t.secondsToExpiry)}` : "đã hết hạn");
  const failure = t.lastRefreshFailure;
  const refresh = lines(
    t.lastRefreshAt ? when(t.lastRefreshAt) : "Chưa làm mới",
    failure ? `lần hỏng gần nhất: ${when(failure.at)}${failure.code ? ` (mã ${failure.code})` : ""}` : null,
  );
  return [h("td", { class: "token-expiry" }, expiry), h("td", { class: "token-refresh" }, refresh)];
}

/** @param {Oa} o */
function eventCell(o) {
  const s = o.silence;
  return h(
    "td",
    { class: "last-event" },
    lines(
      o.events.lastAt ? when(o.events.lastAt) : "Chưa có",
      `${count(o.events.received)} sự kiện`,
      s.silentForSeconds !== null ? `lặng ${span(s.silentForSeconds)}` : null,
      s.usualGapSeconds !== null
        ? `khoảng lặng dài nhất gần đây ${span(s.usualGapSeconds)}`
        : `chưa đủ dữ liệu (${s.spells}/10 khoảng lặng)`,
    ),
  );
}

/** @param {Oa} o */
function failuresCell(o) {
  if (!o.failures.byCode.length) return h("td", { class: "failures" }, "Không có");
  return h(
    "td",
    { class: "failures" },
    h(
      "ul",
      { class: "plain" },
      o.failures.byCode.map((f) =>
        h("li", { "data-code": f.code }, `${f.code === "other" ? "" : `${f.code} `}${FLEET.codes[f.code] ?? f.code}: ${count(f.count)}`),
      ),
    ),
    o.failures.lastAt ? h("span", { class: "muted count" }, `gần nhất ${when(o.failures.lastAt)}`) : null,
  );
}

/** @param {Oa} o */
function quotaCell(o) {
  if (o.quotaError) return h("td", { class: "quota" }, lines(`Không đọc được (mã ${o.quotaError.code})`, `lúc ${when(o.quotaError.at)}`));
  if (!o.quota) return h("td", { class: "quota" }, lines("Chưa đọc"));
  return h("td", { class: "quota" }, lines(`${count(o.quota.remain)}/${count(o.quota.total)}`, `lúc ${when(o.quota.checkedAt)}`));
}

/** @param {import("./app.js").Ctx} ctx */
export async function fleetView(ctx) {
  /** @type {{asOf: string, oas: Oa[], unknownOaEvents: number | null}} */
  const f = await api("/oa-fleet");
  const alerts = f.oas.flatMap((o) =>
    o.alerts.map((a) =>
      h(
        "li",
        { class: `alert ${a.kind}`, "data-commune": o.communeId, "data-kind": a.kind },
        h("strong", {}, `${o.communeName}: `),
        FLEET.alert(a, when),
      ),
    ),
  );
  const rows = f.oas.map((o) =>
    h(
      "tr",
      { "data-commune": o.communeId, class: o.alerts.length ? "has-alert" : "" },
      h("th", { scope: "row" }, o.communeName, h("span", { class: "muted count" }, o.oaId ? `OA ${o.oaId}` : "OA chưa khai báo")),
      tokenCells(o),
      eventCell(o),
      h("td", { class: "last-sent" }, lines(o.sent.lastAt ? when(o.sent.lastAt) : "Chưa gửi", `${count(o.sent.messages)} tin`)),
      failuresCell(o),
      quotaCell(o),
    ),
  );
  ctx.show(
    h("h1", {}, FLEET.title),
    alerts.length
      ? h("ul", { id: "fleet-alerts", class: "warning alerts" }, alerts)
      : h("p", { id: "fleet-alerts", class: "muted" }, FLEET.noAlerts),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "fleet", class: "league fleet" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Xã, phường", "Token hết hạn", "Làm mới token", "Sự kiện cuối", "Tin gửi cuối", "Lỗi gửi theo mã", "Hạn mức tin tư vấn"].map(
              (t) => h("th", {}, t),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    f.unknownOaEvents
      ? h("p", { id: "unknown-oa" }, `${count(f.unknownOaEvents)} sự kiện đến từ OA không thuộc xã nào (chưa khai báo hoặc đã gỡ).`)
      : h("div", { hidden: true }),
    h("p", { class: "muted" }, `Số liệu lúc ${when(f.asOf)}. ${FLEET.usualGap}`),
  );
  document.title = `${FLEET.title} – ${ctx.commune.name}`;
}
