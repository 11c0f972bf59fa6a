import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { expect } from "chai";
import { toLocal } from "../../src/core/local-time.js";
import type { Database } from "../../src/db/database.js";
import { demoShiftMs, newestEventIn } from "../../src/dossiers/demo-dates.js";
import { type Dossier, type DossierInput, timeliness } from "../../src/dossiers/dossier.js";
import { importDossiers, readDossierRows } from "../../src/dossiers/import.js";
import { findByCode } from "../../src/dossiers/repository.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

const DAY_MS = 24 * 3600_000;
const WEEK_MS = 7 * DAY_MS;
const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const csv = (...lines: string[]) => Readable.from([lines.join("\r\n") + "\r\n"]);
// The sample's newest event: 000.00.21.H26-251204-0001, received on Thursday 04/12/2025 at 11:34.
const SAMPLE_NEWEST = new Date("2025-12-04T11:34:00+07:00");
// A Monday evening in Việt Nam (16:18 UTC is 23:18 there: the local date is what counts).
const NOW = new Date("2026-12-07T16:18:00Z");

async function sampleDossiers(): Promise<DossierInput[]> {
  const out: DossierInput[] = [];
  for await (const row of readDossierRows(createReadStream(DOSSIERS_SAMPLE))) if (!("reason" in row)) out.push(row.dossier);
  return out;
}

describe("dossiers/demo-dates: the move that brings a sample to the present", () => {
  it("moves the newest event into the last seven days by whole weeks, keeping its weekday and clock time", () => {
    const ms = demoShiftMs(SAMPLE_NEWEST, NOW);
    expect(ms / WEEK_MS).to.equal(52);
    const moved = toLocal(new Date(SAMPLE_NEWEST.getTime() + ms));
    expect(moved).to.deep.include({ date: "2026-12-03", time: "11:34", isoWeekday: 4 });
  });

  it("stays within (now − 7 days, now], also for a file dated ahead of today", () => {
    expect(demoShiftMs(NOW, NOW)).to.equal(0);
    expect(demoShiftMs(new Date(NOW.getTime() - WEEK_MS + 1), NOW)).to.equal(0);
    expect(demoShiftMs(new Date(NOW.getTime() - WEEK_MS), NOW)).to.equal(WEEK_MS);
    expect(demoShiftMs(new Date(NOW.getTime() + 1), NOW)).to.equal(-WEEK_MS);
    expect(demoShiftMs(new Date(NOW.getTime() + 20 * DAY_MS), NOW)).to.equal(-3 * WEEK_MS);
  });

  it("anchors on the newest date received or finished of the valid rows", async () => {
    expect((await newestEventIn(createReadStream(DOSSIERS_SAMPLE)))!.toISOString()).to.equal(SAMPLE_NEWEST.toISOString());
    const finishedLast = csv(
      HEADER,
      "000.00.21.H26-251201-0001,Chứng thực chữ ký,direct,10,01/12/2025 08:00,01/12/2025 17:00,03/12/2025 09:00",
      "000.00.21.H26-251202-0001,Chứng thực chữ ký,direct,2,02/12/2025 08:00,,",
      "not-a-code,Chứng thực chữ ký,direct,2,09/12/2026 08:00,,",
    );
    expect((await newestEventIn(finishedLast))!.toISOString()).to.equal(new Date("2025-12-03T09:00:00+07:00").toISOString());
    expect(await newestEventIn(csv(HEADER))).to.equal(null);
  });
});

for (const backend of BACKENDS) {
  describe(`dossiers/demo import of the sample on ${backend}`, function () {
    this.timeout(60_000);
    let db: Database;
    before(async () => {
      db = await openTestDatabase(backend);
    });
    after(async () => {
      await db?.close();
    });

    it("stores every date moved by the same whole weeks: today-or-recent, weekdays and intervals kept, not every open dossier overdue", async () => {
      const shift = demoShiftMs((await newestEventIn(createReadStream(DOSSIERS_SAMPLE)))!, NOW);
      const s = await importDossiers(db, "kieu-phu", createReadStream(DOSSIERS_SAMPLE), { shiftDatesMs: shift });
      expect(s).to.deep.include({ inserted: 60, rejected: [] });

      const originals = await sampleDossiers();
      const stored: Dossier[] = [];
      for (const o of originals) {
        const d = (await findByCode(db, "kieu-phu", o.code))!;
        stored.push(d);
        expect(d.receivedAt.getTime() - o.receivedAt.getTime(), o.code).to.equal(shift);
        expect(d.dueAt && d.dueAt.getTime() - o.dueAt!.getTime(), o.code).to.equal(o.dueAt && shift);
        expect(d.finishedAt && d.finishedAt.getTime() - o.finishedAt!.getTime(), o.code).to.equal(o.finishedAt && shift);
        for (const [was, is] of [
          [o.receivedAt, d.receivedAt],
          [o.dueAt, d.dueAt],
          [o.finishedAt, d.finishedAt],
        ] as const) {
          if (was && is)
            expect([toLocal(is).isoWeekday, toLocal(is).time], o.code).to.deep.equal([toLocal(was).isoWeekday, toLocal(was).time]);
        }
      }
      const newest = Math.max(...stored.map((d) => d.receivedAt.getTime()));
      expect(newest)
        .to.be.above(NOW.getTime() - WEEK_MS)
        .and.at.most(NOW.getTime());
      expect(
        stored.every((d) => !d.finishedAt || d.finishedAt <= NOW),
        "no result finished in the future",
      ).to.equal(true);

      // As of today the demo shows what the sample showed as of its own day; imported as it is,
      // every open dossier with an appointment date would be overdue.
      const overdue = (ds: readonly Pick<Dossier, "status" | "dueAt" | "finishedAt" | "updatedAt">[]) =>
        ds.filter((d) => timeliness(d, NOW) === "overdue").length;
      const asIs = overdue(originals.map((o) => ({ ...o, updatedAt: NOW })));
      const demo = overdue(stored);
      const open = originals.filter((o) => ["in_progress", "overdue"].includes(timeliness({ ...o, updatedAt: NOW }, NOW)));
      expect(asIs, "as it is, every open dossier is overdue").to.equal(open.length);
      expect(demo).to.be.above(0).and.below(asIs);
      expect(demo).to.equal(
        originals.filter((o) => timeliness({ ...o, updatedAt: NOW }, new Date(NOW.getTime() - shift)) === "overdue").length,
      );

      // The same demo import on the same day changes nothing.
      const again = await importDossiers(db, "kieu-phu", createReadStream(DOSSIERS_SAMPLE), { shiftDatesMs: shift });
      expect(again).to.deep.include({ inserted: 0, updated: 0, unchanged: 60 });
    });
  });
}
