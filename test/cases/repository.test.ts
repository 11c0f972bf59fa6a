import { expect } from "chai";
import { CaseInputError, CaseNotFoundError, type NewCase, TransitionNotAllowedError } from "../../src/cases/case.js";
import { addNote, transition } from "../../src/cases/case-changes.js";
import { getCase, listCases } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import { followCase, followersOf } from "../../src/cases/followers.js";
import { findNearbyOpenCases } from "../../src/cases/nearby-cases.js";
import { isTrackingCode } from "../../src/cases/tracking-code.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

const config = exampleConfig();
let seq = 0;
/** A report in Thôn Đồng Bụt unless told otherwise. */
function report(over: Partial<NewCase> = {}): NewCase {
  seq += 1;
  return {
    sourceKey: `test-${seq}-${Math.random()}`,
    category: "xay_dung_khong_phep",
    location: { lat: 21.005, lng: 105.61 },
    description: "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép",
    reporter: { channel: "zalo", userId: `user-${seq}` },
    contact: { name: "Nguyễn Văn A", phone: "0912345678" },
    ...over,
  };
}

async function expectReject(p: Promise<unknown>, type: new (...args: never[]) => Error): Promise<Error> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(type);
    return err as Error;
  }
  return expect.fail("should have been rejected");
}

