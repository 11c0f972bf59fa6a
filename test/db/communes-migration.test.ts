import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import { claimUnownedRows, COMMUNE_TABLES, UnownedRowsError } from "../../src/db/claim-rows.js";
import type { Database } from "../../src/db/database.js";
import { loadMigrations, migrate } from "../../src/db/migrate.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { provinceOfTwo } from "../support/province.js";

/** A single-commune database as the hotline kept it before communes had ids (migrations 001–011). */
async function singleCommuneDatabase(db: Database): Promise<void> {
  await migrate(
    db,
    loadMigrations().filter((m) => m.version < "012"),
  );
  await db.exec(`
    INSERT INTO teams (id, name) VALUES ('trat-tu-bac', 'Tổ trật tự Bắc');
    INSERT INTO officers (id, name, role, team_id, zalo_user_id) VALUES ('nguyen-van-hung', 'Nguyễn Văn Hùng', 'lead', 'trat-tu-bac', '5210000000000000001');
    INSERT INTO officer_link_codes (code, officer_id, expires_at, created_at) VALUES ('ABCDEFGHJK', 'nguyen-van-hung', now() + interval '1 day', now());
    INSERT INTO cases (code, source_key, category, team_id, description) VALUES ('PA-251201-AAAA', 'zalo:1', 'lan_chiem', 'trat-tu-bac', 'Lấn chiếm vỉa hè');
    INSERT INTO case_photos (case_code, position, source_url, created_at) VALUES ('PA-251201-AAAA', 1, 'https://example.invalid/1.jpg', now());
    INSERT INTO case_notes (case_code, author, body) VALUES ('PA-251201-AAAA', 'nguyen-van-hung', 'Đã xuống kiểm tra');
    INSERT INTO case_followers (case_code, channel, user_id) VALUES ('PA-251201-AAAA', 'zalo', '7000000000000000001');
    INSERT INTO held_notices (channel, user_id, dedupe_key, replies) VALUES ('zalo', '7000000000000000001', 'k1', '[]');
    INSERT INTO shared_phones (channel, user_id, phone_hash, shared_at) VALUES ('zalo', '7000000000000000001', 'h', now());
  `);
}

async function counts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of COMMUNE_TABLES) out[t] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
  return out;
}

for (const backend of BACKENDS) {
  describe(`a single-commune database becomes a province's on ${backend}`, function () {
    // Migrations on a fresh embedded database: slow on a loaded machine.
    this.timeout(120_000);

    it("every row is claimed by the commune, nothing is lost, and no row can lack a commune afterwards", async () => {
      const db = await openTestDatabase(backend, { migrate: false });
      try {
        await singleCommuneDatabase(db);
        const before = await counts(db);
        await migrate(db);
        const commune = exampleConfig();
        expect(await claimUnownedRows(db, new Communes([commune]))).to.be.greaterThan(0);
        expect(await counts(db)).to.deep.equal(before);
        for (const t of COMMUNE_TABLES) {
          const stray = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE commune_id IS DISTINCT FROM $1`, [
            commune.id,
          ]);
          expect(stray[0]!.n, t).to.equal(0);
        }
        // A later row of a case takes the case's commune by itself; a case without one is refused.
        await db.query("INSERT INTO case_notes (case_code, author, body) VALUES ('PA-251201-AAAA', 'nguyen-van-hung', 'Lần 2')");
        const notes = await db.query<{ commune_id: string }>("SELECT DISTINCT commune_id FROM case_notes");
        expect(notes.map((n) => n.commune_id)).to.deep.equal([commune.id]);
        let refused = false;
        try {
          await db.query("INSERT INTO cases (code, source_key, category, description) VALUES ('PA-251201-BBBB', 'zalo:2', 'khac', 'x')");
        } catch {
          refused = true;
        }
        expect(refused, "a case without a commune").to.equal(true);
        // Starting again claims nothing more.
        expect(await claimUnownedRows(db, new Communes([commune]))).to.equal(0);
      } finally {
        await db.close();
      }
    });

    it("a deployment of several communes refuses to start while rows belong to none", async () => {
      const db = await openTestDatabase(backend, { migrate: false });
      try {
        await singleCommuneDatabase(db);
        await migrate(db);
        let err: unknown;
        try {
          await claimUnownedRows(db, provinceOfTwo().communes);
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(UnownedRowsError);
        expect((err as Error).message).to.include("COMMUNE_CONFIG");
        const still = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE commune_id IS NULL");
        expect(still[0]!.n).to.equal(1);
      } finally {
        await db.close();
      }
    });
  });
}
