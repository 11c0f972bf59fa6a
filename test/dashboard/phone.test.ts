import path from "node:path";
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DATE } from "../../src/dashboard/page/wording.js";
import {
  ARTIFACTS,
  cutChartLabels,
  keepScreenshot,
  launchChromium,
  scrollMeasure,
  type Watch,
  watchedContext,
  openTokenForm,
} from "./browser.js";
import { ADMIN_TOKEN, type Seeded, seedDashboard } from "./fixture.js";
import { textOf } from "../support/harness.js";

/**
 * The dashboard where officers use it away from a desk, in a real browser (Debian's Chromium):
 * at a phone's 390 px the case list is cards with the deadline and the code on one line, and no
 * page scrolls sideways; in a browser set to English, every day is still shown and typed
 * dd/mm/yyyy.
 */

const TILE_HOST = "tile.openstreetmap.org";
/** A phone held in one hand (the intake test's). */
const PHONE = { width: 390, height: 844 };

describe("dashboard on a phone and in an English browser (Chromium, whole hotline)", function () {
  this.timeout(180_000);
  let seeded: Seeded;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watches: Watch[] = [];

  before(async () => {
    [seeded, browser] = await Promise.all([seedDashboard(), launchChromium()]);
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await seeded?.stop();
  });

  const url = (p: string) => `${seeded.h.url}${p}`;
  const open = async (token: string, opts: Parameters<typeof watchedContext>[2]): Promise<Page> => {
    const { context, watch } = await watchedContext(browser, TILE_HOST, opts);
    contexts.push(context);
    watches.push(watch);
    const page = await context.newPage();
    await page.goto(url("/dashboard"));
    await openTokenForm(page);
    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector("#cases");
    return page;
  };
  const noSidewaysScroll = async (page: Page, what: string) => {
    const m = await scrollMeasure(page);
    expect(m.scrollWidth, `${what}: ${m.scrollWidth} px wide in ${m.clientWidth}`).to.be.at.most(m.clientWidth);
  };

  describe("at 390 px", () => {
    let page: Page;
    before(async () => {
      page = await open(seeded.officerToken, { viewport: PHONE });
    });

    it("the case list is cards: no sideways scroll, every deadline in view, every code on one line", async () => {
      await noSidewaysScroll(page, "case list");
      expect(await page.isVisible("#cases thead")).to.equal(false);
      // Runs in the page: its elements, typed as narrowly as this check reads them.
      type Rect = { left: number; right: number; width: number; height: number };
      type El = { getBoundingClientRect(): Rect; getClientRects(): { length: number }; textContent: string | null };
      type Row = El & { getAttribute(name: string): string | null; querySelector(selector: string): El | null };
      // (No named function inside: the page has not the helper tsx names them with.)
      const cards = await page.$$eval("#cases tbody tr", (rows) =>
        (rows as unknown as Row[]).map((r) => {
          const code = r.querySelector("td.code a");
          const [row, deadline, codeBox] = [r, r.querySelector("td.deadline"), code].map((el) => {
            const b = el?.getBoundingClientRect();
            return b ? { left: b.left, right: b.right, width: b.width, height: b.height } : null;
          });
          return {
            code: r.getAttribute("data-code"),
            row,
            deadline,
            deadlineText: r.querySelector("td.deadline")?.textContent ?? "",
            codeLines: code ? code.getClientRects().length : 0,
            codeBox,
          };
        }),
      );
      expect(cards.length).to.be.greaterThan(5);
      for (const c of cards) {
        expect(c.row!.right, `${c.code} card`).to.be.at.most(PHONE.width);
        expect(c.deadline!.width, `${c.code} deadline`).to.be.greaterThan(0);
        expect(c.deadline!.left, `${c.code} deadline`).to.be.at.least(0);
        expect(c.deadline!.right, `${c.code} deadline`).to.be.at.most(PHONE.width);
        expect(c.deadlineText, `${c.code} deadline`).to.match(/^(—|\d{2}\/\d{2}\/\d{4})/);
        expect(c.codeLines, `${c.code} on one line`).to.equal(1);
        expect(c.codeBox!.right, `${c.code} code`).to.be.at.most(PHONE.width);
      }
      // The card names its deadline (the table's header is not shown).
      const label = await page.$eval(
        "#cases tbody tr td.deadline",
        (td) =>
          (globalThis as unknown as { getComputedStyle(el: unknown, pseudo: string): { content: string } }).getComputedStyle(td, "::before")
            .content,
      );
      expect(label).to.equal('"Hạn: "');
      // The overdue case still stands out, with its deadline.
      expect(await page.textContent(`#cases tr[data-code="${seeded.overdue}"] td.deadline`)).to.contain("Quá hạn");
      await keepScreenshot(page, "phone-1-cases");
    });

    it("a case, the map and the filtered list fit the phone too", async () => {
      await page.click(`#cases a:text("${seeded.proved}")`);
      await page.waitForSelector("#photos-proof .photo img");
      await noSidewaysScroll(page, "case page");
      await keepScreenshot(page, "phone-2-case");
      await page.click("#nav a[data-view=map]");
      await page.waitForSelector("#map .area-count");
      await noSidewaysScroll(page, "map");
      await page.goto(url("/dashboard#/cases?overdue=true"));
      await page.waitForSelector(`#cases tr[data-code="${seeded.overdue}"]`);
      await noSidewaysScroll(page, "filtered list");
    });

    it("statistics for the admin: no sideways scroll, no chart label cut", async () => {
      await page.click("#sign-out");
      await openTokenForm(page);
      await page.fill("#token", ADMIN_TOKEN);
      await page.click("#sign-in button[type=submit]");
      await page.waitForSelector("#cases");
      await noSidewaysScroll(page, "admin's case list");
      await page.goto(url("/dashboard#/stats?from=2025-01-01&to=2025-12-31"));
      await page.waitForSelector("#chart-satisfaction canvas");
      await page.waitForFunction(() => {
        const w = globalThis as unknown as {
          Chart: { getChart(c: unknown): unknown };
          document: { querySelectorAll(s: string): ArrayLike<unknown> };
        };
        return Array.from(w.document.querySelectorAll(".chart canvas")).every((c) => w.Chart.getChart(c));
      });
      await noSidewaysScroll(page, "statistics");
      expect(await cutChartLabels(page)).to.deep.equal([]);
      await keepScreenshot(page, "phone-3-stats");
      await page.locator("#chart-categories").screenshot({ path: path.join(ARTIFACTS, "phone-3-stats-categories.png") });
    });

    it("the communes' league table: the shares with their counts, the formulas, no sideways scroll of the page", async () => {
      await page.click("#nav a[data-view=league]");
      await page.waitForSelector("#league tr.province");
      await noSidewaysScroll(page, "league table");
      const rows = await page.$$eval("#league tbody tr", (tr) => tr.map((r) => (r as unknown as { className: string }).className));
      expect(rows).to.deep.equal(["", "province", "median"]);
      const formulas = await page.$$eval("#formulas li", (li) => li.map((x) => x.textContent ?? ""));
      expect(formulas).to.have.length(6);
      expect(formulas[2]).to.match(/^Tỷ lệ đúng hạn = /);
      // Another month is chosen from the list, by month and year.
      await page.selectOption("#month", { index: 1 });
      await page.click("#league-month button[type=submit]");
      await page.waitForURL(/#\/league\?month=\d{4}-\d{2}/);
      await page.waitForSelector("#league tr.province");
      await keepScreenshot(page, "phone-4-league");
    });

    it("the OA fleet page: its table scrolls in its box, never the page", async () => {
      await page.click("#nav a[data-view=fleet]");
      await page.waitForSelector("#fleet tbody tr");
      await noSidewaysScroll(page, "OA fleet");
      await keepScreenshot(page, "phone-5-fleet");
    });
  });

  describe("an officer who signs in with the code from #dangnhap", () => {
    it("types the code Zalo sent, works signed in by the session cookie, signs out", async () => {
      const { context, watch } = await watchedContext(browser, TILE_HOST, { viewport: PHONE });
      contexts.push(context);
      watches.push(watch);
      const page = await context.newPage();
      await page.goto(url("/dashboard"));
      await page.waitForSelector("#sign-in-code");
      // Trần Thị Lan's Zalo also gets the seeded cases' notices: the code is in the answer to #dangnhap.
      const lan = seeded.h.citizen("5210000000000000002");
      lan.unread();
      let sent = textOf(await lan.sendAndWait("#dangnhap"));
      while (!sent.includes("Mã đăng nhập")) sent = textOf(await lan.waitForReplies(1));
      const code = /Mã đăng nhập trang quản lý: ([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(sent)![1]!;
      await page.fill("#sign-in-code", code);
      await page.click("#sign-in-by-code button[type=submit]");
      await page.waitForSelector("#cases");
      expect(await page.textContent("#who-name")).to.contain("Trần Thị Lan");
      expect(await page.isVisible("#sign-out-all")).to.equal(true);
      // The session is a cookie the page cannot read, and it survives a reload.
      expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).to.equal("");
      await page.reload();
      await page.waitForSelector("#cases");
      await page.click("#sign-out");
      await page.waitForSelector("#sign-in-code");
      await page.reload();
      await page.waitForSelector("#sign-in-code");
      expect(await page.isVisible("#sign-in-code-error")).to.equal(false);
    });
  });

  describe("in a browser set to English", () => {
    let page: Page;
    before(async () => {
      page = await open(ADMIN_TOKEN, { locale: "en-US" });
    });

    it("is an English browser (the native date field would write mm/dd/yyyy)", async () => {
      expect(await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language)).to.equal(
        "en-US",
      );
    });

    it("shows the filters' days and every deadline dd/mm/yyyy, and reads a typed dd/mm/yyyy", async () => {
      // (Only the address's fragment changes: wait for the list it names, not the one before.)
      await page.goto(url("/dashboard#/cases?from=2025-10-01"));
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector(
            "#filters input[name=from]",
          )?.value,
      );
      expect(await page.$$("input[type=date]")).to.have.length(0);
      expect(await page.inputValue("#filters input[name=from]")).to.equal("01/10/2025");
      expect(await page.getAttribute("#filters input[name=from]", "placeholder")).to.equal("dd/mm/yyyy");
      const deadlines = await page.$$eval("#cases td.deadline", (td) => td.map((x) => x.textContent ?? ""));
      expect(deadlines.length).to.be.greaterThan(0);
      for (const d of deadlines) expect(d).to.match(/^(—|\d{2}\/\d{2}\/\d{4})/);
      await page.fill("#filters input[name=to]", "31/12/2025");
      await page.click("#filters button[type=submit]");
      await page.waitForURL(/from=2025-10-01&to=2025-12-31/);
      expect(await page.inputValue("#filters input[name=to]")).to.equal("31/12/2025");
      // The English order is refused with a word, not read the wrong way round.
      // After the list of the last filter has been drawn (it draws the filters again).
      await page.waitForSelector("#cases td.deadline");
      await page.fill("#filters input[name=to]", "12/31/2025");
      await page.click("#filters button[type=submit]");
      await page.waitForFunction(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { validationMessage: string } | null } }).document;
        return (doc.querySelector("#filters input[name=to]")?.validationMessage ?? "") !== "";
      });
      expect(
        await page.$eval("#filters input[name=to]", (i) => (i as unknown as { validationMessage: string }).validationMessage),
      ).to.equal(DATE.invalid);
      expect(page.url()).to.contain("to=2025-12-31");
    });

    it("the statistics period typed dd/mm/yyyy; a case's times dd/mm/yyyy", async () => {
      await page.click("#nav a[data-view=stats]");
      await page.waitForSelector("#period");
      await page.fill("#period input[name=from]", "1/1/2025");
      await page.fill("#period input[name=to]", "31/12/2025");
      await page.click("#period button[type=submit]");
      await page.waitForURL(/#\/stats\?from=2025-01-01&to=2025-12-31/);
      await page.waitForSelector("h1:text('Thống kê từ 01/01/2025 đến 31/12/2025')");
      expect(await page.inputValue("#period input[name=from]")).to.equal("01/01/2025");
      await page.goto(url(`/dashboard#/case/${seeded.proved}`));
      await page.waitForSelector(`#case[data-code="${seeded.proved}"]`);
      const times = await page.$$eval("#timeline time", (t) => t.map((x) => x.textContent ?? ""));
      for (const t of times) expect(t).to.match(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    });

    it("no error or CSP violation in either browser", () => {
      const problems = watches.flatMap((w) => w.problems);
      expect(problems, problems.join("\n")).to.deep.equal([]);
    });
  });
});
