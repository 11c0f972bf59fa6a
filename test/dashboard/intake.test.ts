import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { getCase } from "../../src/cases/case-queries.js";
import { testEnv } from "../support/env.js";
import { Harness } from "../support/harness.js";
import { keepScreenshot, launchChromium, type Watch, watchedContext, openTokenForm } from "./browser.js";
import { samplePng } from "../support/sample-png.js";

/**
 * "Tiếp nhận phản ánh" in a real browser at a phone's size (Debian's Chromium, the whole hotline,
 * a fake Zalo): an officer on a call taps the kind of violation and the village (or the map),
 * writes what the caller says, adds a photo and the caller's number (or "Ẩn danh"), and reads the
 * code back; the team gets the case on Zalo as if it came from the chat.
 */

const ADMIN = testEnv().ADMIN_TOKEN!;
const BAC_OFFICER = "5210000000000000002";
/** A phone held in one hand. */
const PHONE = { width: 390, height: 844 };

describe("dashboard: taking a report by phone (Chromium at a phone's size, whole hotline, fake Zalo)", function () {
  this.timeout(120_000);
  let h: Harness;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let watch: Watch;
  let page: Page;
  let token: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "dashboard-intake-"));
    [h, browser] = await Promise.all([Harness.start({ env: { DATA_DIR: dataDir } }), launchChromium()]);
    // An officer of the southern team answers the hotline: the place decides who gets the case.
    const res = await fetch(`${h.url}/api/v1/officers/do-thu-trang/token`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    token = String(((await res.json()) as { token: string }).token);
    ({ context, watch } = await watchedContext(browser, "tile.openstreetmap.org"));
    page = await context.newPage();
    await page.setViewportSize(PHONE);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await h?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("opens from the menu, fits a phone's width, every choice a thumb-sized target", async () => {
    await page.goto(`${h.url}/dashboard`);
    await openTokenForm(page);
    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
    await page.click("#nav a[data-view=intake]");
    await page.waitForSelector("#intake #intake-map.leaflet-container");
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      ),
    ).to.be.at.most(PHONE.width);
    const targets = await page.$$eval("#intake .pill span, #intake-submit", (els) =>
      els.map((e) => [e.textContent, Math.round(e.getBoundingClientRect().height)] as const),
    );
    // Source, kinds of violation, villages, the photo, "Ẩn danh", the send button.
    expect(targets.length).to.equal(2 + h.commune.categories.length + h.commune.areas.features.length + 1 + 1 + 1 + 1);
    for (const [text, height] of targets) expect(height, String(text)).to.be.at.least(44);
    // The send button stays within reach while the form scrolls.
    await page.mouse.wheel(0, 300);
    const box = await page.locator("#intake-submit").boundingBox();
    expect(box!.y + box!.height).to.be.at.most(PHONE.height);
    await keepScreenshot(page, "9-intake-form");
  });

  it("refuses an incomplete report on the spot, then files a phone call with a village, a photo and the caller's number", async () => {
    await page.click("#intake-submit");
    expect(await page.textContent("#intake-error")).to.equal("Chọn loại phản ánh.");
    await page.click("#intake-category label:has-text('Lấn chiếm đất công')");
    await page.click("#intake-where label:has-text('Thôn Phú Mỹ')");
    await page.fill("#intake textarea[name=description]", "Quán nước dựng mái tôn lấn ra lòng đường liên thôn, cạnh cầu");
    await page.setInputFiles("#intake-photo", { name: "mai-ton.png", mimeType: "image/png", buffer: samplePng() });
    await page.click("#intake-submit");
    expect(await page.textContent("#intake-error")).to.contain("Ẩn danh");
    await page.fill("#intake input[name=reporterName]", "Nguyễn Văn Tâm");
    await page.fill("#intake input[name=reporterPhone]", "0912 333 444");
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/v1/cases")),
      page.click("#intake-submit"),
    ]);
    expect(await request.headerValue("idempotency-key")).to.match(/^[0-9a-f]{32}$/);
    await page.waitForSelector("#intake-done");
    const code = (await page.textContent("#intake-code"))!;
    expect(code).to.match(/^PA-\d{6}-[A-Z0-9]{4}$/);
    expect(await page.textContent("#intake-spelled")).to.equal(
      `P A · ${code.slice(3, 9).split("").join(" ")} · ${code.slice(10).split("").join(" ")}`,
    );
    expect(await page.textContent("#intake-team")).to.equal("Tổ trật tự xây dựng khu Bắc");
    expect(await page.textContent("#intake-zalo")).to.contain(`theo dõi ${code}`);
    await keepScreenshot(page, "10-intake-code");

    const c = (await getCase(h.db, code))!;
    expect(c).to.deep.include({
      channel: "phone",
      category: "lan_chiem",
      areaId: "phu-my",
      teamId: "trat-tu-bac",
      contactName: "Nguyễn Văn Tâm",
      contactPhone: "0912333444",
      anonymous: false,
    });
    expect(c.photos.map((p) => [p.contentType, p.storedPath !== null])).to.deep.equal([["image/png", true]]);
    expect(c.events[0]).to.deep.include({ actor: "do-thu-trang", action: "filed" });
    // The team hears of it on Zalo exactly as of a report from the chat.
    const [notice] = await h.zalo.waitForMessages(BAC_OFFICER, 1, 20_000);
    expect(String(notice!.message.text)).to.contain(`Phản ánh mới ${code}`).and.contain("Quán nước dựng mái tôn");
  });

  it("files an anonymous counter report placed by a tap on the map, and warns of the same kind close by", async () => {
    await page.click("#intake-again");
    await page.waitForSelector("#intake #intake-map.leaflet-container");
    await page.click("#intake-channel label:has-text('Tại quầy')");
    await page.click("#intake-category label:has-text('Xây dựng không có giấy phép')");
    // A tap on the village's name on the map (a label lets taps through to the map under it).
    const tap = async () => {
      const name = page.locator("#intake-map .area-label", { hasText: "Thôn Đồng Bụt" });
      await name.scrollIntoViewIfNeeded();
      const label = (await name.boundingBox())!;
      await page.mouse.click(label.x + label.width / 2, label.y + label.height / 2);
      await page.waitForSelector("#intake-map path.marker.picked");
    };
    await tap();
    expect(await page.textContent("#intake-point")).to.match(/^Điểm đã chọn: 21\.\d+, 105\.6\d+$/);
    await page.fill("#intake textarea[name=description]", "Đang xây tường bao và đổ mái, không thấy biển giấy phép");
    await page.fill("#intake input[name=reporterPhone]", "0900 000 001");
    await page.check("#intake-anonymous");
    expect(await page.isDisabled("#intake input[name=reporterPhone]")).to.equal(true);
    await page.click("#intake-submit");
    await page.waitForSelector("#intake-done");
    const first = (await page.textContent("#intake-code"))!;
    const c = (await getCase(h.db, first))!;
    expect(c).to.deep.include({ channel: "counter", areaId: "dong-but", anonymous: true, contactName: null, contactPhone: null });
    expect(c.lat).to.be.within(20.995, 21.01);
    expect(await page.isVisible("#intake-zalo")).to.equal(false);

    // A second caller about the same building: the officer is told of the first.
    await page.click("#intake-again");
    await page.waitForSelector("#intake #intake-map.leaflet-container");
    await page.click("#intake-category label:has-text('Xây dựng không có giấy phép')");
    await tap();
    await page.fill("#intake textarea[name=description]", "Hàng xóm báo công trình xây tường bao không phép");
    await page.check("#intake-anonymous");
    await page.click("#intake-submit");
    await page.waitForSelector("#intake-nearby");
    expect(await page.textContent("#intake-nearby")).to.contain(first);
    await keepScreenshot(page, "11-intake-nearby");
  });

  it("keeps the page the officer moved to when the case list they left arrives late", async () => {
    // Signing in opens the case list; an officer who taps "Tiếp nhận" at once must not have the
    // list, arriving later on a slow line, replace the form they are typing into.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const list = /\/api\/v1\/cases\?/;
    await page.route(list, async (route) => {
      await held;
      await route.continue();
    });
    try {
      const asked = page.waitForRequest(list);
      await page.goto(`${h.url}/dashboard#/cases`);
      await asked;
      await page.click("#nav a[data-view=intake]");
      await page.waitForSelector("#intake #intake-map.leaflet-container");
      const arrived = page.waitForResponse(list);
      release();
      await arrived;
      // Let the list view finish what it does with its answer.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
      expect(await page.isVisible("#intake-submit")).to.equal(true);
      expect(await page.locator("#nav a.active").getAttribute("data-view")).to.equal("intake");
    } finally {
      release();
      await page.unroute(list);
    }
  });

  it("shows no error and breaks no CSP rule", async () => {
    expect(watch.problems, watch.problems.join("\n")).to.deep.equal([]);
    expect(
      watch.outside.every((r) => r.type === "image"),
      JSON.stringify(watch.outside.slice(0, 3)),
    ).to.equal(true);
  });
});
