import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createOfficer } from "../../src/officers/create-officer.js";
import { keepScreenshot, launchChromium, openTokenForm, scrollMeasure, type Watch, watchedContext } from "./browser.js";
import { testEnv } from "../support/env.js";
import type { Harness } from "../support/harness.js";
import { OA_B, provinceOfTwo } from "../support/province.js";
import { startProvince } from "../support/province-harness.js";
import { SANDBOX } from "../support/sign.js";

/**
 * Issue 24's "done when": the fleet page shows a failed refresh. A province of two communes, the
 * whole hotline and the fake Zalo; Zalo refuses the refresh of commune A's token when a citizen's
 * reply needs it, and the page the province's IT team opens says so on A's alert line, with
 * Zalo's code. A commune admin sees their own OA only; the page fits a phone.
 */
const TILE_HOST = "tile.openstreetmap.org";

describe("the OA fleet page in a browser (Chromium, whole hotline, fake Zalo)", function () {
  this.timeout(120_000);
  const { a, b } = provinceOfTwo();
  let h: Harness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watches: Watch[] = [];
  let communeAdminA: string;

  before(async () => {
    [h, browser] = await Promise.all([startProvince([a, b]), launchChromium()]);
    communeAdminA = (await createOfficer(h.db, a.id, { id: "fleet-cadmin", name: "Quản trị Kiều Phú", role: "commune_admin" })).token;
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await h?.stop();
  });

  const open = async (token: string, viewport?: { width: number; height: number }): Promise<Page> => {
    const { context, watch } = await watchedContext(browser, TILE_HOST, viewport ? { viewport } : {});
    contexts.push(context);
    watches.push(watch);
    const page = await context.newPage();
    await page.goto(`${h.url}/dashboard#/fleet`);
    await openTokenForm(page);
    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector("#fleet");
    return page;
  };
  const rowsOf = (page: Page) => page.$$eval("#fleet tbody tr", (tr) => tr.map((r) => r.getAttribute("data-commune")));

  it("the province's IT team: every OA, no alert while both are well", async () => {
    await h.citizen(undefined, OA_B).send("giờ làm việc");
    const page = await open(testEnv().ADMIN_TOKEN!);
    expect(await rowsOf(page)).to.deep.equal([a.id, b.id]);
    expect(await page.textContent("#fleet-alerts")).to.contain("Không có cảnh báo");
    expect(await page.textContent(`#fleet tr[data-commune="${b.id}"] td.last-event`)).to.contain("1 sự kiện");
    expect(await page.textContent(`#fleet tr[data-commune="${a.id}"] td.token-expiry`)).to.contain("token nạp từ cấu hình");
    await keepScreenshot(page, "fleet-1-well");
  });

  it("shows a failed refresh: Zalo refuses A's token refresh, A's alert line says so with Zalo's code", async () => {
    const page = await open(testEnv().ADMIN_TOKEN!);
    const refreshes = h.zalo.refreshCount;
    h.zalo.expireAccessToken();
    h.zalo.refuseRefreshes = true;
    // A citizen writes to A: the reply finds the token refused, and its refresh refused.
    const { status } = await h.post({ type: "text", text: "giờ làm việc" }, "5210000000000555001", undefined, SANDBOX.oaId);
    expect(status).to.equal(200);
    const deadline = Date.now() + 10_000;
    while (h.zalo.refreshCount === refreshes) {
      if (Date.now() > deadline) throw new Error("no refresh was attempted");
      await new Promise((r) => setTimeout(r, 20));
    }
    // The page as the team opens it next.
    const alert = `#fleet-alerts li[data-commune="${a.id}"][data-kind="token_refresh_failed"]`;
    for (let tries = 0; !(await page.$(alert)); tries++) {
      if (tries > 50) throw new Error(`no alert line; the page says: ${await page.textContent("#fleet-alerts")}`);
      await page.reload();
      await page.waitForSelector("#fleet");
    }
    const line = await page.textContent(alert);
    expect(line).to.contain("Xã Kiều Phú").and.contain("Làm mới token thất bại").and.contain("mã lỗi Zalo -14014");
    expect(await page.$$eval("#fleet-alerts li", (li) => li.map((x) => x.getAttribute("data-commune")))).to.deep.equal([a.id]);
    expect(await page.getAttribute(`#fleet tr[data-commune="${a.id}"]`, "class")).to.contain("has-alert");
    expect(await page.textContent(`#fleet tr[data-commune="${a.id}"] td.token-refresh`)).to.contain("(mã -14014)");
    await keepScreenshot(page, "fleet-2-refresh-failed");
  });

  it("a commune admin sees their own OA, on a phone without sideways scroll", async () => {
    const page = await open(communeAdminA, { width: 390, height: 844 });
    expect(await rowsOf(page)).to.deep.equal([a.id]);
    expect(await page.isVisible(`#fleet-alerts li[data-commune="${a.id}"]`)).to.equal(true);
    const m = await scrollMeasure(page);
    expect(m.scrollWidth, `${m.scrollWidth} px wide in ${m.clientWidth}`).to.be.at.most(m.clientWidth);
    await keepScreenshot(page, "fleet-3-phone");
  });

  it("no error or CSP violation", () => {
    const problems = watches.flatMap((w) => w.problems);
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });
});
