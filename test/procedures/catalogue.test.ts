import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { withTempDir } from "../support/temp-folder.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Database } from "../../src/db/database.js";
import { loadCatalogueFile, type Procedure, ProcedureCatalogueError, sha256 } from "../../src/procedures/catalogue.js";
import { openProcedureCatalogue } from "../../src/procedures/open.js";
import { loadCatalogue, replaceCatalogue } from "../../src/procedures/repository.js";
import { ProcedureCatalogueStore } from "../../src/procedures/store.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { SHARED_DIR } from "../support/shared.js";

const EXAMPLE = exampleConfig().procedureCatalogue!;
/** The facts the example's papers, times and fees may come from, each with its legal source. */
const PROCEDURE_FACTS = path.join(SHARED_DIR, "data", "procedures-facts.md");

interface FactRow {
  procedure: string;
  documents: string;
  processingTime: string;
  fee: string;
  source: string;
}

/** The table of PROCEDURE_FACTS, a row per procedure ("Đăng ký kết hôn (both Vietnamese…)" → "Đăng ký kết hôn"). */
function factRows(): FactRow[] {
  return readFileSync(PROCEDURE_FACTS, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| procedure "))
    .map((l) =>
      l
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    )
    .map(([procedure = "", documents = "", processingTime = "", fee = "", source = ""]) => ({
      procedure: procedure.replace(/\s*\(.*\)$/, ""),
      documents,
      processingTime,
      fee,
      source,
    }));
}

function filledFields(p: Procedure): (keyof Omit<FactRow, "procedure" | "source"> | "onlineUrl")[] {
  return [
    ...(p.documents.length ? (["documents"] as const) : []),
    ...(p.processingTime ? (["processingTime"] as const) : []),
    ...(p.fee ? (["fee"] as const) : []),
    ...(p.onlineUrl ? (["onlineUrl"] as const) : []),
  ];
}

/** The numbers of a text, thousands separators dropped: "2.000 đ", "2,000 đ" → "2000". */
const figures = (text: string) => [...text.matchAll(/\d+(?:[.,]\d{3})*/g)].map((m) => m[0].replace(/[.,]/g, ""));

describe("procedure catalogue: the example file", () => {
  it("is marked as an example, and records a source and a date for every procedure", () => {
    const { catalogue } = loadCatalogueFile(EXAMPLE);
    expect(catalogue.example).to.equal(true);
    expect(catalogue.notice).to.include("DANH MỤC MẪU");
    expect(catalogue.procedures.length).to.be.within(15, 20);
    for (const p of catalogue.procedures) {
      expect(p.source, p.id).to.have.length.greaterThan(10);
      expect(p.sourceDate, p.id).to.match(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("states papers, time and fee only for the procedures whose facts have a source", () => {
    const { catalogue } = loadCatalogueFile(EXAMPLE);
    const withFacts = catalogue.procedures.filter((p) => p.documents.length || p.fee || p.processingTime).map((p) => p.id);
    expect(withFacts).to.deep.equal([
      "dang-ky-khai-sinh",
      "dang-ky-ket-hon",
      "dang-ky-khai-tu",
      "xac-nhan-tinh-trang-hon-nhan",
      "chung-thuc-ban-sao",
      "chung-thuc-chu-ky",
    ]);
    // The rest say what to fill in.
    for (const p of catalogue.procedures.filter((x) => !withFacts.includes(x.id))) expect(p.reviewNote, p.id).to.include("Bổ sung");
  });

  it("states each filled field only with the legal source of its row in the shared facts table", () => {
    const { catalogue } = loadCatalogueFile(EXAMPLE);
    const rows = factRows();
    expect(rows.length, PROCEDURE_FACTS).to.be.at.least(6);
    for (const p of catalogue.procedures) {
      const filled = filledFields(p);
      const row = rows.find((r) => r.procedure === p.name);
      if (!row) {
        // No source: nothing stated, and the file says so.
        expect(filled, `${p.id} has no row in ${PROCEDURE_FACTS}`).to.deep.equal([]);
        expect(p.source, p.id).to.include("chưa có nguồn đã kiểm chứng");
        continue;
      }
      expect(p.source.replace(/\.$/, ""), p.id).to.equal(row.source.replace(/\bart\. /g, "điều "));
      expect(p.source, p.id).not.to.include("chưa có nguồn");
      for (const field of filled.filter((f) => f !== "onlineUrl")) expect(row[field], `${p.id}.${field}`).to.not.equal("");
      // Every figure stated (an amount, a number of days, an hour) is one of the row's.
      const stated = [p.fee, p.processingTime, p.note, ...p.documents.flatMap((d) => [d.name, d.note])].join(" ");
      for (const figure of figures(stated)) {
        expect(figures(Object.values(row).join(" ")), `${p.id}: ${figure} in ${stated}`).to.include(figure);
      }
      // The table's note: the portals take civil-status procedures (Luật Hộ tịch) online.
      if (filled.includes("onlineUrl")) expect(p.source, `${p.id}.onlineUrl`).to.match(/Luật Hộ tịch 2014|Nghị định 123\/2015/);
    }
  });

  it("names the row, the procedure and the field of each problem in a bad file", () =>
    withTempDir("catalogue-", (dir) => {
      const file = path.join(dir, "bad.json");
      const json = JSON.parse(readFileSync(EXAMPLE, "utf8")) as { procedures: Record<string, unknown>[] };
      json.procedures[2]!.fee = "";
      json.procedures[4]!.documents = [{ name: "Tờ khai", form: "photo" }];
      writeFileSync(file, JSON.stringify(json));
      try {
        loadCatalogueFile(file);
        expect.fail("should throw");
      } catch (err) {
        expect(err).to.be.instanceOf(ProcedureCatalogueError);
        const message = (err as Error).message;
        expect(message).to.include(file).and.include("procedures[2] (dang-ky-khai-tu).fee: must not be empty");
        expect(message).to.include("procedures[4] (chung-thuc-ban-sao).documents.0.form");
      }
    }));
});

for (const backend of BACKENDS) {
  describe(`procedure catalogue: start-up, imports and restarts (${backend})`, function () {
    this.timeout(30_000);
    let db: Database;
    let dir: string;
    before(async () => {
      db = await openTestDatabase(backend);
    });
    // Each test starts as a first start would: no catalogue yet (one database for the file: a
    // fresh embedded one costs more than the test).
    beforeEach(async () => {
      await db.exec("DELETE FROM procedures; DELETE FROM procedure_imports;");
      dir = mkdtempSync(path.join(tmpdir(), "catalogue-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    after(async () => {
      await db?.close();
    });

    /** The example commune with a catalogue file of its own (a copy of the example's). */
    function commune(edit?: (json: { procedures: Record<string, unknown>[] }) => void): CommuneConfig {
      const json = JSON.parse(readFileSync(EXAMPLE, "utf8")) as { procedures: Record<string, unknown>[] };
      edit?.(json);
      const file = path.join(dir, "procedures.json");
      writeFileSync(file, JSON.stringify(json));
      return { ...exampleConfig(), procedureCatalogue: file };
    }
    const imports = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM procedure_imports"))[0]!.n;

    it("imports the commune's file at the first start, and not again while it is unchanged", async () => {
      const c = commune();
      const first = await (await openProcedureCatalogue(db, c)).current();
      expect(first.procedures.map((p) => p.id)).to.include("dang-ky-khai-sinh");
      expect(first.example).to.equal(true);
      await openProcedureCatalogue(db, c);
      expect(await imports()).to.equal(1);
    });

    it("keeps an API import across a restart, until the file itself changes", async () => {
      await openProcedureCatalogue(db, commune());
      const api = {
        catalogue: {
          example: false,
          procedures: [{ ...loadCatalogueFile(EXAMPLE).catalogue.procedures[0]!, name: "Đăng ký khai sinh (bản của xã)" }],
        },
        sha256: "api",
      };
      await replaceCatalogue(db, "kieu-phu", api, "api");
      // Restart with the same file: the import stays.
      const kept = await (await openProcedureCatalogue(db, commune())).current();
      expect(kept.procedures.map((p) => p.name)).to.deep.equal(["Đăng ký khai sinh (bản của xã)"]);
      // The file edited, then a restart: the file is newer.
      const edited = await (
        await openProcedureCatalogue(
          db,
          commune((j) => {
            j.procedures = j.procedures.slice(0, 3);
          }),
        )
      ).current();
      expect(edited.procedures).to.have.length(3);
      expect(await imports()).to.equal(3);
    });

    it("two processes starting together import a changed file once", async () => {
      const c = commune();
      await Promise.all([openProcedureCatalogue(db, c), openProcedureCatalogue(db, c)]);
      expect(await imports()).to.equal(1);
    });

    it("refuses to start on a bad file, naming the row", async () => {
      const c = commune((j) => {
        j.procedures[1]!.sourceDate = "hôm nay";
      });
      try {
        await openProcedureCatalogue(db, c);
        expect.fail("should throw");
      } catch (err) {
        expect((err as Error).message).to.include("procedures[1] (dang-ky-ket-hon).sourceDate");
      }
      expect(await imports()).to.equal(0);
    });

    it("another process's import is seen after the recheck interval", async () => {
      await openProcedureCatalogue(db, commune());
      let now = 0;
      const store = new ProcedureCatalogueStore(db, "kieu-phu", { recheckMs: 5000, clock: () => now });
      const before = await store.current();
      const one = { catalogue: { example: false, procedures: [loadCatalogueFile(EXAMPLE).catalogue.procedures[4]!] }, sha256: sha256("x") };
      await replaceCatalogue(db, "kieu-phu", one, "api");
      now = 4000;
      expect(await store.current()).to.equal(before);
      now = 5001;
      expect((await store.current()).procedures.map((p) => p.id)).to.deep.equal(["chung-thuc-ban-sao"]);
      expect((await loadCatalogue(db, "kieu-phu")).version).to.equal((await store.current()).version);
    });
  });
}
