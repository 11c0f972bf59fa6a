import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { fileCase } from "../../src/cases/file-case.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { keepScreenshot, launchChromium, openTokenForm, type Watch, watchedContext } from "./browser.js";
import type { Harness } from "../support/harness.js";
import { provinceOfTwo } from "../support/province.js";
import { startProvince } from "../support/province-harness.js";

/**
 * Issue 24: "Chuyển xã" on the case page, in a real browser (Chromium, the whole hotline, a
 * province of two communes, the fake Zalo). A's leader hands a case pinned on the border to B:
 * the button offers B (the province's other communes), asks for a reason and refuses none, and
 * the case leaves A's list; a plain officer of A has no such button.
 */
const TILE_HOST = "tile.openstreetmap.org";

describe("dashboard: handing a case to another commune (Chromium, whole hotline, fake Zalo)", function () {
  this.timeout(120_000);
  const { a, b } = provinceOfTwo();
  let h: Harness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const watches: Watch[] = [];
  let code: string;
  let leaderA: string;
  let officerA: string;

  before(async () => {
    [h, browser] = await Promise.all([startProvince([a, b]), launchChromium()]);
    const filed = await fileCase(h.db, a, {
      sourceKey: `test:transfer:${Date.now()}`,
      channel: "zalo",
      category: "lan_chiem",
      location: { lat: 21.005, lng: 105.61 },
      description: "Quán nước dựng mái tôn lấn chiếm vỉa hè, sát ranh giới với xã bên cạnh",
      anonymous: true,
      reporter: { channel: "zalo", userId: "5210000000000777001" },
      photos: [],
      actor: "citizen",
    });
    code = filed.case.code;
    leaderA = (await createOfficer(h.db, a.id, { id: "kp-leader-ui", name: "Chủ tịch Kiều Phú", role: "leader" })).token;
    officerA = (await createOfficer(h.db, a.id, { name: "Cán bộ Kiều Phú", role: "officer", teamId: filed.case.teamId ?? undefined }))
      .token;
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await h?.stop();
  });

  const openCase = async (token: string): Promise<Page> => {
    const { context, watch } = await watchedContext(browser, TILE_HOST);
    contexts.push(context);
    watches.push(watch);
    const page = await context.newPage();
    await page.goto(`${h.url}/dashboard#/case/${code}`);
    await openTokenForm(page);
    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector(`text=${code}`);
    await page.waitForSelector("button.action");
    return page;
  };
  const communeOf = async () =>
    (await h.db.query<{ commune_id: string }>("SELECT commune_id FROM cases WHERE code = $1", [code]))[0]!.commune_id;

  it("offers no 'Chuyển xã' to a plain officer of the commune", async () => {
    const page = await openCase(officerA);
    const actions = await page.$$eval("button.action", (bs) => bs.map((b) => b.textContent));
    expect(actions).to.include("Tiếp nhận").and.not.include("Chuyển xã");
  });

  it("the leader hands it to the other commune: B offered, a reason required, and the case leaves A", async () => {
    const page = await openCase(leaderA);
    await page.click("button.action[data-action='Chuyển xã']");
    expect(await page.$$eval("#ask-field select option", (os) => os.map((o) => [o.getAttribute("value"), o.textContent]))).to.deep.equal([
      [b.id, b.name],
    ]);
    await page.click("#ask-ok");
    // The reason is asked for, and an empty one refused on the spot.
    await page.waitForSelector("#ask-field textarea");
    await page.click("#ask-ok");
    expect(await page.textContent("#ask-error")).to.equal("Hãy ghi lý do chuyển.");
    expect(await communeOf()).to.equal(a.id);
    await page.fill("#ask-field textarea", "Vị trí thuộc địa bàn xã Phú Xá");
    await keepScreenshot(page, "transfer-reason");
    await page.click("#ask-ok");
    await page.waitForURL(/#\/cases$/);
    expect(await page.textContent("#toast")).to.equal(`Đã chuyển ${code} sang ${b.name}.`);
    expect(await communeOf()).to.equal(b.id);
    // A's list no longer has it (it was A's only case).
    await page.waitForSelector("#case-count");
    expect(await page.textContent("#case-count")).to.equal("0–0 / 0");
  });

  it("shows no error and breaks no CSP rule", () => {
    for (const w of watches) expect(w.problems, w.problems.join("\n")).to.deep.equal([]);
  });
});
