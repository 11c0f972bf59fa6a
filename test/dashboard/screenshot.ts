/**
 * `npm run screenshot`: the README's pictures of the dashboard, taken the way the browser tests
 * see it — the seeded hotline in this process, Debian's Chromium, the admin signed in:
 * docs/dashboard.png (the map on a desk's screen, with the tabs and the filters) and
 * docs/dashboard-phone.png ("Tiếp nhận", the form an officer on a call fills in on a phone). Needs
 * Redis and PostgreSQL like the tests. Map tiles are not fetched (this machine may have no
 * outside network), so the pictures show the map as it is without tiles: the areas and the cases.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchChromium, watchedContext, openTokenForm } from "./browser.js";
import { ADMIN_TOKEN, seedDashboard } from "./fixture.js";

const DESK = { file: path.resolve("docs/dashboard.png"), size: { width: 1280, height: 760 } };
/** The phone of the intake test (test/dashboard/intake.test.ts). */
const PHONE = { file: path.resolve("docs/dashboard-phone.png"), size: { width: 390, height: 844 } };

process.env.NODE_ENV ??= "test";
const seeded = await seedDashboard();
const browser = await launchChromium();
try {
  const { context } = await watchedContext(browser, "tile.openstreetmap.org");
  const page = await context.newPage();
  await page.setViewportSize(DESK.size);
  await page.goto(`${seeded.h.url}/dashboard`);
  await openTokenForm(page);
  await page.fill("#token", ADMIN_TOKEN);
  await page.click("#sign-in button[type=submit]");
  await page.waitForSelector("#cases");
  await page.goto(`${seeded.h.url}/dashboard#/map`);
  await page.waitForSelector("#map path.marker");
  mkdirSync(path.dirname(DESK.file), { recursive: true });
  await page.screenshot({ path: DESK.file });
  console.log(`wrote ${path.relative(process.cwd(), DESK.file)}`);

  await page.setViewportSize(PHONE.size);
  await page.click("#nav a[data-view=intake]");
  await page.waitForSelector("#intake #intake-map.leaflet-container");
  await page.screenshot({ path: PHONE.file });
  console.log(`wrote ${path.relative(process.cwd(), PHONE.file)}`);
} finally {
  await browser.close();
  await seeded.stop();
}
