import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import type { DossierInput } from "../../src/dossiers/dossier.js";
import { DossierImportError, importDossiers, type ImportProgress, type RejectedRow, writeBatch } from "../../src/dossiers/import.js";
import { findByCode, type StatusChange } from "../../src/dossiers/repository.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

const SAMPLE = DOSSIERS_SAMPLE;
const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const csv = (...lines: string[]) => Readable.from([lines.join("\r\n") + "\r\n"]);
const row = (n: number, procedure = "Chứng thực chữ ký") =>
  `000.00.21.H26-251209-${String(n).padStart(4, "0")},${procedure},direct,2,09/12/2025 08:00,,`;
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
  describe(`dossiers/import on ${backend}`, function () {
    this.timeout(60_000);
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

    it("imports every row of the sample file", async () => {
      const sampleRows = readFileSync(SAMPLE, "utf8").trim().split("\n").length - 1;
      const progress: ImportProgress[] = [];
      const s = await importDossiers(db, "kieu-phu", createReadStream(SAMPLE), { onProgress: (p) => progress.push(p) });
      expect(s).to.deep.include({ read: sampleRows, inserted: sampleRows, updated: 0, unchanged: 0, rejected: [], statusChanges: [] });
      expect(progress.at(-1)).to.deep.equal({ read: sampleRows, inserted: sampleRows, updated: 0, unchanged: 0, rejected: 0 });
      const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM dossiers")) as [{ n: number }];
      expect(n).to.equal(sampleRows);

      // dd/mm/yyyy HH:mm row, Vietnam time
      const d1 = await findByCode(db, "kieu-phu", "000.00.21.H26-251126-0001");
      expect(d1).to.deep.include({ procedure: "Đăng ký kết hôn", channel: "online", status: 10 });
      expect(d1!.receivedAt.toISOString()).to.equal("2025-11-26T09:34:00.000Z");
      expect(d1!.dueAt!.toISOString()).to.equal("2025-12-01T10:00:00.000Z");
      expect(d1!.finishedAt!.toISOString()).to.equal("2025-12-01T03:53:00.000Z");
      // ISO row, still open; quoted procedure with commas
      const d2 = await findByCode(db, "kieu-phu", "000.00.21.H26-251126-0004");
      expect(d2).to.deep.include({ procedure: "Đăng ký biến động đất đai, tài sản gắn liền với đất", status: 6, finishedAt: null });
    });

    it("re-importing the same file changes nothing, not even updated_at", async () => {
      await importDossiers(db, "kieu-phu", createReadStream(SAMPLE));
      const before = await db.query<{ code: string; updated_at: Date }>("SELECT code, updated_at FROM dossiers ORDER BY code");
      await new Promise((r) => setTimeout(r, 20));
      const s = await importDossiers(db, "kieu-phu", createReadStream(SAMPLE));
      expect(s).to.deep.include({ inserted: 0, updated: 0, unchanged: s.read, rejected: [], statusChanges: [] });
      const after = await db.query<{ code: string; updated_at: Date }>("SELECT code, updated_at FROM dossiers ORDER BY code");
      expect(after.map((r) => [r.code, new Date(r.updated_at).getTime()])).to.deep.equal(
        before.map((r) => [r.code, new Date(r.updated_at).getTime()]),
      );
    });

    it("the same instant written another way is unchanged", async () => {
      await importDossiers(
        db,
        "kieu-phu",
        csv(HEADER, "000.00.21.H26-251117-0001,Trợ cấp xã hội hàng tháng,online,4,2025-11-17T10:25:00+07:00,2025-12-15T17:00:00+07:00,"),
      );
      const s = await importDossiers(
        db,
        "kieu-phu",
        csv(HEADER, "000.00.21.h26-251117-0001,Trợ cấp xã hội hàng tháng,ONLINE,Đang xử lý,17/11/2025 10:25,15/12/2025,"),
      );
      expect(s).to.deep.include({ unchanged: 1, updated: 0 });
    });

    it("reports status changes, and other changes as plain updates", async () => {
      await importDossiers(db, "kieu-phu", createReadStream(SAMPLE));
      const old = await findByCode(db, "kieu-phu", "000.00.21.H26-251117-0001");
      const hooked: StatusChange[][] = [];
      const s = await importDossiers(
        db,
        "kieu-phu",
        csv(
          HEADER,
          "000.00.21.H26-251117-0001,Trợ cấp xã hội hàng tháng,online,9,2025-11-17T10:25:00+07:00,2025-12-15T17:00:00+07:00,2025-12-10T09:00:00+07:00",
          "000.00.21.H26-251118-0001,Cấp giấy chứng nhận quyền sử dụng đất lần đầu,online,5,2025-11-18T13:15:00+07:00,2025-12-20T17:00:00+07:00,",
          "000.00.21.H26-251204-0001,Xác nhận tình trạng hôn nhân,direct,Đang xử lý,2025-12-04T11:34:00+07:00,2025-12-09T17:00:00+07:00,",
          "000.00.21.H26-251209-0001,Chứng thực chữ ký,direct,2,09/12/2025 08:00,09/12/2025 17:00,",
        ),
        { onStatusChanges: (c) => void hooked.push(c) },
      );
      expect(s).to.deep.include({ read: 4, inserted: 1, updated: 3, unchanged: 0 });
      expect(s.statusChanges).to.deep.equal([
        { code: "000.00.21.H26-251117-0001", from: 4, to: 9 },
        { code: "000.00.21.H26-251204-0001", from: 2, to: 4 },
      ]);
      expect(hooked.flat()).to.deep.equal(s.statusChanges);
      const now = await findByCode(db, "kieu-phu", "000.00.21.H26-251117-0001");
      expect(now!.status).to.equal(9);
      expect(now!.updatedAt.getTime()).to.be.greaterThan(old!.updatedAt.getTime());
    });

    it("a code repeated in one file: the later line wins", async () => {
      const s = await importDossiers(
        db,
        "kieu-phu",
        csv(
          HEADER,
          "000.00.21.H26-251209-0001,Chứng thực chữ ký,direct,1,09/12/2025 08:00,,",
          "000.00.21.H26-251209-0001,Chứng thực chữ ký,direct,2,09/12/2025 08:00,,",
          "000.00.21.H26-251209-0001,Chứng thực chữ ký,direct,2,09/12/2025 08:00,,",
        ),
      );
      expect(s).to.deep.include({
        inserted: 1,
        updated: 1,
        unchanged: 1,
        statusChanges: [{ code: "000.00.21.H26-251209-0001", from: 1, to: 2 }],
      });
      expect((await findByCode(db, "kieu-phu", "000.00.21.H26-251209-0001"))!.status).to.equal(2);
    });

    it("rejects bad rows with their line number (header = line 1) and imports the rest", async () => {
      const s = await importDossiers(
        db,
        "kieu-phu",
        csv(
          HEADER,
          /* 2 */ "000.00.21.H26-251209-0001,Chứng thực chữ ký,direct,2,09/12/2025 08:00,09/12/2025 17:00,",
          /* 3 */ '000.00.21.H26-251209-0002,"Đăng ký\r\nkết hôn",online,Mới đăng ký,09/12/2025 08:00,,',
          /* 5 */ "000.00.21.H26-2512-0003,Chứng thực chữ ký,direct,2,09/12/2025 08:00,,",
          /* 6 */ "000.00.21.H26-251209-0004,Chứng thực chữ ký,fax,2,09/12/2025 08:00,,",
          /* 7 */ "000.00.21.H26-251209-0005,Chứng thực chữ ký,direct,11,09/12/2025 08:00,,",
          /* 8 */ "000.00.21.H26-251209-0006,Chứng thực chữ ký,direct,2,31/11/2025 08:00,,",
          /* 9 */ "000.00.21.H26-251209-0007,Chứng thực chữ ký,direct,2,,,",
          /* 10 */ "000.00.21.H26-251209-0008,Đăng ký nhận cha, mẹ, con,direct,2,09/12/2025 08:00,,",
          /* 11 */ "000.00.21.H26-251209-0009,,direct,2,09/12/2025 08:00,,",
          /* 12 */ "000.00.21.H26-251209-0010,Chứng thực chữ ký,direct,10,09/12/2025 08:00,08/12/2025 17:00,01/12/2025 09:00",
          /* 13 */ "",
          /* 14 */ '000.00.21.H26-251209-0011,"Chứng thực "chữ ký",direct,2,09/12/2025 08:00,,',
          /* 15 */ "000.00.21.H26-251209-0012,Chứng thực chữ ký,postal,Chờ nộp phí / lệ phí,2025-12-09,,",
        ),
      );
      expect(s.read).to.equal(12); // the blank line is not a row
      expect(s.inserted).to.equal(3);
      expect(s.rejected.map((r) => r.line)).to.deep.equal([5, 6, 7, 8, 9, 10, 11, 12, 14]);
      const reason = (line: number) => s.rejected.find((r) => r.line === line)!.reason;
      expect(reason(5)).to.match(/^code: "000.00.21.H26-2512-0003" is not a dossier code/);
      expect(reason(6)).to.match(/^channel: "fax" is not a channel/);
      expect(reason(7)).to.match(/^status: "11" is not a status/);
      expect(reason(8)).to.match(/^received_at: "31\/11\/2025 08:00" is not a valid date and time/);
      expect(reason(9)).to.match(/the date received is missing/);
      expect(reason(10)).to.match(/9 cells, expected 7/);
      expect(reason(11)).to.match(/the procedure is missing/);
      expect(reason(12)).to.match(
        /due_at: the due date is before the date received; finished_at: the date finished is before the date received/,
      );
      expect(reason(14)).to.match(/double quote/);
      const d = await findByCode(db, "kieu-phu", "000.00.21.H26-251209-0002");
      expect(d).to.deep.include({ procedure: "Đăng ký kết hôn", status: 1 });
      expect((await findByCode(db, "kieu-phu", "000.00.21.H26-251209-0012"))!.status).to.equal(6);
    });

    it("accepts the columns in another order, with extra ones", async () => {
      const s = await importDossiers(
        db,
        "kieu-phu",
        csv(
          "status,code,note,procedure,channel,received_at,due_at,finished_at",
          "4,000.00.21.H26-251209-0001,x,Chứng thực chữ ký,direct,09/12/2025 08:00,,",
        ),
      );
      expect(s).to.deep.include({ inserted: 1, rejected: [] });
    });

    it("refuses a file without the contract's header", async () => {
      let err: unknown;
      try {
        await importDossiers(db, "kieu-phu", csv("ma,thu_tuc", "000.00.21.H26-251209-0001,x"));
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(DossierImportError);
      expect((err as Error).message).to.match(/lacks the columns code, procedure, channel, status, received_at, due_at, finished_at/);
      let empty: unknown;
      await importDossiers(db, "kieu-phu", Readable.from([""])).catch((e: unknown) => (empty = e));
      expect(empty).to.be.instanceOf(DossierImportError);
    });

    it("rejects rows that are not UTF-8", async () => {
      const latin1 = Buffer.concat([
        Buffer.from(HEADER + "\n000.00.21.H26-251209-0001,Ch"),
        Buffer.from([0xe9]), // a Windows-1258/latin1 byte, invalid UTF-8
        Buffer.from(",direct,2,09/12/2025 08:00,,\n"),
      ]);
      const s = await importDossiers(db, "kieu-phu", Readable.from([latin1]));
      expect(s.rejected).to.deep.equal([{ line: 2, reason: 'the file is not UTF-8 (save it again as "CSV UTF-8")' }]);
    });

    const codes = async () => (await db.query<{ code: string }>("SELECT code FROM dossiers ORDER BY code")).map((r) => r.code.slice(-4));

    it("a cell with U+0000 or a lone surrogate is a rejected row naming its column; the rest of its batch is imported", async () => {
      const file = [HEADER, row(1), row(2, "Chứng\u0000thực"), row(3), row(4, "Sao y \uD800 bản chính"), row(5)].join("\n") + "\n";
      const s = await importDossiers(db, "kieu-phu", Readable.from([file]), { batchSize: 5 });
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
        "kieu-phu",
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
