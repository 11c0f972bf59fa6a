import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import { claimUnownedRows } from "../../src/db/claim-rows.js";
import type { Database } from "../../src/db/database.js";
import { loadMigrations, migrate } from "../../src/db/migrate.js";
import { getOfficer } from "../../src/officers/officer-queries.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

// Migration 016 (issue 23): the roles of a province deployment. A registry officer of the old role
// `admin` becomes its commune's `commune_admin`; province users have no commune, team or Zalo link;
// a commune's member still needs a commune once the rows are claimed.

const refused = (db: Database, sql: string) =>
  db.query(sql).then(
    () => false,
    () => true,
  );

for (const backend of BACKENDS) {
  describe(`migration 016, the roles, on ${backend}`, function () {
    // Migrations on a fresh embedded database: slow on a loaded machine.
    this.timeout(120_000);

    it("the registry's admin becomes commune_admin, and only province users lack a commune", async () => {
      const db = await openTestDatabase(backend, { migrate: false });
      try {
        await migrate(
          db,
          loadMigrations().filter((m) => m.version < "016"),
        );
        await claimUnownedRows(db, new Communes([exampleConfig()]));
        await db.query(
          "INSERT INTO officers (id, name, role, commune_id) VALUES ('quan-tri', 'Quản trị xã', 'admin', 'kieu-phu'), ('can-bo', 'Cán bộ', 'officer', 'kieu-phu')",
        );
        await migrate(db);
        await claimUnownedRows(db, new Communes([exampleConfig()]));

        expect(await getOfficer(db, "quan-tri")).to.deep.include({ role: "commune_admin", communeId: "kieu-phu" });
        expect(await getOfficer(db, "can-bo")).to.deep.include({ role: "officer", communeId: "kieu-phu" });
        expect(
          await refused(db, "INSERT INTO officers (id, name, role, commune_id) VALUES ('x', 'X', 'admin', 'kieu-phu')"),
          "role admin",
        ).to.equal(true);
        expect(
          await refused(db, "INSERT INTO officers (id, name, role) VALUES ('so', 'Sở', 'province')"),
          "province without commune",
        ).to.equal(false);
        expect(await getOfficer(db, "so")).to.deep.include({ role: "province", communeId: null });
        expect(
          await refused(db, "INSERT INTO officers (id, name, role, commune_id) VALUES ('so-2', 'Sở', 'province_admin', 'kieu-phu')"),
          "province user with a commune",
        ).to.equal(true);
        expect(
          await refused(db, "INSERT INTO officers (id, name, role, zalo_user_id) VALUES ('so-3', 'Sở', 'province', '5210000000000000999')"),
          "province user with a Zalo link",
        ).to.equal(true);
        expect(
          await refused(db, "INSERT INTO officers (id, name, role) VALUES ('dpo', 'DPO', 'dpo')"),
          "a commune's dpo without a commune",
        ).to.equal(true);
        expect(
          await refused(db, "INSERT INTO officers (id, name, role, commune_id) VALUES ('dpo', 'DPO', 'dpo', 'kieu-phu')"),
          "dpo",
        ).to.equal(false);
        // Starting again claims nothing: a province user is nobody's unowned row.
        expect(await claimUnownedRows(db, new Communes([exampleConfig()]))).to.equal(0);
        expect(await getOfficer(db, "so")).to.deep.include({ communeId: null });
      } finally {
        await db.close();
      }
    });
  });
}