for (const backend of BACKENDS) {
  describe(`case repository (${backend})`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(backend);
      await syncFromCommune(db, config);
    });
    after(async () => {
      await db?.close();
    });

    it("files a case routed by area and category, with deadlines, photos, follower and audit", async () => {
      const now = new Date("2026-03-02T01:00:00Z");
      const { case: c, created } = await fileCase(
        db,
        config,
        report({ photos: ["https://example.test/a.jpg", "https://example.test/b.jpg"] }),
        { now },
      );
      expect(created).to.equal(true);
      expect(isTrackingCode(c.code)).to.equal(true);
      expect(c.code).to.match(/^PA-260302-/);
      expect(c).to.include({ status: "new", areaId: "dong-but", teamId: "trat-tu-bac", escalationLevel: 0, contactPhone: "0912345678" });
      // Working time: Monday 08:00 + 4 h → 14:00; 7 working days (Monday–Friday) → Wednesday 11/03 17:00.
      expect(c.ackDueAt?.toISOString()).to.equal("2026-03-02T07:00:00.000Z");
      expect(c.resolveDueAt?.toISOString()).to.equal("2026-03-11T10:00:00.000Z");
      const d = (await getCase(db, c.code.toLowerCase()))!;
      expect(d.photos.map((p) => [p.position, p.sourceUrl, p.storedPath])).to.deep.equal([
        [1, "https://example.test/a.jpg", null],
        [2, "https://example.test/b.jpg", null],
      ]);
      expect(d.events).to.have.length(1);
      expect(d.events[0]).to.include({ action: "filed", toStatus: "new", actor: "citizen" });
      expect(await followersOf(db, c.code)).to.deep.equal([{ channel: "zalo", userId: `user-${seq}`, communeId: config.id }]);
    });

    it("is idempotent on the source key, also when filed concurrently", async () => {
      const r = report();
      const a = await fileCase(db, config, r);
      const b = await fileCase(db, config, r);
      expect(b).to.deep.include({ created: false });
      expect(b.case.code).to.equal(a.case.code);

      const r2 = report({ location: { lat: 20.985, lng: 105.63 } });
      const results = await Promise.all(Array.from({ length: 8 }, () => fileCase(db, config, r2)));
      expect(new Set(results.map((x) => x.case.code)).size).to.equal(1);
      expect(results.filter((x) => x.created)).to.have.length(1);
      const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE source_key = $1", [r2.sourceKey]);
      expect(rows[0]!.n).to.equal(1);
      const events = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_events WHERE case_code = $1", [
        results[0]!.case.code,
      ]);
      expect(events[0]!.n).to.equal(1);
    });

    it("draws a new code when the first one is taken", async () => {
      const now = new Date("2026-04-01T03:00:00Z");
      let calls = 0;
      // The first 4 draws spell AAAA both times; then a different letter.
      const random = () => (calls++ < 4 ? 0 : 1);
      const first = await fileCase(db, config, report(), { now, random: () => 0 });
      const second = await fileCase(db, config, report(), { now, random });
      expect(first.case.code).to.equal("PA-260401-AAAA");
      expect(second.case.code).to.equal("PA-260401-CCCC");
    });

    it("keeps no contact details for an anonymous report", async () => {
      const { case: c } = await fileCase(db, config, report({ anonymous: true }));
      expect(c).to.include({ anonymous: true, contactName: null, contactPhone: null });
      const rows = await db.query<{ contact_name_sealed: string | null; contact_phone_sealed: string | null }>(
        "SELECT contact_name_sealed, contact_phone_sealed FROM cases WHERE code = $1",
        [c.code],
      );
      expect(rows[0]).to.deep.equal({ contact_name_sealed: null, contact_phone_sealed: null });
      // The reporter still gets status updates.
      expect(c.reporterUserId).to.be.a("string");
    });

    it("routes by the typed address without a location, and falls back outside every area", async () => {
      const { case: a } = await fileCase(db, config, report({ location: undefined, address: "gần chợ Phú Mỹ" }));
      expect(a).to.include({ areaId: "phu-my", teamId: "trat-tu-bac", lat: null });
      const { case: b } = await fileCase(db, config, report({ location: { lat: 21.2, lng: 105.9 } }));
      expect(b).to.include({ areaId: null, teamId: config.fallbackTeam });
    });

    it("refuses an unknown category and too many photos", async () => {
      await expectReject(fileCase(db, config, report({ category: "nope" })), CaseInputError);
      const photos = Array.from({ length: 6 }, (_, i) => `https://example.test/${i}.jpg`);
      const err = await expectReject(fileCase(db, config, report({ photos })), CaseInputError);
      expect((err as CaseInputError).field).to.equal("photos");
    });

    describe("nearby open cases", () => {
      // A place of its own so other tests' cases do not interfere.
      const here = { lat: 20.99, lng: 105.635 };
      const category = "lan_chiem";
      const now = new Date("2026-05-10T03:00:00Z");
      let base: string;
      before(async () => {
        base = (await fileCase(db, config, report({ category, location: here }), { now })).case.code;
      });

      it("links a report within 50 m both ways", async () => {
        // 0.0003° of latitude ≈ 33 m.
        const { case: c } = await fileCase(db, config, report({ category, location: { lat: here.lat + 0.0003, lng: here.lng } }), { now });
        const d = (await getCase(db, c.code))!;
        expect(d.links.map((l) => l.code)).to.deep.equal([base]);
        expect(d.links[0]!.distanceM).to.be.closeTo(33.4, 0.5);
        expect((await getCase(db, base))!.links.map((l) => l.code)).to.include(c.code);
      });

      it("does not link beyond the radius, another category, a closed case or an old one", async () => {
        const far = await findNearbyOpenCases(db, {
          communeId: "kieu-phu",
          category,
          lat: here.lat + 0.0006,
          lng: here.lng,
          radiusM: 50,
          maxAgeDays: 30,
          now,
        });
        expect(far.map((n) => n.case.code)).not.to.include(base);
        const other = await findNearbyOpenCases(db, {
          communeId: "kieu-phu",
          category: "khac",
          lat: here.lat,
          lng: here.lng,
          radiusM: 50,
          maxAgeDays: 30,
          now,
        });
        expect(other).to.deep.equal([]);
        const later = new Date(now.getTime() + 31 * 24 * 3600_000);
        const old = await findNearbyOpenCases(db, {
          communeId: "kieu-phu",
          category,
          lat: here.lat,
          lng: here.lng,
          radiusM: 50,
          maxAgeDays: 30,
          now: later,
        });
        expect(old).to.deep.equal([]);

        const spot = { lat: 20.9825, lng: 105.6025 };
        const { case: closed } = await fileCase(db, config, report({ category, location: spot }), { now });
        await transition(db, closed.code, "rejected", "le-quang-vinh", "Trùng phản ánh khác", now);
        await transition(db, closed.code, "closed", "le-quang-vinh", undefined, now);
        const none = await findNearbyOpenCases(db, { communeId: "kieu-phu", category, ...spot, radiusM: 50, maxAgeDays: 30, now });
        expect(none).to.deep.equal([]);
      });

      it("without a pin: the same kind in the same village within days, and the same caller's same words by phone (issue 26)", async () => {
        const when = new Date("2026-07-10T03:00:00Z");
        const unpinned = (over: Partial<NewCase>) => report({ category: "chieu_sang", location: undefined, areaId: "yen-thai", ...over });
        const { case: first } = await fileCase(db, config, unpinned({ description: "Đèn đường đầu thôn Yên Thái tắt mấy hôm nay" }), {
          now: when,
        });
        const { case: second } = await fileCase(db, config, unpinned({ description: "Cột đèn gần nhà văn hóa thôn Yên Thái không sáng" }), {
          now: new Date(when.getTime() + 2 * 86_400_000),
        });
        expect((await getCase(db, second.code))!.links).to.deep.equal([{ code: first.code, distanceM: null }]);
        // Another village, or another kind: not offered.
        const { case: elsewhere } = await fileCase(db, config, unpinned({ areaId: "phu-my" }), { now: when });
        expect((await getCase(db, elsewhere.code))!.links).to.deep.equal([]);

        const call = (n: number) =>
          report({
            channel: "phone",
            reporter: undefined,
            category: n === 1 ? "duong_giao_thong" : "khac_chung",
            location: undefined,
            contact: { phone: "0987000111" },
            description: "Ổ gà lớn trước cổng trường tiểu học, xe máy ngã liên tục",
          });
        const { case: called } = await fileCase(db, config, call(1), { now: when });
        const { case: again } = await fileCase(db, config, call(2), { now: when });
        expect((await getCase(db, again.code))!.links.map((l) => l.code)).to.include(called.code);
        // The same number written another way by the officer ("0987 000 111") is the same caller.
        const { case: spaced } = await fileCase(db, config, { ...call(2), contact: { phone: "0987 000 111" } }, { now: when });
        expect((await getCase(db, spaced.code))!.links.map((l) => l.code)).to.include(called.code);
      });

      it("finds the nearest first", async () => {
        const found = await findNearbyOpenCases(db, {
          communeId: "kieu-phu",
          category,
          lat: here.lat + 0.0001,
          lng: here.lng,
          radiusM: 50,
          maxAgeDays: 30,
          now,
        });
        expect(found[0]!.case.code).to.equal(base);
        expect(found.map((f) => f.distanceM)).to.deep.equal([...found.map((f) => f.distanceM)].sort((a, b) => a - b));
      });
    });

    describe("transitions", () => {
      it("follows the life cycle, stamps times and audits who did what", async () => {
        const t0 = new Date("2026-06-01T02:00:00Z");
        const { case: c } = await fileCase(db, config, report(), { now: t0 });
        const t1 = new Date(t0.getTime() + 3600_000);
        const ack = await transition(db, c.code, "acknowledged", "nguyen-van-hung", "Đã tiếp nhận, sẽ kiểm tra hiện trường", t1);
        expect(ack.status).to.equal("acknowledged");
        expect(ack.acknowledgedAt?.toISOString()).to.equal(t1.toISOString());
        await transition(db, c.code, "in_progress", "nguyen-van-hung");
        const res = await transition(db, c.code, "resolved", "nguyen-van-hung", "Đã lập biên bản, yêu cầu tháo dỡ");
        expect(res.resolvedAt).to.be.instanceOf(Date);
        const reopened = await transition(db, c.code, "in_progress", "pham-minh-duc", "Chủ nhà tiếp tục xây");
        expect(reopened.resolvedAt).to.equal(null);
        expect(reopened.acknowledgedAt?.toISOString()).to.equal(t1.toISOString());

        const d = (await getCase(db, c.code))!;
        expect(d.events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor])).to.deep.equal([
          ["filed", null, "new", "citizen"],
          ["transition", "new", "acknowledged", "nguyen-van-hung"],
          ["transition", "acknowledged", "in_progress", "nguyen-van-hung"],
          ["transition", "in_progress", "resolved", "nguyen-van-hung"],
          ["transition", "resolved", "in_progress", "pham-minh-duc"],
        ]);
        expect(d.events[1]!.detail).to.deep.equal({ note: "Đã tiếp nhận, sẽ kiểm tra hiện trường" });
        expect(d.notes.map((n) => n.body)).to.have.length(3);
      });

      it("refuses a move the life cycle does not allow, and changes nothing", async () => {
        const { case: c } = await fileCase(db, config, report());
        const err = await expectReject(transition(db, c.code, "resolved", "x"), TransitionNotAllowedError);
        expect(err).to.include({ from: "new", to: "resolved" });
        await transition(db, c.code, "rejected", "x");
        await transition(db, c.code, "closed", "x");
        await expectReject(transition(db, c.code, "in_progress", "x"), TransitionNotAllowedError);
        const d = (await getCase(db, c.code))!;
        expect(d.status).to.equal("closed");
        expect(d.events.map((e) => e.toStatus)).to.deep.equal(["new", "rejected", "closed"]);
        await expectReject(transition(db, "PA-000000-AAAA", "acknowledged", "x"), CaseNotFoundError);
      });
    });

    it("adds notes and followers", async () => {
      const { case: c } = await fileCase(db, config, report({ reporter: { channel: "zalo", userId: "rep" } }));
      const n = await addNote(db, c.code, "tran-thi-lan", "Đã liên hệ chủ nhà");
      expect(n).to.include({ author: "tran-thi-lan", body: "Đã liên hệ chủ nhà" });
      expect(await followCase(db, c.code, "zalo", "neighbour")).to.equal(true);
      expect(await followCase(db, c.code, "zalo", "neighbour")).to.equal(false);
      expect(await followersOf(db, c.code)).to.deep.equal([
        { channel: "zalo", userId: "rep", communeId: config.id },
        { channel: "zalo", userId: "neighbour", communeId: config.id },
      ]);
      const d = (await getCase(db, c.code))!;
      expect(d.events.map((e) => e.action)).to.deep.equal(["filed", "note_added", "follower_added"]);
      await expectReject(followCase(db, "PA-000000-AAAA", "zalo", "u"), CaseNotFoundError);
    });

    it("lists cases by status, team and category, newest first", async () => {
      const all = await listCases(db, { communeId: "kieu-phu", limit: 500 });
      expect(all.total).to.be.greaterThan(5);
      expect(all.cases.length).to.equal(Math.min(all.total, 200));
      const times = all.cases.map((c) => c.createdAt.getTime());
      expect(times).to.deep.equal([...times].sort((a, b) => b - a));
      const bac = await listCases(db, {
        communeId: "kieu-phu",
        teamId: "trat-tu-bac",
        status: ["new", "acknowledged"],
        category: "xay_dung_khong_phep",
      });
      expect(bac.cases.length).to.be.greaterThan(0);
      for (const c of bac.cases)
        expect(c)
          .to.include({ teamId: "trat-tu-bac", category: "xay_dung_khong_phep" })
          .and.satisfy((x: { status: string }) => ["new", "acknowledged"].includes(x.status));
      const page = await listCases(db, { communeId: "kieu-phu", limit: 2, offset: 1 });
      expect(page.cases.map((c) => c.code)).to.deep.equal(all.cases.slice(1, 3).map((c) => c.code));
    });
  });
}
