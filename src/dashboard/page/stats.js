/**
 * Thống kê: the figures of `GET /api/v1/stats` for a period, as numbers and charts (Chart.js,
 * loaded when this view first opens), and the same figures as a CSV download. Every chart has
 * its table of figures beside it, the numbers formatted the Vietnamese way (66,43 %).
 */
import { api, download, problemText, query } from "./api.js";
import { h, toast } from "./dom.js";
import { CHANNEL, count, dayText, decimal, percent, STATUS, STATUS_COLOUR, today, wrapLabel } from "./format.js";
import { dayInput, readDays } from "./filters.js";

/** @type {Promise<void> | null} */
let chartJs = null;
/** Chart.js, served by the hotline from its npm package, loaded once. */
function loadChartJs() {
  chartJs ??= new Promise((resolve, reject) => {
    const s = h("script", { src: "/dashboard/vendor/chart.umd.min.js" });
    s.addEventListener("load", () => resolve());
    s.addEventListener("error", () => reject(new Error("Chart.js did not load")));
    document.head.append(s);
  });
  return chartJs;
}

/** @type {import("chart.js").Chart[]} */
let charts = [];

const BLUE = "#1565c0";
const PALETTE = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f"];

/**
 * A chart with its figures as a table.
 * @param {string} id
 * @param {string} title
 * @param {import("chart.js").ChartConfiguration} config
 * @param {[string, string][]} figures label → formatted value
 * @param {boolean} [stacked] the labels are stacked down the chart: each gets the room of its lines
 */
function chartCard(id, title, config, figures, stacked = false) {
  const canvas = h("canvas", { "aria-label": title, role: "img" });
  const box = h("div", { class: "canvas" }, canvas);
  const labels = config.data.labels ?? [];
  const lines = Math.max(1, ...labels.map((l) => (Array.isArray(l) ? l.length : 1)));
  const height = labels.length * (lines * 15 + 12) + 40;
  // Through the CSSOM (which the CSP allows): a long list of kinds must not squeeze its labels.
  if (stacked && height > 240) box.style.height = `${height}px`;
  const card = h(
    "figure",
    { class: "card chart", id },
    h("figcaption", {}, title),
    box,
    h(
      "table",
      { class: "figures" },
      h(
        "tbody",
        {},
        figures.map(([label, value]) => h("tr", {}, h("th", {}, label), h("td", {}, value))),
      ),
    ),
  );
  // Drawn once the card is in the page (Chart.js measures its box).
  requestAnimationFrame(() => {
    config.options = { responsive: true, maintainAspectRatio: false, locale: "vi-VN", animation: false, ...config.options };
    charts.push(new window.Chart(canvas, config));
  });
  return card;
}

/** An axis tick as a whole percentage ("80 %"). @param {number | string} v */
const pctTick = (v) => `${count(Number(v))}\u00a0%`;

/**
 * @param {import("./app.js").Ctx} ctx
 * @param {URLSearchParams} params
 */
