import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (no browser download): `.ci/run` installs the
 * `chromium` package. The flags keep it off the network it would otherwise call at start.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where the browser tests leave their screenshots and measures (gitignored). */
export const ARTIFACTS = path.resolve("test-artifacts/dashboard");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** What a page asked for beyond the hotline, what went wrong in it, and what it loaded. */
export interface Watch {
  /** Requests to anything but 127.0.0.1 (aborted: this machine has no outside network in tests). */
  outside: { url: string; type: string }[];
  /** Console errors and CSP violations (tile failures excepted: tiles may not load). */
  problems: string[];
  /** Bytes received (headers + encoded body) by URL at its first load: the page's cold weight. */
  received: Map<string, number>;
}

/**
 * A browser context (Vietnamese, a desk's screen, unless `opts` says otherwise) whose every request is checked: those leaving 127.0.0.1 are recorded and
 * aborted, so a script, style or font from a CDN would show up here instead of loading.
 */
export async function watchedContext(
  browser: Browser,
  tileHost: string,
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; watch: Watch }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    locale: opts.locale ?? "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    acceptDownloads: true,
  });
  const watch: Watch = { outside: [], problems: [], received: new Map() };
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    watch.outside.push({ url: url.href, type: route.request().resourceType() });
    return route.abort("internetdisconnected");
  });
  // Runs in the page (its globals, not Node's: hence the narrow type).
  await context.addInitScript(() => {
    type Violation = { violatedDirective: string; blockedURI: string };
    const page = globalThis as unknown as { document: { addEventListener(type: string, listener: (e: Violation) => void): void } };
    page.document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  context.on("page", (page) => watchPage(page, watch, tileHost));
  return { context, watch };
}

function watchPage(page: Page, watch: Watch, tileHost: string): void {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const at = m.location().url;
    if (at && new URL(at).host.endsWith(tileHost)) return;
    watch.problems.push(`[${page.url()}] ${m.text()} (${at})`);
  });
  page.on("pageerror", (err) => watch.problems.push(`[${page.url()}] page error: ${err.message}`));
  page.on("requestfinished", (req) => {
    if (watch.received.has(req.url())) return;
    watch.received.set(req.url(), 0);
    void req.sizes().then((s) => watch.received.set(req.url(), s.responseHeadersSize + s.responseBodySize));
  });
}

/** A full-page screenshot kept as a test artifact. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The chart labels Chart.js drew outside its canvas, or left out to make room (a category axis
 * skipping some): one line per such label, empty when every label shows whole.
 */
export async function cutChartLabels(page: Page): Promise<string[]> {
  // Runs in the page: Chart.js's objects, typed as narrowly as this check reads them.
  return page.evaluate(() => {
    type Item = {
      label: string | string[];
      font: { string: string; lineHeight: number };
      options: { translation: [number, number]; rotation: number; textAlign: string };
    };
    type Scale = { id: string; type: string; ticks: unknown[]; getLabelItems(): Item[]; isHorizontal(): boolean };
    type Box = { left: number; width: number };
    type Chart = {
      width: number;
      data: { labels?: unknown[] };
      scales: Record<string, Scale>;
      legend?: { options: { display: boolean }; legendHitBoxes?: Box[] };
    };
    type Canvas = {
      closest(selector: string): { id: string } | null;
      getContext(kind: "2d"): { font: string; measureText(text: string): { width: number } };
    };
    const page = globalThis as unknown as {
      Chart: { getChart(canvas: Canvas): Chart | undefined };
      document: { querySelectorAll(selector: string): ArrayLike<Canvas> };
    };
    const cut: string[] = [];
    for (const canvas of Array.from(page.document.querySelectorAll(".chart canvas"))) {
      const chart = page.Chart.getChart(canvas);
      const id = canvas.closest(".chart")?.id ?? "?";
      if (!chart) {
        cut.push(`${id}: no chart`);
        continue;
      }
      const measure = canvas.getContext("2d");
      for (const scale of Object.values(chart.scales)) {
        const labels = chart.data.labels?.length ?? 0;
        if (scale.type === "category" && scale.ticks.length < labels)
          cut.push(`${id} ${scale.id}: ${scale.ticks.length} of ${labels} labels shown`);
        // Each label's extent across the scale's direction, to find neighbours that overlap.
        const spans: [number, number, string][] = [];
        for (const item of scale.getLabelItems()) {
          if (item.options.rotation) continue;
          measure.font = item.font.string;
          const lines = Array.isArray(item.label) ? item.label : [item.label];
          const width = Math.max(...lines.map((l) => measure.measureText(String(l)).width));
          const x = item.options.translation[0];
          const left = item.options.textAlign === "right" ? x - width : item.options.textAlign === "center" ? x - width / 2 : x;
          const height = lines.length * item.font.lineHeight;
          const y = item.options.translation[1];
          spans.push(scale.isHorizontal() ? [left, left + width, lines.join(" ")] : [y - height / 2, y + height / 2, lines.join(" ")]);
          if (left < -0.5 || left + width > chart.width + 0.5)
            cut.push(`${id} ${scale.id}: "${lines.join(" ")}" spans ${Math.round(left)}–${Math.round(left + width)} of ${chart.width}`);
        }
        spans.sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++)
          if (spans[i]![0] < spans[i - 1]![1] - 0.5) cut.push(`${id} ${scale.id}: "${spans[i - 1]![2]}" overlaps "${spans[i]![2]}"`);
      }
      if (chart.legend?.options.display)
        for (const b of chart.legend.legendHitBoxes ?? [])
          if (b.left < -0.5 || b.left + b.width > chart.width + 0.5)
            cut.push(`${id} legend: ${Math.round(b.left)}+${Math.round(b.width)} of ${chart.width}`);
    }
    return cut;
  });
}

/** The page's scroll width beside its width: the phone test's measure (no horizontal scroll when not wider). */
export async function scrollMeasure(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number; clientWidth: number } } }).document
      .scrollingElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
}

/** Show the sign-in page's API-token form (folded away under the sign-in code's). */
export async function openTokenForm(page: Page): Promise<void> {
  await page.waitForSelector("#sign-in-token");
  await page.$eval("#sign-in-token", (d) => void ((d as unknown as { open: boolean }).open = true));
}
