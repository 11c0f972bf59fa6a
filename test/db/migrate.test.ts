import { expect } from "chai";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadMigrations, migrate } from "../../src/db/migrate.js";
import { openPostgres } from "../../src/db/postgres.js";
import { BACKENDS, openTestDatabase, TEST_DATABASE_URL } from "../support/db.js";

const TABLES = [
  "teams",
  "officers",
  "dossiers",
  "dossier_followers",
  "cases",
  "case_photos",
  "case_notes",
  "case_events",
  "case_links",
  "case_followers",
  "held_notices",
];

for (const backend of BACKENDS) {
  describe(`migrations on ${backend}`, () => {
    it("creates the first schema, and a second run changes nothing", async () => {
      const db = await openTestDatabase(backend, { migrate: false });
      try {
        const first = await migrate(db);
        expect(first).to.deep.equal(loadMigrations().map((m) => m.version));
        const schemaBefore = await db.query(
          "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2",
        );
        const second = await migrate(db);
        expect(second).to.deep.equal([]);
        const schemaAfter = await db.query(
          "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2",
        );
        expect(schemaAfter).to.deep.equal(schemaBefore);
        const tables = new Set(schemaAfter.map((r) => r.table_name));
        for (const t of TABLES) expect(tables.has(t), t).to.equal(true);
        const versions = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
        expect(versions[0]?.n).to.equal(loadMigrations().length);
      } finally {
        await db.close();
      }
    });
  });
}

for (const backend of BACKENDS) {
  describe(`004 case channel on ${backend}`, function () {
    // Two migration runs on a fresh embedded database: slow on a loaded machine.
    this.timeout(120_000);
    it("a case stored before the channel column existed reads as zalo; only the four channels are allowed", async () => {
      const db = await openTestDatabase(backend, { migrate: false });
      try {
        const all = loadMigrations();
        await migrate(
          db,
          all.filter((m) => m.version < "004"),
        );
        await db.query(
          "INSERT INTO cases (code, source_key, category, description) VALUES ('PA-250101-AAAA', 'zalo:old', 'xay_dung_khong_phep', 'cũ')",
        );
        await migrate(db, all);
        const rows = await db.query<{ channel: string }>("SELECT channel FROM cases WHERE code = 'PA-250101-AAAA'");
        expect(rows[0]?.channel).to.equal("zalo");
        for (const channel of ["phone", "counter", "open311"]) {
          await db.query("INSERT INTO cases (code, source_key, channel, category, description) VALUES ($1, $2, $3, 'x', 'y')", [
            `PA-250101-${channel.slice(0, 4).toUpperCase().padEnd(4, "X")}`,
            `k:${channel}`,
            channel,
          ]);
        }
        let refused = false;
        await db
          .query("INSERT INTO cases (code, source_key, channel, category, description) VALUES ('PA-250101-BBBB', 'k:fax', 'fax', 'x', 'y')")
          .catch(() => (refused = true));
        expect(refused, "a channel outside the four is refused").to.equal(true);
      } finally {
        await db.close();
      }
    });
  });
}

describe("migrations across processes (PostgreSQL)", () => {
  it("two processes starting at once migrate once", async () => {
    const schema = `t_${randomBytes(5).toString("hex")}`;
    const admin = openPostgres(TEST_DATABASE_URL, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    try {
      const script = `
        import { openPostgres } from "./src/db/postgres.ts";
        import { migrate } from "./src/db/migrate.ts";
        const db = openPostgres(${JSON.stringify(TEST_DATABASE_URL)}, { searchPath: ${JSON.stringify(schema)} });
        const applied = await migrate(db);
        await db.close();
        process.stdout.write(JSON.stringify(applied));
      `;
      const run = () =>
        new Promise<string[]>((resolve, reject) => {
          const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
            env: { ...process.env, NODE_ENV: "test" },
          });
          let out = "";
          let err = "";
          child.stdout.on("data", (d) => (out += d));
          child.stderr.on("data", (d) => (err += d));
          child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(err))));
        });
      const [a, b] = await Promise.all([run(), run()]);
      const all = loadMigrations().map((m) => m.version);
      // One process applied everything, the other found nothing left to do.
      expect([a, b].sort((x, y) => x.length - y.length)).to.deep.equal([[], all]);
      const rows = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.schema_migrations`);
      expect(rows[0]?.n).to.equal(all.length);
    } finally {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  });
});