export async function statsView(ctx, params) {
  const to = params.get("to") || today();
  const from = params.get("from") || `${to.slice(0, 4)}-01-01`;
  const [s] = await Promise.all([api(`/stats${query({ from, to })}`), loadChartJs()]);
  for (const c of charts) c.destroy();
  charts = [];

  const form = h(
    "form",
    { class: "filters", id: "period" },
    h("label", {}, "Từ ngày", dayInput("from", from, true)),
    h("label", {}, "Đến ngày", dayInput("to", to, true)),
    h("button", { type: "submit", class: "primary" }, "Xem"),
    h("button", { type: "button", id: "csv" }, "Tải CSV"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const days = readDays(form, ["from", "to"]);
    if (days) location.hash = `#/stats${query(days)}`;
  });
  form.querySelector("#csv")?.addEventListener("click", async () => {
    try {
      await download(`/stats${query({ from, to, format: "csv" })}`, `thong-ke-${from}-${to}.csv`);
    } catch (err) {
      toast(problemText(err), "error");
    }
  });

  const d = s.dossiers;
  const c = s.cases;
  const sat = c.satisfaction;
  /** @param {string} id @param {string} label @param {string} value @param {string} [note] */
  const kpi = (id, label, value, note = "") =>
    h(
      "div",
      { class: "kpi", id },
      h("span", { class: "label" }, label),
      h("strong", { class: "value" }, value),
      note ? h("span", { class: "muted" }, note) : null,
    );
  /** @param {{channel: string}} x */
  const channelName = (x) => CHANNEL[x.channel] ?? x.channel;

  ctx.show(
    form,
    h("h1", {}, `Thống kê từ ${dayText(from)} đến ${dayText(to)}`),
    h(
      "section",
      { class: "kpis", id: "kpis" },
      kpi("kpi-dossiers", "Hồ sơ tiếp nhận", count(d.total)),
      ...d.channels
        .filter((/** @type {{count: number}} */ x) => x.count > 0)
        .map((/** @type {{channel: string, count: number, percent: number | null}} */ x) =>
          kpi(`kpi-dossiers-${x.channel}`, `Hồ sơ ${channelName(x).toLowerCase()}`, percent(x.percent), `${count(x.count)} hồ sơ`),
        ),
      kpi("kpi-on-time", "Hồ sơ đúng hạn", percent(d.onTimeRate.percent), `${count(d.onTimeRate.onTime)} / ${count(d.onTimeRate.outOf)}`),
      kpi("kpi-cases", "Phản ánh", count(c.total), `${count(c.openPastSla.total)} đang quá hạn`),
      kpi("kpi-ack", "Tiếp nhận đúng hạn", percent(c.acknowledge.percent), `trung vị ${decimal(c.acknowledge.medianHours)} giờ`),
      kpi("kpi-resolve", "Xử lý đúng hạn", percent(c.resolve.percent), `trung vị ${decimal(c.resolve.medianHours)} giờ`),
      kpi(
        "kpi-rating",
        "Mức hài lòng",
        sat.ratings.mean === null ? "—" : `${decimal(sat.ratings.mean)} / 5`,
        `${count(sat.ratings.count)} lượt đánh giá`,
      ),
      kpi(
        "kpi-not-resolved",
        "Trả lời «Chưa»",
        percent(sat.answers.notResolvedPercent),
        `${count(sat.answers.notResolved)} / ${count(sat.answers.outOf)} câu trả lời`,
      ),
    ),
    h(
      "div",
      { class: "charts" },
      chartCard(
        "chart-channels",
        "Hồ sơ theo kênh tiếp nhận",
        {
          type: "doughnut",
          data: {
            labels: d.channels.map(channelName),
            datasets: [{ data: d.channels.map((/** @type {{count: number}} */ x) => x.count), backgroundColor: PALETTE }],
          },
          options: {
            plugins: {
              tooltip: {
                callbacks: {
                  label: (item) => `${item.label}: ${count(Number(item.raw))} (${percent(d.channels[item.dataIndex]?.percent ?? null)})`,
                },
              },
            },
          },
        },
        d.channels.map((/** @type {{channel: string, count: number, percent: number | null}} */ x) => [
          channelName(x),
          `${count(x.count)} · ${percent(x.percent)}`,
        ]),
      ),
      chartCard(
        "chart-on-time",
        "Tỉ lệ hồ sơ đúng hạn theo tháng",
        {
          type: "line",
          data: {
            labels: d.byMonth.map((/** @type {{month: string}} */ m) => m.month.split("-").reverse().join("/")),
            datasets: [
              {
                label: "Đúng hạn",
                data: d.byMonth.map((/** @type {{onTimeRate: {percent: number | null}}} */ m) => m.onTimeRate.percent),
                borderColor: BLUE,
                backgroundColor: BLUE,
              },
            ],
          },
          options: {
            scales: { y: { suggestedMin: 80, suggestedMax: 100, ticks: { callback: pctTick } } },
            plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => percent(Number(item.raw)) } } },
          },
        },
        d.byMonth.map((/** @type {{month: string, received: number, onTimeRate: {percent: number | null}}} */ m) => [
          m.month.split("-").reverse().join("/"),
          `${percent(m.onTimeRate.percent)} · ${count(m.received)} hồ sơ`,
        ]),
      ),
      chartCard(
        "chart-categories",
        "Phản ánh theo loại",
        {
          type: "bar",
          data: {
            // Long kinds ("Lấn chiếm đất công, hành lang đường bộ") on two lines, else Chart.js cuts them.
            labels: c.byCategory.map((/** @type {{name: string | null, id: string | null}} */ x) => wrapLabel(x.name ?? x.id ?? "—")),
            datasets: [{ label: "Phản ánh", data: c.byCategory.map((/** @type {{count: number}} */ x) => x.count), backgroundColor: BLUE }],
          },
          options: {
            indexAxis: "y",
            plugins: { legend: { display: false } },
            scales: { x: { ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
          },
        },
        c.byCategory.map((/** @type {{name: string | null, id: string | null, count: number}} */ x) => [
          x.name ?? x.id ?? "—",
          count(x.count),
        ]),
        true,
      ),
      chartCard(
        "chart-statuses",
        "Phản ánh theo trạng thái",
        {
          type: "bar",
          data: {
            labels: c.byStatus.map((/** @type {{status: string}} */ x) => wrapLabel(STATUS[x.status] ?? x.status, 10)),
            datasets: [
              {
                label: "Phản ánh",
                data: c.byStatus.map((/** @type {{count: number}} */ x) => x.count),
                backgroundColor: c.byStatus.map((/** @type {{status: string}} */ x) => STATUS_COLOUR[x.status] ?? BLUE),
              },
            ],
          },
          options: {
            plugins: { legend: { display: false } },
            scales: { x: { ticks: { autoSkip: false, maxRotation: 0 } }, y: { ticks: { precision: 0 } } },
          },
        },
        c.byStatus.map((/** @type {{status: string, count: number}} */ x) => [STATUS[x.status] ?? x.status, count(x.count)]),
      ),
      chartCard(
        "chart-sla",
        "Phản ánh đúng hạn (SLA)",
        {
          type: "bar",
          data: {
            labels: ["Tiếp nhận", "Xử lý"],
            datasets: [{ label: "Đúng hạn", data: [c.acknowledge.percent, c.resolve.percent], backgroundColor: ["#ef6c00", "#2e7d32"] }],
          },
          options: {
            scales: { y: { min: 0, max: 100, ticks: { callback: pctTick } } },
            plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => percent(Number(item.raw)) } } },
          },
        },
        [
          ["Tiếp nhận đúng hạn", `${percent(c.acknowledge.percent)} (${count(c.acknowledge.withinSla)} / ${count(c.acknowledge.outOf)})`],
          ["Xử lý đúng hạn", `${percent(c.resolve.percent)} (${count(c.resolve.withinSla)} / ${count(c.resolve.outOf)})`],
          ["Đang quá hạn", count(c.openPastSla.total)],
          ["Bị mở lại", count(c.reopened)],
          ...c.byChannel.map(
            (/** @type {{channel: string, count: number, percent: number | null}} */ x) =>
              /** @type {[string, string]} */ ([`Qua ${channelName(x)}`, `${count(x.count)} · ${percent(x.percent)}`]),
          ),
        ],
      ),
      chartCard(
        "chart-satisfaction",
        "Mức hài lòng của người phản ánh",
        {
          type: "bar",
          data: {
            labels: ["1 sao", "2 sao", "3 sao", "4 sao", "5 sao"],
            datasets: [{ label: "Lượt đánh giá", data: sat.ratings.byStars, backgroundColor: "#f9a825" }],
          },
          options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
        },
        [
          ["Số lượt đánh giá", count(sat.ratings.count)],
          ["Điểm trung bình", sat.ratings.mean === null ? "—" : `${decimal(sat.ratings.mean)} / 5`],
          ["Trả lời «Đã xử lý»", count(sat.answers.resolved)],
          ["Trả lời «Chưa»", `${count(sat.answers.notResolved)} · ${percent(sat.answers.notResolvedPercent)}`],
        ],
      ),
    ),
  );
  document.title = `Thống kê – ${ctx.commune.name}`;
}
