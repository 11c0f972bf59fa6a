import { Readable } from "node:stream";
import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { importDossiers } from "../../src/dossiers/import.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

const ROWS = 100_000;
const PROCEDURES = ["Đăng ký kết hôn", "Chứng thực bản sao từ bản chính", '"Đăng ký nhận cha, mẹ, con"', "Cấp giấy phép xây dựng nhà ở riêng lẻ"];

/** A contract CSV generated on the fly, never held whole in memory. */
function* generate(rows: number): Generator<string> {
  yield "\uFEFFcode,procedure,channel,status,received_at,due_at,finished_at\r\n";
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const dd = String(day).padStart(2, "0");
    // one code per row: the sequence number carries the row index
    const code = `000.00.21.H26-2511${dd}-${String(i).padStart(6, "0")}`;
    const finished = i % 3 === 0 ? `${dd}/11/2025 15:00` : "";
    yield `${code},${PROCEDURES[i % PROCEDURES.length]},${i % 2 ? "online" : "direct"},${1 + (i % 10)},${dd}/11/2025 08:00,2025-12-${dd}T17:00:00+07:00,${finished}\r\n`;
  }
}

for (const backend of BACKENDS) {
  describe(`dossiers/import of ${ROWS.toLocaleString("en")} rows on ${backend} (streaming)`, function () {
    this.timeout(600_000);
    let db: Database;
    before(async () => {
      db = await openTestDatabase(backend);
    });
    after(async () => {
      await db?.close();
    });

    it("imports them all in flat memory", async () => {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      let progressCalls = 0;
      const summary = await importDossiers(db, Readable.from(generate(ROWS)), {
        progressEvery: 5000,
        onProgress: () => {
          progressCalls++;
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
      });
      const growthMb = (peak - heapBefore) / 1024 / 1024;
      expect(summary).to.deep.include({ read: ROWS, inserted: ROWS, updated: 0, unchanged: 0, rejected: [], statusChanges: [] });
      expect(progressCalls).to.equal(ROWS / 5000 + 1);
      const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM dossiers");
      expect(row!.n).to.equal(ROWS);
      expect(growthMb, `heap grew ${growthMb.toFixed(1)} MB`).to.be.lessThan(150);
    });
  });
}
