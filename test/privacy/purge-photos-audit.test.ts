import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Redis } from "ioredis";
import type { Database } from "../../src/db/database.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import { dirPhotoStore } from "../../src/photos/store-dir.js";
import { purgeExpired, purgeUnreferencedPhotos } from "../../src/privacy/purge.js";
import { sealContact } from "../../src/privacy/sealed-contacts.js";
import { DEFAULT_RETENTION_DAYS } from "../../src/privacy/settings.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { TEST_REDIS_URL } from "../support/redis.js";

// Issue 25: the photos of closed cases and the access audit have retention periods too. On a fake
// clock every row sits just inside or just past its period: the purge removes exactly those past
// it, keeps a consenting reporter's photos and every proof photo, and counts per kind.
const NOW = new Date("2027-03-10T03:00:00Z");
const DAY = 24 * 3600_000;
const ago = (days: number, plusMs = 0) => new Date(NOW.getTime() - days * DAY + plusMs);
const COMMUNE = "kieu-phu";
const PHOTO_DAYS = 200;
const CONTACT_DAYS = 100;
/** A kept photo's path: its content hash (here, of a name) and type, as the sweep expects. */
const storedPath = (name: string) => `photos/${createHash("sha256").update(name).digest("hex")}.jpg`;

for (const backend of BACKENDS) {
  describe(`retention of closed cases' photos and of the access audit, on a fake clock (issue 25, ${backend})`, function () {
    this.timeout(30_000);
    let db: Database;
    let redis: Redis;
    let dataDir: string;
    const prefix = `purge-photos-${backend}-${process.pid}`;
    const retentionDays = { ...DEFAULT_RETENTION_DAYS, closedCasePhotos: PHOTO_DAYS, closedCaseContacts: CONTACT_DAYS };
    const purge = () => purgeExpired({ db, redis, prefix, communeId: COMMUNE, retentionDays, ratingWindowDays: 7, now: () => NOW });

    before(async () => {
      db = await openTestDatabase(backend);
      redis = new Redis(TEST_REDIS_URL);
      dataDir = mkdtempSync(path.join(tmpdir(), "purge-photos-"));
      mkdirSync(path.join(dataDir, "photos"));
    });
    after(async () => {
      redis?.disconnect();
      await db?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const user = (code: string) => `u-${code}`;
    async function seedCase(code: string, status: string, updatedAt: Date, photos: { proof: boolean; file: string }[]) {
      const s = sealContact(currentDataKeys(), {
        reporterChannel: "zalo",
        reporterUserId: user(code),
        name: "Lê Văn Tám",
        phone: "0912000111",
      });
      await db.query(
        `INSERT INTO cases (commune_id, code, source_key, category, status, description, reporter_channel, reporter_user_sealed, reporter_hash,
           contact_name_sealed, contact_phone_sealed, contact_phone_hash, created_at, updated_at)
         VALUES ($1, $2, $3, 'lan_chiem', $4, 'Nhà số 5 lấn chiếm vỉa hè', 'zalo', $5, $6, $7, $8, $9, $10, $10)`,
        [
          COMMUNE,
          code,
          `test:${code}`,
          status,
          s.reporter_user_sealed,
          s.reporter_hash,
          s.contact_name_sealed,
          s.contact_phone_sealed,
          s.contact_phone_hash,
          updatedAt,
        ],
      );
      for (const [position, p] of photos.entries()) {
        const stored = storedPath(p.file);
        const file = path.join(dataDir, stored);
        writeFileSync(file, "jpeg");
        // Written long ago (the sweep leaves files touched within a day: real time, not the fake clock).
        utimesSync(file, new Date(Date.now() - 3 * DAY), new Date(Date.now() - 3 * DAY));
        await db.query(
          "INSERT INTO case_photos (case_code, position, source_url, stored_path, content_type, bytes, proof) VALUES ($1, $2, $3, $4, 'image/jpeg', 4, $5)",
          [code, position, `http://127.0.0.1/${code}-${position}.jpg`, stored, p.proof],
        );
      }
    }
    async function answer(code: string, granted: boolean, n: number) {
      await db.query(
        `INSERT INTO consent_records (commune_id, person_hash, channel, purpose, granted, text_shown, event_id, at)
         VALUES ($1, $2, 'zalo', 'photos_kept', $3, 'Giữ ảnh sau khi xong việc', $4, $5)`,
        [COMMUNE, currentDataKeys().personHash("zalo", user(code)), granted, `ev-${code}-${n}`, ago(PHOTO_DAYS * 2)],
      );
    }
    const photosOf = async () =>
      (
        await db.query<{ case_code: string; position: number }>("SELECT case_code, position FROM case_photos ORDER BY case_code, position")
      ).map((r) => `${r.case_code}/${r.position}`);
    const fileKept = (name: string) => existsSync(path.join(dataDir, storedPath(name)));

    it("deletes the report photos of cases closed past the period, keeps a consenting reporter's, proof photos and the younger, and the audit within five years", async () => {
      // Past the photo period (and the contact period): photos go, but not the proof.
      await seedCase("PA-OLD", "closed", ago(PHOTO_DAYS, -60_000), [
        { proof: false, file: "old-report" },
        { proof: true, file: "old-proof" },
      ]);
      await seedCase("PA-REJ", "rejected", ago(PHOTO_DAYS, -60_000), [{ proof: false, file: "rejected" }]);
      // Just inside the period.
      await seedCase("PA-NEW", "closed", ago(PHOTO_DAYS, 60_000), [{ proof: false, file: "new-report" }]);
      // Still being handled, however old.
      await seedCase("PA-OPEN", "in_progress", ago(PHOTO_DAYS * 2), [{ proof: false, file: "open-report" }]);
      // Consented (latest answer granted): kept. Withdrawn after consenting: deleted.
      await seedCase("PA-KEPT", "closed", ago(PHOTO_DAYS, -60_000), [{ proof: false, file: "kept" }]);
      await answer("PA-KEPT", true, 1);
      await seedCase("PA-WDRN", "closed", ago(PHOTO_DAYS, -60_000), [{ proof: false, file: "withdrawn" }]);
      await answer("PA-WDRN", true, 1);
      await answer("PA-WDRN", false, 2);
      // Consented, and past the contact period only: its reporter is let go now, the consent stays with the case.
      await seedCase("PA-LATE", "closed", ago(CONTACT_DAYS, -60_000), [{ proof: false, file: "late" }]);
      await answer("PA-LATE", true, 1);
      // A file two cases share: the one left past its period keeps it for the other.
      await db.query("UPDATE case_photos SET stored_path = $1 WHERE case_code = 'PA-REJ'", [storedPath("new-report")]);

      const auditDays = DEFAULT_RETENTION_DAYS.accessAudit;
      for (const [reader, at, commune] of [
        ["old", ago(auditDays, -1000), COMMUNE],
        ["new", ago(auditDays, 1000), COMMUNE],
        ["other", ago(auditDays * 2), "phu-xa"],
      ] as const)
        await db.query(
          "INSERT INTO access_audit (commune_id, reader_id, case_code, what, surface, at) VALUES ($1, $2, 'PA-OLD', 'contact', 'api', $3)",
          [commune, reader, at],
        );

      const counts = await purge();
      expect(counts.closedCasePhotos).to.equal(3);
      expect(counts.accessAudit).to.equal(1);
      expect(await photosOf()).to.deep.equal(["PA-KEPT/0", "PA-LATE/0", "PA-NEW/0", "PA-OLD/1", "PA-OPEN/0"]);
      expect(
        (await db.query<{ reader_id: string }>("SELECT reader_id FROM access_audit ORDER BY reader_id")).map((r) => r.reader_id),
      ).to.deep.equal(["new", "other"]);
      const report = await db.query<{ counts: Record<string, number> }>("SELECT counts FROM privacy_purges");
      expect(report[0]!.counts).to.include({ closedCasePhotos: 3, accessAudit: 1 });

      // The files no case refers to any more go through the sweep; a shared file stays.
      expect(await purgeUnreferencedPhotos({ db, photos: dirPhotoStore(dataDir) })).to.equal(3);
      expect(["old-report", "rejected", "withdrawn", "old-proof", "new-report", "open-report", "kept", "late"].map(fileKept)).to.deep.equal(
        [false, false, false, true, true, true, true, true],
      );

      // PA-LATE's reporter is gone from the case; past the photo period its photo is still kept by the consent it had.
      const late = await db.query<{ reporter_hash: string | null; photos_kept_by_consent: boolean }>(
        "SELECT reporter_hash, photos_kept_by_consent FROM cases WHERE code = 'PA-LATE'",
      );
      expect(late).to.deep.equal([{ reporter_hash: null, photos_kept_by_consent: true }]);
      const old = await db.query<{ photos_kept_by_consent: boolean }>("SELECT photos_kept_by_consent FROM cases WHERE code = 'PA-WDRN'");
      expect(old).to.deep.equal([{ photos_kept_by_consent: false }]);
      const later = await purgeExpired({
        db,
        redis,
        prefix,
        communeId: COMMUNE,
        retentionDays: { ...retentionDays, closedCasePhotos: 1 },
        ratingWindowDays: 7,
        now: () => NOW,
      });
      expect(later.closedCasePhotos).to.equal(1);
      expect(await photosOf()).to.deep.equal(["PA-KEPT/0", "PA-LATE/0", "PA-OLD/1", "PA-OPEN/0"]);
      // Every case is still there.
      expect((await db.query("SELECT code FROM cases")).length).to.equal(7);
    });
  });
}
