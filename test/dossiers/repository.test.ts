import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { parseDossierDate } from "../../src/dossiers/dates.js";
import type { DossierInput } from "../../src/dossiers/dossier.js";
import {
  countPendingNotices,
  findByCode,
  follow,
  followersOf,
  markNotified,
  pendingNotices,
  unfollow,
  upsertDossiers,
} from "../../src/dossiers/repository.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

const CODE = "000.00.21.H26-251126-0001";
const base: DossierInput = {
  code: CODE,
  procedure: "Đăng ký kết hôn",
  channel: "online",
  status: 2,
  receivedAt: parseDossierDate("26/11/2025 16:34")!,
  dueAt: parseDossierDate("01/12/2025 17:00")!,
  finishedAt: null,
};

for (const backend of BACKENDS) {
  describe(`dossiers/repository on ${backend}`, function () {
    this.timeout(30_000);
    let db: Database;
    before(async () => {
      db = await openTestDatabase(backend);
    });
    after(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await db.exec("DELETE FROM dossier_followers; DELETE FROM dossiers;");
    });

    it("round-trips a dossier", async () => {
      expect(await findByCode(db, "kieu-phu", CODE)).to.equal(null);
      const r = await upsertDossiers(db, "kieu-phu", [base]);
      expect(r).to.deep.equal({ outcomes: [{ code: CODE, outcome: "inserted" }], statusChanges: [] });
      const d = await findByCode(db, "kieu-phu", CODE);
      expect(d).to.deep.include({ ...base });
      expect(d!.updatedAt).to.be.instanceOf(Date);
      expect(d!.status).to.be.a("number");
    });

    it("tells inserted, updated and unchanged apart, and status changes", async () => {
      await upsertDossiers(db, "kieu-phu", [base]);
      const other = { ...base, code: "000.00.21.H26-251126-0002" };
      const r = await upsertDossiers(db, "kieu-phu", [
        { ...base, status: 4 },
        other,
        { ...base, status: 4, procedure: "Đăng ký kết hôn (lưu động)" },
      ]);
      expect(r.outcomes).to.deep.equal([
        { code: CODE, outcome: "updated" },
        { code: other.code, outcome: "inserted" },
        { code: CODE, outcome: "updated" },
      ]);
      expect(r.statusChanges).to.deep.equal([{ code: CODE, from: 2, to: 4 }]);
      const again = await upsertDossiers(db, "kieu-phu", [{ ...base, status: 4, procedure: "Đăng ký kết hôn (lưu động)" }, other]);
      expect(again.outcomes.map((o) => o.outcome)).to.deep.equal(["unchanged", "unchanged"]);
      expect(await upsertDossiers(db, "kieu-phu", [])).to.deep.equal({ outcomes: [], statusChanges: [] });
    });

    it("follows idempotently and tracks what each follower was told", async () => {
      expect(await follow(db, "kieu-phu", CODE, "zalo", "u1")).to.equal(false); // not stored
      await upsertDossiers(db, "kieu-phu", [base]);
      expect(await follow(db, "kieu-phu", CODE, "zalo", "u1")).to.equal(true);
      expect(await follow(db, "kieu-phu", CODE, "zalo", "u1")).to.equal(true);
      await follow(db, "kieu-phu", CODE, "zalo", "u2");
      expect(await followersOf(db, CODE)).to.deep.equal([
        { channel: "zalo", userId: "u1", lastNotifiedStatus: 2 },
        { channel: "zalo", userId: "u2", lastNotifiedStatus: 2 },
      ]);
      expect(await pendingNotices(db)).to.deep.equal([]);

      await upsertDossiers(db, "kieu-phu", [{ ...base, status: 5 }]);
      expect(await countPendingNotices(db)).to.equal(2);
      expect((await pendingNotices(db)).map((p) => [p.code, p.status, p.userId, p.lastNotifiedStatus])).to.deep.equal([
        [CODE, 5, "u1", 2],
        [CODE, 5, "u2", 2],
      ]);
      await markNotified(db, CODE, "zalo", "u1", 5);
      expect(await countPendingNotices(db)).to.equal(1);
      // following again does not reset what u1 was told
      await follow(db, "kieu-phu", CODE, "zalo", "u1");
      expect((await followersOf(db, CODE))[0]).to.deep.equal({ channel: "zalo", userId: "u1", lastNotifiedStatus: 5 });
      await unfollow(db, "kieu-phu", CODE, "zalo", "u2");
      expect(await countPendingNotices(db)).to.equal(0);
      expect(await followersOf(db, CODE)).to.have.length(1);
    });
  });
}
