import { Readable } from "node:stream";
import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { importDossiers } from "../../src/dossiers/import.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { generateDossierCsv as generate } from "../support/dossier-csv.js";

// Enough rows for several batches and progress reports; the 100,000-row run and its memory
// figure live in `npm run bench:import`, where a slow machine cannot make a test fail.
const ROWS = 12_000;
for (const backend of BACKENDS) {
  describe(`dossiers/import of ${ROWS.toLocaleString("en")} rows on ${backend} (streaming)`, function () {
    this.timeout(120_000);
    let db: Database;
    before(async () => {
      db = await openTestDatabase(backend);
    });
    after(async () => {
      await db?.close();
    });

    it("streams them all in batches, with progress, in bounded memory", async () => {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      let progressCalls = 0;
      const summary = await importDossiers(db, "kieu-phu", Readable.from(generate(ROWS)), {
        progressEvery: 1000,
        onProgress: () => {
          progressCalls++;
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
      });
      const growthMb = (peak - heapBefore) / 1024 / 1024;
      expect(summary).to.deep.include({ read: ROWS, inserted: ROWS, updated: 0, unchanged: 0, rejected: [], statusChanges: [] });
      expect(progressCalls).to.equal(ROWS / 1000 + 1);
      const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM dossiers");
      expect(row!.n).to.equal(ROWS);
      expect(growthMb, `heap grew ${growthMb.toFixed(1)} MB`).to.be.lessThan(150);
    });
  });
}
