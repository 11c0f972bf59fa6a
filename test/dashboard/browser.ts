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
 * A browser context whose every request is checked: those leaving 127.0.0.1 are recorded and
 * aborted, so a script, style or font from a CDN would show up here instead of loading.
 */
export async function watchedContext(browser: Browser, tileHost: string): Promise<{ context: BrowserContext; watch: Watch }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: "vi-VN",
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
