import { Readable } from "node:stream";
import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import type { DossierInput } from "../../src/dossiers/dossier.js";
import { importDossiers, type RejectedRow, writeBatch } from "../../src/dossiers/import.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const row = (n: number, procedure = "Chứng thực chữ ký") => `000.00.21.H26-251209-${String(n).padStart(4, "0")},${procedure},direct,2,09/12/2025 08:00,,`;
const dossier = (n: number, procedure = "Chứng thực chữ ký"): DossierInput => ({
  code: `000.00.21.H26-251209-${String(n).padStart(4, "0")}`,
  procedure,
  channel: "direct",
  status: 2,
  receivedAt: new Date("2025-12-09T01:00:00Z"),
  dueAt: null,
  finishedAt: null,
});

for (const backend of BACKENDS) {
  describe(`dossiers/import: characters the database refuses (${backend})`, function () {
    this.timeout(120_000);
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
    const codes = async () => (await db.query<{ code: string }>("SELECT code FROM dossiers ORDER BY code")).map((r) => r.code.slice(-4));

    it("a cell with U+0000 or a lone surrogate is a rejected row naming its column; the rest of its batch is imported", async () => {
      const file = [HEADER, row(1), row(2, "Chứng\u0000thực"), row(3), row(4, "Sao y \uD800 bản chính"), row(5)].join("\n") + "\n";
      const s = await importDossiers(db, Readable.from([file]), { batchSize: 5 });
      expect(s).to.deep.include({ read: 5, inserted: 3 });
      expect(s.rejected).to.deep.equal([
        { line: 3, reason: "procedure: contains the character U+0000 (NUL), which cannot be stored" },
        { line: 5, reason: "procedure: contains an unpaired UTF-16 surrogate (not valid Unicode text)" },
      ]);
      expect(await codes()).to.deep.equal(["0001", "0003", "0005"]);
    });

    it("a row the database itself refuses costs only that row, not its batch", async () => {
      // Past the validation (as a future check the parser misses would be): the database refuses it.
      const rejected: RejectedRow[] = [];
      const results = await writeBatch(
        db,
        [1, 2, 3].map((n) => ({ line: n + 1, dossier: dossier(n, n === 2 ? "Chứng\u0000thực" : "Chứng thực") })),
        rejected,
      );
      expect(rejected).to.have.length(1);
      expect(rejected[0]!.line).to.equal(3);
      expect(rejected[0]!.reason).to.match(/^the database refused the row: /);
      expect(results.flatMap((r) => r.outcomes.map((o) => o.outcome))).to.deep.equal(["inserted", "inserted"]);
      expect(await codes()).to.deep.equal(["0001", "0003"]);
    });
  });
}
