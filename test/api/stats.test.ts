import { expect } from "chai";
import type { NewCase } from "../../src/cases/case.js";
import { transition } from "../../src/cases/case-changes.js";
import { fileCase } from "../../src/cases/file-case.js";
import { recordResolutionAnswer, storeRating } from "../../src/cases/resolution-answers.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS } from "../support/db.js";
import { PUBLISHED, publishedDossiersCsv } from "../support/published-dossiers.js";
import { type ApiServer, startApi } from "./support.js";

const commune = exampleConfig();
const NOW = new Date("2026-02-01T09:00:00+07:00");
const YEAR = "from=2025-01-01&to=2025-12-31";

function report(key: string, over: Partial<NewCase> = {}): NewCase {
  return {
    sourceKey: key,
    category: "xay_dung_khong_phep",
    location: { lat: 21.005, lng: 105.61 },
    description: "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép",
    ...over,
  };
}

for (const backend of BACKENDS) {
  describe(`api/stats (${backend})`, function () {
    this.timeout(120_000);
    let api: ApiServer;
    let leader: string;
    let officer: string;

    before(async () => {
      api = await startApi(backend, { clock: () => NOW });
      // The commune's own export, imported the way its IT team does it.
      const imported = await api.call("POST", "/api/v1/dossiers/import", {
        headers: { "content-type": "text/csv" },
        body: publishedDossiersCsv(),
      });
      expect(imported.status, JSON.stringify(imported.json)).to.equal(200);
      // Cases of 2025: one by Zalo (acknowledged), one by phone; one from 2026 that must not count.
      const zalo = await fileCase(api.db, commune, report("stats-1"), { now: new Date("2025-06-01T08:00:00+07:00") });
      await transition(api.db, zalo.case.code, "acknowledged", "admin", undefined, new Date("2025-06-01T09:00:00+07:00"));
      await fileCase(api.db, commune, report("stats-2", { channel: "phone", category: "lan_chiem" }), {
        now: new Date("2025-12-31T23:59:00+07:00"),
      });
      await fileCase(api.db, commune, report("stats-3"), { now: new Date("2026-01-01T00:00:00+07:00") });
      // May 2024: three resolved cases and their reporters' word, stored the way the chat stores it.
      const answers: { rating: number | null; said: boolean[] }[] = [
        { rating: 5, said: [true] },
        { rating: 2, said: [false, true] },
        { rating: 4, said: [false] },
      ];
      for (const [i, a] of answers.entries()) {
        const reporter = { channel: "zalo", userId: `52100000000000999${i}` };
        const filedAt = new Date(`2024-05-0${i + 1}T08:00:00+07:00`);
        const c = await fileCase(api.db, commune, report(`sat-${i}`, { reporter }), { now: filedAt });
        let t = filedAt.getTime();
        const step = (to: "acknowledged" | "in_progress" | "resolved") =>
          transition(api.db, c.case.code, to, "admin", undefined, new Date((t += 3600_000)));
        await step("acknowledged");
        for (const resolved of a.said) {
          await step("resolved");
          const opts = { now: new Date((t += 3600_000)), reopenWithinMs: 14 * 86_400_000, newResolveDueAt: () => new Date(t + 86_400_000) };
          expect(await recordResolutionAnswer(api.db, c.case.code, reporter, resolved, opts)).to.not.equal(null);
        }
        if (a.rating !== null) expect(await storeRating(api.db, c.case.code, reporter, a.rating, new Date((t += 3600_000)))).to.equal(true);
      }
      leader = (await createOfficer(api.db, "kieu-phu", { name: "Chủ tịch", role: "leader" })).token;
      officer = (await createOfficer(api.db, "kieu-phu", { name: "Cán bộ", teamId: commune.teams[0]!.id })).token;
    });
    after(async () => {
      await api?.close();
    });

    it("reproduces the published figures exactly from the commune's export", async () => {
      const r = await api.call("GET", `/api/v1/stats?${YEAR}`, { token: leader });
      expect(r.status).to.equal(200);
      const d = r.json.dossiers as Record<string, unknown>;
      expect(d.total).to.equal(8315);
      expect(d.channels).to.deep.equal([
        { channel: "online", count: 5524, percent: 66.43 },
        { channel: "direct", count: 2791, percent: 33.57 },
        { channel: "postal", count: 0, percent: 0 },
      ]);
      expect(d.finished).to.deep.equal({ total: 8315, early: PUBLISHED.early, onTime: PUBLISHED.onTime, late: 421, withinDue: 7894 });
      expect(d.open).to.deep.equal({ total: 0, pastDue: 0, waitingCitizen: 0 });
      expect(d.onTimeRate).to.deep.equal({ onTime: 7894, outOf: 8315, percent: 94.94 });
      expect((d.byMonth as unknown[]).length).to.equal(12);
      expect(r.json.period).to.deep.equal({ from: "2025-01-01", to: "2025-12-31" });
    });

    it("counts the cases of the period by channel, with the SLA figures", async () => {
      const r = await api.call("GET", `/api/v1/stats?${YEAR}`);
      const c = r.json.cases as Record<string, unknown>;
      expect(c.total).to.equal(2);
      expect(c.byChannel).to.deep.include.members([
        { channel: "zalo", count: 1, percent: 50 },
        { channel: "phone", count: 1, percent: 50 },
      ]);
      expect(c.acknowledge).to.deep.equal({ medianHours: 1, withinSla: 1, outOf: 2, percent: 50 });
      expect(c.openPastSla).to.deep.include({ unacknowledged: 1 });
    });

    it("the CSV carries the same numbers", async () => {
      const res = await fetch(`${api.url}/api/v1/stats?${YEAR}&format=csv`, { headers: { authorization: `Bearer ${leader}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.match(/^text\/csv/);
      expect(res.headers.get("content-disposition")).to.contain("thong-ke-2025-01-01-2025-12-31.csv");
      const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
      expect(lines[0]).to.equal("section,item,name,value,percent");
      expect(lines).to.include.members([
        "dossiers,total,,8315,",
        "dossiers.channel,online,,5524,66.43",
        "dossiers.channel,direct,,2791,33.57",
        "dossiers.on_time_rate,on_time,,7894,94.94",
        "cases.channel,phone,,1,50",
      ]);
    });

    it('gives the reporters\' satisfaction: ratings, their mean, the share of "Chưa" (JSON and CSV)', async () => {
      const r = await api.call("GET", "/api/v1/stats?from=2024-05-01&to=2024-05-31", { token: leader });
      expect(r.status).to.equal(200);
      // Ratings 5, 2, 4 → 3.67; answers "Đã" ×2 (cases 1 and 2, after its reopening), "Chưa" ×2.
      expect((r.json.cases as { satisfaction: unknown }).satisfaction).to.deep.equal({
        ratings: { count: 3, mean: 3.67, byStars: [0, 1, 0, 1, 1] },
        answers: { resolved: 2, notResolved: 2, outOf: 4, notResolvedPercent: 50 },
      });
      const csv = await fetch(`${api.url}/api/v1/stats?from=2024-05-01&to=2024-05-31&format=csv`, {
        headers: { authorization: `Bearer ${leader}` },
      });
      const lines = (await csv.text()).split("\r\n");
      expect(lines).to.include.members([
        "cases.satisfaction,ratings,,3,",
        "cases.satisfaction,mean_rating,,3.67,",
        "cases.satisfaction.stars,2,,1,",
        "cases.satisfaction,answered_resolved,,2,",
        "cases.satisfaction,answered_not_resolved,,2,50",
        "cases.satisfaction,answers,,4,",
      ]);
      // The year of the published figures has no rating.
      const year = await api.call("GET", `/api/v1/stats?${YEAR}`, { token: leader });
      expect(
        (year.json.cases as { satisfaction: { ratings: { count: number; mean: number | null } } }).satisfaction.ratings,
      ).to.deep.include({ count: 0, mean: null });
    });

    it("an empty period and a one-day period at the boundary", async () => {
      const empty = await api.call("GET", "/api/v1/stats?from=2024-06-01&to=2024-06-30");
      expect(empty.status).to.equal(200);
      expect((empty.json.dossiers as { total: number; onTimeRate: unknown }).onTimeRate).to.deep.equal({
        onTime: 0,
        outOf: 0,
        percent: null,
      });
      expect((empty.json.cases as { total: number }).total).to.equal(0);
      // 31 December 2025, Vietnam time: the phone case at 23:59 and the last dossier, not 1 January's.
      const last = await api.call("GET", "/api/v1/stats?from=2025-12-31&to=2025-12-31");
      expect((last.json.cases as { total: number }).total).to.equal(1);
      // The export puts row i on day i mod 365: 22 rows on the 365th day.
      expect((last.json.dossiers as { total: number }).total).to.equal(22);
      const first = await api.call("GET", "/api/v1/stats?from=2026-01-01&to=2026-01-01");
      expect(
        (first.json.dossiers as { channels: { channel: string; count: number }[] }).channels.find((c) => c.channel === "postal")!.count,
      ).to.equal(1);
      expect((first.json.cases as { total: number }).total).to.equal(1);
    });

    it("leaders and admins only; bad periods are 400", async () => {
      expect((await api.call("GET", `/api/v1/stats?${YEAR}`, { token: officer })).status).to.equal(403);
      expect((await api.call("GET", `/api/v1/stats?${YEAR}`, { token: null })).status).to.equal(401);
      for (const q of ["from=2025-02-30", "from=2025-12-01&to=2025-01-01", "from=01/01/2025", "format=xml", "form=2025-01-01"]) {
        const r = await api.call("GET", `/api/v1/stats?${q}`);
        expect(r.status, q).to.equal(400);
        expect(r.json.error).to.include({ code: "invalid_query" });
      }
      // No dates: the year so far (the clock says 1 February 2026).
      expect((await api.call("GET", "/api/v1/stats")).json.period).to.deep.equal({ from: "2026-01-01", to: "2026-02-01" });
    });
  });
}
