/**
 * `npm run screenshot`: the README's picture of the dashboard (docs/dashboard.png), taken the
 * way the browser test sees it — the seeded hotline in this process, Debian's Chromium, the
 * admin signed in on the map. Needs Redis and PostgreSQL like the tests. Map tiles are not
 * fetched (this machine may have no outside network), so the picture shows the map as it is
 * without tiles: the areas and the cases.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchChromium, watchedContext } from "./browser.js";
import { ADMIN_TOKEN, seedDashboard } from "./fixture.js";

const OUT = path.resolve("docs/dashboard.png");

process.env.NODE_ENV ??= "test";
const seeded = await seedDashboard();
const browser = await launchChromium();
try {
  const { context } = await watchedContext(browser, "tile.openstreetmap.org");
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.goto(`${seeded.h.url}/dashboard`);
  await page.fill("#token", ADMIN_TOKEN);
  await page.click("#sign-in button[type=submit]");
  await page.waitForSelector("#cases");
  await page.goto(`${seeded.h.url}/dashboard#/map`);
  await page.waitForSelector("#map path.marker");
  mkdirSync(path.dirname(OUT), { recursive: true });
  await page.screenshot({ path: OUT });
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
} finally {
  await browser.close();
  await seeded.stop();
}
