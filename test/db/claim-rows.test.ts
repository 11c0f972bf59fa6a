import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import { COMMUNE_TABLES, claimUnownedRows, UnownedRowsError } from "../../src/db/claim-rows.js";
import type { Database } from "../../src/db/database.js";
import { loadMigrations, migrate } from "../../src/db/migrate.js";
import { findByCode, followedBy, pendingNotices, upsertDossiers } from "../../src/dossiers/repository.js";
import { openProcedureCatalogues } from "../../src/procedures/open.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

// A single-commune database from before communes had ids (migrations 001–011), with dossiers,
// their followers and a procedure catalogue in it, upgraded and started as a province of one.

const CODE = "000.00.21.H26-251126-0001";
const OTHER = "000.00.21.H26-251127-0002";
const COMMUNE_TABLE_OF_THIS_CHANGE = ["dossiers", "dossier_followers", "procedures", "procedure_imports"];

/** The rows today's code could not have written: no commune anywhere. */
async function fillBeforeCommunes(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO dossiers (code, procedure, channel, status, received_at, due_at) VALUES
      ('${CODE}', 'Đăng ký kết hôn', 'online', 4, '2025-11-26T09:34:00Z', '2025-12-01T10:00:00Z'),
      ('${OTHER}', 'Chứng thực chữ ký', 'direct', 10, '2025-11-27T02:00:00Z', NULL);
    INSERT INTO dossier_followers (dossier_code, channel, user_id, last_notified_status) VALUES
      ('${CODE}', 'zalo', '5210000000000000001', 2),
      ('${OTHER}', 'zalo', '5210000000000000001', 10);
    INSERT INTO procedures (id, position, national_code, name, entry) VALUES
      ('dang-ky-khai-sinh', 0, NULL, 'Đăng ký khai sinh', '{"id":"dang-ky-khai-sinh","name":"Đăng ký khai sinh","aliases":[],"documents":[],"source":"Luật Hộ tịch 2014","sourceDate":"2026-11-30"}'),
      ('dang-ky-ket-hon', 1, NULL, 'Đăng ký kết hôn', '{"id":"dang-ky-ket-hon","name":"Đăng ký kết hôn","aliases":[],"documents":[],"source":"Luật Hộ tịch 2014","sourceDate":"2026-11-30"}');
    INSERT INTO procedure_imports (source, sha256, example, procedures) VALUES ('api', 'before-communes', false, 2);
  `);
}

async function nullableCommuneColumns(db: Database): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name = 'commune_id' AND is_nullable = 'YES' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function unowned(db: Database, table: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE commune_id IS NULL`);
  return rows[0]!.n;
}

function secondCommune(): CommuneConfig {
  return { ...exampleConfig(), id: "phu-xa", name: "Xã Phú Xá", zalo: { oaId: "3000000000000000001" } };
}

for (const backend of BACKENDS) {
  describe(`claiming rows from before communes had ids on ${backend}`, function () {
    // Migration runs on fresh databases: slow on a loaded machine.
    this.timeout(120_000);
    let db: Database;
    beforeEach(async () => {
      db = await openTestDatabase(backend, { migrate: false });
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < "012"),
      );
      await fillBeforeCommunes(db);
      await migrate(db);
    });
    afterEach(async () => {
      await db?.close();
    });

    it("dossiers, followers and the procedure catalogue are among the tables claimed", () => {
      expect(COMMUNE_TABLES).to.include.members(COMMUNE_TABLE_OF_THIS_CHANGE);
    });

    it("a province of one owns every row, the columns become NOT NULL, and its catalogue and dossiers are its own", async () => {
      for (const t of COMMUNE_TABLE_OF_THIS_CHANGE) expect(await unowned(db, t), t).to.be.above(0);
      const kieuPhu = exampleConfig();
      const communes = new Communes([{ ...kieuPhu, procedureCatalogue: undefined }]);
      const claimed = await claimUnownedRows(db, communes);
      expect(claimed).to.be.at.least(2 + 2 + 2 + 1);
      for (const t of COMMUNE_TABLES) expect(await unowned(db, t), t).to.equal(0);
      // Officers alone stay nullable (province users have no commune); a member without one is refused.
      expect(await nullableCommuneColumns(db)).to.deep.equal(["officers"]);
      let memberRefused = false;
      await db
        .query("INSERT INTO officers (id, name, role) VALUES ('khong-xa', 'Không xã', 'officer')")
        .catch(() => (memberRefused = true));
      expect(memberRefused, "a commune's officer without a commune is refused").to.equal(true);
      await db.query("INSERT INTO officers (id, name, role) VALUES ('so-tttt', 'Sở TT&TT', 'province')");
      const owners = await db.query<{ commune_id: string }>(
        `SELECT commune_id FROM dossiers UNION SELECT commune_id FROM dossier_followers
         UNION SELECT commune_id FROM procedures UNION SELECT commune_id FROM procedure_imports`,
      );
      expect(owners.map((o) => o.commune_id)).to.deep.equal([kieuPhu.id]);

      // Started: the commune's catalogue is the one imported before communes, its dossiers and followers are its own.
      const catalogues = await openProcedureCatalogues(db, communes);
      expect((await catalogues.of(kieuPhu.id).current()).procedures.map((p) => p.id)).to.deep.equal([
        "dang-ky-khai-sinh",
        "dang-ky-ket-hon",
      ]);
      expect((await findByCode(db, kieuPhu.id, CODE))?.status).to.equal(4);
      expect(await followedBy(db, kieuPhu.id, "zalo", "5210000000000000001")).to.deep.equal([CODE, OTHER].sort());
      expect((await pendingNotices(db)).map((n) => [n.communeId, n.code])).to.deep.equal([[kieuPhu.id, CODE]]);

      // A row without a commune can no longer be written.
      let refused = false;
      await db
        .query(
          "INSERT INTO dossiers (code, procedure, channel, status, received_at) VALUES ('000.00.21.H26-251128-0003', 'x', 'online', 1, now())",
        )
        .catch(() => (refused = true));
      expect(refused, "a dossier without a commune is refused").to.equal(true);
      // The same import again claims nothing more.
      expect(await claimUnownedRows(db, communes)).to.equal(0);
      // And its next import is the commune's, over the old rows.
      const again = await upsertDossiers(db, kieuPhu.id, [
        {
          code: CODE,
          procedure: "Đăng ký kết hôn",
          channel: "online",
          status: 5,
          receivedAt: new Date("2025-11-26T09:34:00Z"),
          dueAt: new Date("2025-12-01T10:00:00Z"),
          finishedAt: null,
        },
      ]);
      expect(again.outcomes).to.deep.equal([{ code: CODE, outcome: "updated" }]);
    });

    it("a deployment of several communes refuses to start while dossiers or catalogues belong to none", async () => {
      await db.exec("DELETE FROM teams; DELETE FROM officers;");
      const communes = new Communes([exampleConfig(), secondCommune()]);
      let error: unknown;
      await claimUnownedRows(db, communes).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(UnownedRowsError);
      expect((error as Error).message).to.match(/rows of (dossiers|dossier_followers|procedures|procedure_imports) belong to no commune/);
      // Nothing claimed, nothing made NOT NULL (one transaction).
      expect(await unowned(db, "dossiers")).to.equal(2);
      expect(await nullableCommuneColumns(db)).to.include.members(COMMUNE_TABLE_OF_THIS_CHANGE);
    });
  });
}
