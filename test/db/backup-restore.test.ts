import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import type { NewCase } from "../../src/cases/case.js";
import { getCase, listCases } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Database } from "../../src/db/database.js";
import { openDatabase } from "../../src/db/open.js";
import { openPostgres } from "../../src/db/postgres.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { TEST_DATABASE_URL } from "../support/db.js";
import { provinceOfTwo } from "../support/province.js";

const run = promisify(execFile);

// README "Backups": what is backed up and how it is restored, done here as the README says, on a
// database of two communes; every case of both is found in the restored copy.
describe("backup and restore of a two-commune deployment", function () {
  this.timeout(60_000);
  const { a, b } = provinceOfTwo();
  let work: string;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "backup-"));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** Both communes' teams and officers, and five cases each; their codes by commune. */
  async function fill(db: Database): Promise<Map<string, string[]>> {
    const codes = new Map<string, string[]>();
    for (const commune of [a, b]) {
      await syncFromCommune(db, commune);
      const mine: string[] = [];
      for (let i = 0; i < 5; i++) mine.push((await fileCase(db, commune, report(commune, i))).case.code);
      codes.set(commune.id, mine);
    }
    return codes;
  }

  /** Every case of both communes is there, in its own commune, with its description and history. */
  async function expectEveryCase(db: Database, codes: Map<string, string[]>): Promise<void> {
    for (const [communeId, mine] of codes) {
      const { cases, total } = await listCases(db, { communeId, limit: 1000 });
      expect(total, communeId).to.equal(mine.length);
      expect(cases.map((c) => c.code).sort()).to.deep.equal([...mine].sort());
      for (const code of mine) {
        const c = await getCase(db, code);
        expect(c?.communeId).to.equal(communeId);
        expect(c?.description).to.include(communeId);
        expect(c?.events.length).to.be.at.least(1);
      }
    }
  }

  it("PostgreSQL: pg_dump -Fc of the database, pg_restore into a new one", async () => {
    const server = new URL(TEST_DATABASE_URL);
    const name = `hotline_backup_${randomBytes(4).toString("hex")}`;
    const urlOf = (db: string) => Object.assign(new URL(server), { pathname: `/${db}` }).toString();
    const admin = openPostgres(TEST_DATABASE_URL, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}_live`);
    await admin.exec(`CREATE DATABASE ${name}_restored`);
    try {
      const live = await openDatabase({ DATABASE_URL: urlOf(`${name}_live`), DATA_DIR: work });
      const codes = await fill(live);
      const dump = path.join(work, "hotline.dump");
      // As in the README, while the hotline runs (pg_dump reads one consistent snapshot).
      await run("pg_dump", ["-Fc", "--no-owner", "--no-privileges", "-f", dump, urlOf(`${name}_live`)]);
      await live.close();

      await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "-d", urlOf(`${name}_restored`), dump]);
      // The hotline opens the restored database as any other: migrations find nothing to do.
      const restored = await openDatabase({ DATABASE_URL: urlOf(`${name}_restored`), DATA_DIR: work });
      try {
        await expectEveryCase(restored, codes);
        // New cases go on after the restored ones (sequences and triggers came back too).
        const next = await fileCase(restored, b, report(b, 99));
        expect(next.created).to.equal(true);
        expect((await listCases(restored, { communeId: b.id })).total).to.equal(6);
      } finally {
        await restored.close();
      }
    } finally {
      await admin.exec(`DROP DATABASE IF EXISTS ${name}_live WITH (FORCE)`);
      await admin.exec(`DROP DATABASE IF EXISTS ${name}_restored WITH (FORCE)`);
      await admin.close();
    }
  });

  it("embedded (PGlite): a copy of DATA_DIR made while the hotline is stopped, photos included", async () => {
    const dataDir = path.join(work, "data");
    const live = await openDatabase({ DATA_DIR: dataDir });
    const codes = await fill(live);
    await live.close();
    // A kept photo, where the photo keeper writes them (DATA_DIR/photos).
    await mkdir(path.join(dataDir, "photos", "ab"), { recursive: true });
    await writeFile(path.join(dataDir, "photos", "ab", "photo.jpg"), "a kept photo");

    const copy = path.join(work, "restored-data");
    await cp(dataDir, copy, { recursive: true });
    await rm(dataDir, { recursive: true, force: true });

    const restored = await openDatabase({ DATA_DIR: copy });
    try {
      await expectEveryCase(restored, codes);
      expect(await readFile(path.join(copy, "photos", "ab", "photo.jpg"), "utf8")).to.equal("a kept photo");
    } finally {
      await restored.close();
    }
  });
});

let seq = 0;
function report(commune: CommuneConfig, i: number): NewCase {
  seq += 1;
  return {
    sourceKey: `backup-${commune.id}-${i}-${seq}-${Math.random()}`,
    category: "xay_dung_khong_phep",
    location: { lat: 21.005, lng: 105.61 },
    description: `Nhà dân đang đổ móng không có giấy phép (${commune.id}, báo lần ${i + 1})`,
    reporter: { channel: "zalo", userId: `user-${commune.id}-${seq}` },
    contact: { name: "Nguyễn Văn A", phone: "0912345678" },
  };
}
