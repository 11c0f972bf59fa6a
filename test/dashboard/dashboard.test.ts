import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ARTIFACTS, cutChartLabels, keepScreenshot, launchChromium, type Watch, watchedContext, openTokenForm } from "./browser.js";
import { textOf } from "../support/harness.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { getOfficer } from "../../src/officers/officer-queries.js";
import { ADMIN_TOKEN, CITIZEN, type Seeded, seedDashboard } from "./fixture.js";

/**
 * The dashboard in a real browser (Debian's Chromium), on the whole hotline in this process with
 * a fake Zalo: sign in, filter, open a case and its map, act on it (the citizen is told over
 * Zalo), the map's markers, the statistics (the same numbers as `/api/v1/stats`), the queue
 * board. Every page is kept as a screenshot in test-artifacts/dashboard/; no script, style or
 * font may come from anywhere but the hotline.
 */

const TILE_HOST = "tile.openstreetmap.org";

function partition<T>(list: T[], test: (x: T) => boolean): [T[], T[]] {
  return [list.filter(test), list.filter((x) => !test(x))];
}

describe("dashboard in a browser (Chromium, whole hotline, fake Zalo)", function () {
  this.timeout(180_000);
  let seeded: Seeded;
  let browser: Browser;
  let context: BrowserContext;
  let watch: Watch;
  let page: Page;

  before(async () => {
    [seeded, browser] = await Promise.all([seedDashboard(), launchChromium()]);
    ({ context, watch } = await watchedContext(browser, TILE_HOST));
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await seeded?.stop();
  });

  const url = (p: string) => `${seeded.h.url}${p}`;
  const signIn = async (token: string) => {
    await openTokenForm(page);
    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
  };

  it("refuses a wrong token, then signs an officer in with the token kept in sessionStorage only", async () => {
    await page.goto(url("/dashboard"));
    await signIn("not-a-token-0123456789");
    await page.waitForSelector("#sign-in-error:not([hidden])");
    expect(await page.textContent("#sign-in-error")).to.contain("không đúng");
    // The browser logs the refused sign-in (401) as a failed resource: expected here.
    expect(watch.problems.splice(0))
      .to.have.length(1)
      .and.satisfy((p: string[]) => p[0]!.includes("401"));
    await signIn(seeded.officerToken);
    await page.waitForSelector("#cases");
    // (Functions given to page.evaluate run in the page: its globals, typed narrowly here.)
    type Storage = { getItem(key: string): string | null; length: number };
    type Window = { sessionStorage: Storage; localStorage: Storage; document: { cookie: string } };
    expect(await page.evaluate(() => (globalThis as unknown as Window).sessionStorage.getItem("hotline.token"))).to.equal(
      seeded.officerToken,
    );
    expect(
      await page.evaluate(
        () => (globalThis as unknown as Window).localStorage.length + (globalThis as unknown as Window).document.cookie.length,
      ),
    ).to.equal(0);
    expect(page.url()).to.not.contain(seeded.officerToken);
    // An officer: no statistics, no queue board; their own team's cases only.
    expect(await page.isVisible("#nav a[data-view=stats]")).to.equal(false);
    expect(await page.isVisible("#queues")).to.equal(false);
    const codes = await page.$$eval("#cases tbody tr", (rows) => rows.map((r) => r.getAttribute("data-code")));
    expect(codes).to.include.members([seeded.fresh, seeded.overdue]);
    expect(codes).to.not.include(seeded.otherTeam);
    // The overdue case is highlighted.
    expect(await page.getAttribute(`#cases tr[data-code="${seeded.overdue}"]`, "class")).to.contain("overdue");
    await keepScreenshot(page, "1-cases");
  });

  it("filters the list with the API's filters (area, status, overdue, text)", async () => {
    await page.selectOption("#filters select[name=area]", "phu-my");
    await page.click("#filters button[type=submit]");
    await page.waitForURL(/area=phu-my/);
    // The overdue case is in both lists: wait for the one outside the area to go, not for it.
    await page.waitForSelector(`#cases tr[data-code="${seeded.fresh}"]`, { state: "detached" });
    await page.waitForSelector(`#cases tr[data-code="${seeded.overdue}"]`);
    let codes = await page.$$eval("#cases tbody tr", (rows) => rows.map((r) => r.getAttribute("data-code")));
    expect(codes).to.not.include(seeded.fresh);
    await page.check("#filters input[name=overdue]");
    await page.click("#filters button[type=submit]");
    await page.waitForURL(/overdue=true/);
    await page.waitForSelector("#case-count:text('1–1 / 1')");
    codes = await page.$$eval("#cases tbody tr", (rows) => rows.map((r) => r.getAttribute("data-code")));
    expect(codes).to.deep.equal([seeded.overdue]);
    await keepScreenshot(page, "2-cases-filtered");
    // Text search on the description, from a clean filter.
    await page.goto(url("/dashboard#/cases?q=%C4%91%E1%BB%95%20m%C3%B3ng"));
    await page.waitForSelector(`#cases tr[data-code="${seeded.fresh}"]`);
  });

  it("opens a case: description, the kept photo, its small map, the timeline", async () => {
    await page.goto(url("/dashboard#/cases"));
    await page.click(`#cases a:text("${seeded.fresh}")`);
    await page.waitForSelector(`#case[data-code="${seeded.fresh}"]`);
    expect(await page.textContent("#case .description")).to.contain("đổ móng");
    expect(await page.textContent("#case")).to.contain("Nguyễn Thị Mai");
    // The photo is the hotline's kept copy, fetched with the token and shown from a blob.
    const img = await page.waitForSelector("#case .photo img");
    expect(await img.getAttribute("src")).to.match(/^blob:/);
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean } | null } }).document.querySelector(
          "#case .photo img",
        )?.complete === true,
    );
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).to.equal(160);
    // The small map: the area polygons and the case's marker, drawn without tiles.
    await page.waitForSelector("#case-map.leaflet-container path.marker.status-new");
    expect(await page.$$eval("#case-map path.leaflet-interactive", (p) => p.length)).to.be.greaterThan(4);
    // No tile loads here: the map's caption names the village.
    await page.waitForSelector("#case-map-note:not([hidden])");
    expect(await page.textContent("#case-map-note")).to.equal("Không tải được bản đồ nền. Phản ánh ở Thôn Đồng Bụt.");
    expect(await page.textContent("#timeline")).to.contain("Phản ánh được gửi qua Zalo, kèm 1 ảnh");
    // An officer of the team: the actions of a new case, no hand-over to another team.
    const actions = await page.$$eval("#actions button", (b) => b.map((x) => x.textContent));
    expect(actions).to.deep.equal(["Tiếp nhận", "Từ chối", "Trùng", "Ghi chú"]);
    await keepScreenshot(page, "3-case");
  });

  it("acts on the case: the citizen is told over Zalo exactly as from the API", async () => {
    await page.click('#actions button[data-action="Tiếp nhận"]');
    await page.waitForSelector('#case[data-status="acknowledged"]');
    let msgs = await seeded.h.zalo.waitForMessages(CITIZEN, 1, 20_000);
    expect(String(msgs[0]!.message.text)).to.contain(seeded.fresh);
    // Resolving asks for the result, which the citizen gets with the question of whether it is done.
    await page.click('#actions button[data-action="Đã xử lý"]');
    await page.waitForSelector("dialog#ask[open]");
    await page.click("#ask-ok");
    expect(await page.isVisible("#ask-error")).to.equal(true);
    await page.fill("#ask textarea", "Đã lập biên bản, chủ nhà cam kết tự tháo dỡ trong 5 ngày");
    await keepScreenshot(page, "4-case-resolve-dialog");
    await page.click("#ask-ok");
    await page.waitForSelector('#case[data-status="resolved"]');
    msgs = await seeded.h.zalo.waitForMessages(CITIZEN, 2, 20_000);
    const notice = JSON.stringify(msgs[1]!.message);
    expect(notice).to.contain("Đã lập biên bản, chủ nhà cam kết tự tháo dỡ trong 5 ngày");
    expect(notice).to.contain("Chưa");
    // A note stays with the officers.
    await page.click('#actions button[data-action="Ghi chú"]');
    await page.fill("#ask textarea", "Hẹn kiểm tra lại sáng thứ Hai");
    await page.click("#ask-ok");
    await page.waitForSelector("#notes li:has-text('Hẹn kiểm tra lại sáng thứ Hai')");
    expect(await page.textContent("#timeline"))
      .to.contain("Tiếp nhận phản ánh (Mới → Đã tiếp nhận)")
      .and.to.contain("Báo đã xử lý: «Đã lập biên bản, chủ nhà cam kết tự tháo dỡ trong 5 ngày» (Đã tiếp nhận → Đã xử lý)");
    // People by name: the officer who acted, not their id.
    const actors = await page.$$eval("#timeline .actor", (a) => a.map((x) => x.textContent));
    // The notices the system sent (the path each took) are in the trail too, as they go out.
    expect(actors.filter((a) => a !== " · hệ thống")).to.deep.equal([
      " · người phản ánh",
      " · Trần Thị Lan",
      " · Trần Thị Lan",
      " · Trần Thị Lan",
    ]);
    expect(await page.textContent("#notes"))
      .to.contain("Trần Thị Lan: Hẹn kiểm tra lại")
      .and.not.contain("tran-thi-lan");
    expect(seeded.h.zalo.messagesFor(CITIZEN)).to.have.length(2);
    await keepScreenshot(page, "5-case-resolved");
  });

  it("a toast about a case does not follow to the next page, nor an answer that comes after leaving", async () => {
    await page.click('#actions button[data-action="Ghi chú"]');
    await page.fill("#ask textarea", "Đã gọi chủ nhà");
    await page.click("#ask-ok");
    await page.waitForSelector("#notes li:has-text('Đã gọi chủ nhà')");
    expect(await page.textContent("#toast")).to.equal("Ghi chú: đã lưu.");
    expect(await page.isVisible("#toast")).to.equal(true);
    await page.click("#nav a[data-view=map]");
    await page.waitForSelector("#map.leaflet-container");
    expect(await page.isVisible("#toast")).to.equal(false);
    // A slow answer: the officer has gone to the list before it comes.
    await page.goBack();
    await page.waitForSelector("#notes li:has-text('Đã gọi chủ nhà')");
    let answered!: () => void;
    const slow = new Promise<void>((resolve) => (answered = resolve));
    await page.route("**/notes", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
      answered();
    });
    await page.click('#actions button[data-action="Ghi chú"]');
    await page.fill("#ask textarea", "Chủ nhà hẹn chiều mai");
    await page.click("#ask-ok");
    await page.click("#nav a[data-view=cases]");
    await page.waitForSelector("#cases");
    await slow;
    await page.waitForTimeout(300);
    await page.unroute("**/notes");
    expect(await page.isVisible("#toast")).to.equal(false);
    expect(await page.isVisible("#cases")).to.equal(true);
  });

  it("a case resolved with proof: the officer's photos apart from the reporter's, every event in words with its officer's name", async () => {
    await page.goto(url(`/dashboard#/case/${seeded.proved}`));
    await page.waitForSelector(`#case[data-code="${seeded.proved}"]`);
    await page.waitForSelector("#photos-report .photo img");
    await page.waitForSelector("#photos-proof .photo img");
    expect(await page.$$eval("#photos-report .photo", (p) => p.length)).to.equal(1);
    expect(await page.$$eval("#photos-proof .photo", (p) => p.length)).to.equal(1);
    expect(await page.$$eval("#case h2", (hs) => hs.map((x) => x.textContent))).to.include.members([
      "Ảnh người phản ánh gửi",
      "Ảnh minh chứng của cán bộ",
    ]);
    const all = await page.$$eval("#timeline li", (li) => li.map((x) => x.textContent?.replace(/^\S+ \S+ /, "")));
    // Each notice the reporter was sent is in the trail with the path it took (issue 24).
    const notices = all.filter((l) => l?.startsWith("Gửi thông báo"));
    expect(new Set(notices)).to.satisfy((set: Set<string>) => set.size <= 1);
    if (notices.length) expect(notices[0]).to.equal("Gửi thông báo qua tin nhắn Zalo (người phản ánh) · hệ thống");
    const lines = all.filter((l) => !l?.startsWith("Gửi thông báo"));
    expect(lines).to.deep.equal([
      "Phản ánh được gửi qua Zalo, kèm 1 ảnh · người phản ánh",
      "Tiếp nhận phản ánh (Mới → Đã tiếp nhận) · Trần Thị Lan",
      "Bắt đầu xử lý (Đã tiếp nhận → Đang xử lý) · Trần Thị Lan",
      "Thêm ảnh minh chứng (1 ảnh) · Trần Thị Lan",
      "Báo đã xử lý: «Đã yêu cầu tháo dỡ, chủ nhà đã tháo phần tường lấn mương» (Đang xử lý → Đã xử lý) · Trần Thị Lan",
    ]);
    await keepScreenshot(page, "5b-case-proof");
  });

  it("shows the cases on the commune's map, coloured by status; a marker opens its case", async () => {
    await page.click("#nav a[data-view=map]");
    await page.waitForSelector("#map.leaflet-container");
    await page.waitForSelector("#map path.marker");
    const markers = await page.$$eval("#map path.marker", (p) => p.map((x) => x.getAttribute("class")));
    // The officer's team's cases with a location (7), each coloured by its status.
    expect(markers).to.have.length(7);
    expect(markers.filter((m) => m?.includes("status-resolved"))).to.have.length(5);
    // Those without a pin, counted at their village's centre; all of the team's are on the map.
    const counts = await page.$$eval("#map .area-count", (c) => c.map((x) => [x.getAttribute("data-area"), x.textContent]));
    expect(counts).to.have.deep.members([
      ["dong-but", "2"],
      ["phu-my", "1"],
    ]);
    expect(await page.textContent("#marker-count")).to.equal("10 phản ánh: 7 có vị trí · 3 tính theo thôn");
    // Four area polygons with their names, although no tile loaded.
    expect(await page.$$eval("#map .area-label", (l) => l.map((x) => x.textContent))).to.have.members([
      "Thôn Đồng Bụt",
      "Thôn Phú Mỹ",
      "Thôn Yên Thái",
      "Thôn Ngọc Bài",
    ]);
    await keepScreenshot(page, "6-map");
    await page.click("#map path.marker.status-new");
    await page.waitForSelector(`#case[data-code="${seeded.overdue}"]`);
  });

  it("statistics for a leader's or the admin's token: the numbers of /api/v1/stats, charts, CSV", async () => {
    await page.click("#sign-out");
    await signIn(ADMIN_TOKEN);
    await page.waitForSelector("#cases");
    expect(await page.isVisible("#queues")).to.equal(true);
    await page.click("#nav a[data-view=stats]");
    await page.fill("#period input[name=from]", "01/01/2025");
    await page.fill("#period input[name=to]", "31/12/2025");
    await page.click("#period button[type=submit]");
    await page.waitForURL(/from=2025-01-01/);
    await page.waitForSelector("#kpi-dossiers .value:text('8.315')");
    await page.waitForSelector("#chart-satisfaction canvas");
    const res = await fetch(url("/api/v1/stats?from=2025-01-01&to=2025-12-31"), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const s = (await res.json()) as {
      dossiers: { total: number; channels: { channel: string; percent: number }[]; onTimeRate: { percent: number } };
      cases: {
        total: number;
        acknowledge: { percent: number };
        satisfaction: { ratings: { mean: number; count: number }; answers: { notResolvedPercent: number } };
      };
    };
    const vn = (n: number, decimals = 2) => n.toFixed(decimals).replace(".", ",");
    const kpi = (id: string) => page.textContent(`#${id} .value`);
    expect(await kpi("kpi-dossiers")).to.equal("8.315");
    expect(await kpi("kpi-dossiers-online"))
      .to.equal(`${vn(s.dossiers.channels.find((c) => c.channel === "online")!.percent)}\u00a0%`)
      .and.equal("66,43\u00a0%");
    expect(await kpi("kpi-dossiers-direct")).to.equal("33,57\u00a0%");
    expect(await kpi("kpi-on-time"))
      .to.equal(`${vn(s.dossiers.onTimeRate.percent)}\u00a0%`)
      .and.equal("94,94\u00a0%");
    expect(await kpi("kpi-cases")).to.equal(String(s.cases.total));
    expect(await kpi("kpi-ack")).to.equal(`${vn(s.cases.acknowledge.percent)}\u00a0%`);
    expect(await kpi("kpi-rating")).to.equal(`${String(s.cases.satisfaction.ratings.mean).replace(".", ",")} / 5`);
    expect(await kpi("kpi-not-resolved")).to.equal(`${vn(s.cases.satisfaction.answers.notResolvedPercent)}\u00a0%`);
    expect(s.cases.satisfaction.ratings.count).to.be.greaterThan(0);
    // Six charts, each drawn, each with its figures.
    expect(await page.$$eval(".chart canvas", (c) => c.filter((x) => (x as unknown as { width: number }).width > 0).length)).to.equal(6);
    expect(await page.textContent("#chart-channels .figures"))
      .to.contain("5.524")
      .and.contain("66,43\u00a0%");
    // Every label whole: the long kinds of report on two lines, none skipped or past the edge.
    expect(await cutChartLabels(page)).to.deep.equal([]);
    await keepScreenshot(page, "7-stats");
    // The CSV download: the API's CSV of the same period.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
    expect(download.suggestedFilename()).to.equal("thong-ke-2025-01-01-2025-12-31.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).to.contain("dossiers.channel,online,,5524,66.43").and.contain("cases.satisfaction,mean_rating");
  });

  it("admin: the brand and the columns fit every kind the commune configures; the map says what it cannot place", async () => {
    await page.goto(url("/dashboard#/cases"));
    await page.waitForSelector(`#cases tr[data-code="${seeded.streetLight}"]`);
    // Street lights, roads and rubbish are reports, not "vi phạm".
    const commune = seeded.h.commune;
    expect(commune.categories.map((c) => c.id)).to.include.members(["chieu_sang", "duong_giao_thong", "ve_sinh_moi_truong"]);
    const brand = (await page.textContent(".brand"))!;
    expect(brand)
      .to.contain(commune.name)
      .and.not.match(/vi phạm|xây dựng/i);
    const headers = await page.$$eval("#cases th", (th) => th.map((x) => x.textContent));
    expect(headers).to.deep.equal(["Mã", "Loại phản ánh", "Thôn", "Trạng thái", "Đã gửi", "Hạn"]);
    const labels = await page.$$eval("#filters label", (l) => l.map((x) => x.firstChild?.textContent));
    expect(labels).to.include("Loại phản ánh");
    expect(labels.join(" ")).to.not.match(/vi phạm/i);
    expect(await page.textContent(`#cases tr[data-code="${seeded.streetLight}"] td.category`)).to.equal("Đèn chiếu sáng công cộng hỏng");
    // Every kind can be chosen in the filter.
    const kinds = await page.$$eval("#filters select[name=category] option", (o) => o.map((x) => x.getAttribute("value")).filter(Boolean));
    expect(kinds).to.deep.equal(commune.categories.map((c) => c.id));
    // The map: the one case placed nowhere is counted as not on it.
    await page.click("#nav a[data-view=map]");
    await page.waitForSelector("#map .area-count");
    expect(await page.textContent("#marker-count")).to.match(/ · 1 không có trên bản đồ \(không rõ thôn\)$/);
    await page.click('#map .area-count[data-area="phu-my"]');
    await page.waitForURL(/#\/cases\?area=phu-my/);
    await page.waitForSelector(`#cases tr[data-code="${seeded.noPin["phu-my"][0]}"]`);
  });

  it("admin: creates an officer on the page, with the link code as text and QR; resets and deactivates them", async () => {
    await page.click("#nav a[data-view=officers]");
    await page.waitForSelector("#officer-create");
    await page.fill("#officer-name", "Phạm Thị Thu");
    await page.selectOption("#officer-role", "officer");
    await page.selectOption("#officer-team", "trat-tu-nam");
    await page.click("#officer-create button[type=submit]");
    await page.waitForSelector("#officer-issued");
    const linkText = (await page.textContent("#issued-link-code"))!;
    expect(linkText).to.match(/^#dangky [A-Z0-9]{10}$/);
    expect(await page.getAttribute("#issued-link-qr", "src")).to.match(/^data:image\/svg\+xml;base64,/);
    expect(await page.textContent("#issued-token")).to.match(/^[A-Za-z0-9._~+/-]{20,}$/);
    // In the registry as the page says, and the code links a Zalo account.
    const created = (
      await seeded.h.db.query<{ id: string; team_id: string }>("SELECT id, team_id FROM officers WHERE name = $1", ["Phạm Thị Thu"])
    )[0]!;
    expect(created.team_id).to.equal("trat-tu-nam");
    const row = `#officers tr[data-officer="${created.id}"]`;
    expect(await page.textContent(`${row} td.zalo`)).to.equal("Chưa liên kết");
    const thu = seeded.h.citizen("5210000000000000555");
    expect(textOf(await thu.sendAndWait(linkText))).to.contain("Đã liên kết Zalo này với cán bộ Phạm Thị Thu");
    await page.click("#nav a[data-view=cases]");
    await page.click("#nav a[data-view=officers]");
    await page.waitForSelector(`${row} td.zalo:text("Đã liên kết")`);
    // Reset sign-in, then deactivate: the row says so.
    await page.click(`${row} button[data-action=reset-sign-in]`);
    await page.waitForSelector("#toast:text('Đã đăng xuất cán bộ khỏi mọi trình duyệt.')");
    await page.click(`${row} button[data-action=deactivate]`);
    await page.waitForSelector(`${row}.inactive td.duty:text("Ngừng hoạt động")`);
    await keepScreenshot(page, "7b-officers");
  });

  it("admin: creates a team on the 'Tổ' page and puts an officer in it; a deactivated team says where its new cases go", async () => {
    await createOfficer(seeded.h.db, seeded.h.commune.id, { id: "luu-van-binh", name: "Lưu Văn Bình" });
    await page.click("#nav a[data-view=teams]");
    await page.waitForSelector("#team-create");
    await page.fill("#team-name", "Tổ Phản ứng nhanh");
    await page.click("#team-create button[type=submit]");
    const row = '#teams tr[data-team="to-phan-ung-nhanh"]';
    await page.waitForSelector(`${row} td.state:text("Hoạt động")`);
    expect(await page.textContent(`${row} td.goes`)).to.contain("chỉ nhận phản ánh được chuyển đến");
    await page.selectOption("#member-officer", "luu-van-binh");
    await page.selectOption("#member-team", "to-phan-ung-nhanh");
    await page.click("#member-assign button[type=submit]");
    await page.waitForSelector(`${row} td.members:text("Lưu Văn Bình")`);
    const [team] = await seeded.h.db.query<{ commune_id: string; name: string }>("SELECT commune_id, name FROM teams WHERE id = $1", [
      "to-phan-ung-nhanh",
    ]);
    expect(team).to.deep.equal({ commune_id: seeded.h.commune.id, name: "Tổ Phản ứng nhanh" });
    expect((await getOfficer(seeded.h.db, "luu-van-binh"))!.teamId).to.equal("to-phan-ung-nhanh");
    // The new team is offered on the officers' page too.
    await page.click("#nav a[data-view=officers]");
    await page.waitForSelector('#officer-team option[value="to-phan-ung-nhanh"]', { state: "attached" });
    expect(await page.textContent('#officers tr[data-officer="luu-van-binh"] td:nth-child(3)')).to.equal("Tổ Phản ứng nhanh");
    // Deactivating the environment team: the page says where its new cases now go.
    await page.click("#nav a[data-view=teams]");
    await page.click('#teams tr[data-team="moi-truong"] button[data-action=deactivate]');
    const off = '#teams tr[data-team="moi-truong"].inactive';
    await page.waitForSelector(`${off} td.state:text("Ngừng hoạt động")`);
    expect(await page.textContent(`${off} td.goes`)).to.contain("Phản ánh mới chuyển đến:");
    expect(await page.getAttribute(`${off} td.goes li:first-child`, "data-goes-to")).to.be.oneOf([
      "trat-tu-bac",
      "trat-tu-nam",
      "dia-chinh",
    ]);
    await keepScreenshot(page, "7c-teams");
    await page.click('#teams tr[data-team="moi-truong"] button[data-action=reactivate]');
    await page.waitForSelector('#teams tr[data-team="moi-truong"]:not(.inactive) td.state:text("Hoạt động")');
  });

  it("admin: the personal-data page shows what the nightly purge removed per kind, with the periods", async () => {
    await seeded.h.db.query("INSERT INTO privacy_purges (commune_id, ran_at, counts) VALUES ($1, now(), $2)", [
      seeded.h.commune.id,
      JSON.stringify({ chatSessions: 4, closedCasePhotos: 2, accessAudit: 0 }),
    ]);
    await page.click("#nav a[data-view=privacy]");
    await page.waitForSelector("#purges");
    expect(await page.textContent('#purges tr[data-kind="closedCasePhotos"]')).to.match(/^Ảnh của phản ánh đã đóng365 ngày2$/);
    expect(await page.textContent('#purges tr[data-kind="chatSessions"] td:last-child')).to.equal("4");
    const [file] = await Promise.all([page.waitForEvent("download"), page.click("#audit-csv")]);
    expect(file.suggestedFilename()).to.equal("nhat-ky-truy-cap.csv");
  });

  it("takes the admin to the queue board with a short cookie, never the token in an address", async () => {
    const [board] = await Promise.all([context.waitForEvent("page"), page.click("#queues")]);
    await board.waitForLoadState("domcontentloaded");
    expect(board.url()).to.equal(url("/admin/queues/"));
    await board.waitForSelector("text=outbound", { timeout: 20_000 });
    for (const q of ["inbound", "notify", "escalation"]) expect(await board.isVisible(`text=${q}`), q).to.equal(true);
    const cookies = await context.cookies(url("/admin/queues/"));
    const session = cookies.find((c) => c.name === "hotline_board")!;
    expect(session).to.include({ httpOnly: true, sameSite: "Strict", path: "/admin/queues" });
    expect(session.value).to.not.contain(ADMIN_TOKEN);
    await keepScreenshot(board, "8-queue-board");
    await board.close();
  });

  it("loaded nothing from outside for scripts, styles or fonts; no error or CSP violation; the page is small", async () => {
    const fetched = watch.outside.filter((r) => ["script", "stylesheet", "font"].includes(r.type));
    expect(fetched, JSON.stringify(fetched)).to.deep.equal([]);
    // Only map tiles were asked for outside, and only from MAP_TILE_URL's host.
    expect(
      watch.outside.every((r) => r.type === "image" && new URL(r.url).host === TILE_HOST),
      JSON.stringify(watch.outside.slice(0, 3)),
    ).to.equal(true);
    // The dashboard's pages: not one console error or CSP violation. bull-board's page tries an
    // inline style and Google's font stylesheet, both refused by its CSP (so never requested).
    const [board, dashboard] = partition(watch.problems, (p) => p.includes("/admin/queues"));
    expect(dashboard, dashboard.join("\n")).to.deep.equal([]);
    expect(
      board.every((p) => /style-src|inline style|fonts\.googleapis\.com/.test(p)),
      board.join("\n"),
    ).to.equal(true);
    // The page's weight: everything /dashboard loaded (the queue board is bull-board's own).
    const files = [...watch.received].filter(([u]) => new URL(u).pathname.startsWith("/dashboard"));
    const bytes = files.reduce((sum, [, b]) => sum + b, 0);
    writeFileSync(path.join(ARTIFACTS, "page-weight.json"), JSON.stringify({ bytes, files: Object.fromEntries(files) }, null, 2));
    expect(bytes).to.be.below(250_000);
  });
});
