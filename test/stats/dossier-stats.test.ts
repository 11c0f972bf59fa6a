import { expect } from "chai";
import type { DossierStatus } from "../../src/dossiers/status.js";
import { type DossierFacts, dossierStats } from "../../src/stats/dossier-stats.js";

const NOW = new Date("2025-04-15T10:00:00+07:00");
const MARCH = { from: "2025-03-01", to: "2025-03-31" };

function dossier(
  channel: DossierFacts["channel"],
  status: DossierStatus,
  received: string,
  due: string | null,
  finished: string | null,
): DossierFacts {
  return {
    channel,
    status,
    receivedAt: new Date(received),
    dueAt: due ? new Date(due) : null,
    finishedAt: finished ? new Date(finished) : null,
    updatedAt: new Date(finished ?? received),
  };
}

/** One dossier of each kind, received in March 2025, plus two just outside. */
const SET: DossierFacts[] = [
  // early: finished the day before the appointment day
  dossier("online", 10, "2025-03-01T00:00:00+07:00", "2025-03-05T17:00:00+07:00", "2025-03-04T16:00:00+07:00"),
  dossier("online", 10, "2025-03-02T08:00:00+07:00", "2025-03-05T17:00:00+07:00", "2025-03-03T09:00:00+07:00"),
  // on time: on the appointment day, up to the appointment time; no appointment at all
  dossier("online", 10, "2025-03-03T08:00:00+07:00", "2025-03-05T17:00:00+07:00", "2025-03-05T08:00:00+07:00"),
  dossier("direct", 9, "2025-03-03T08:00:00+07:00", "2025-03-05T17:00:00+07:00", "2025-03-05T17:00:00+07:00"),
  dossier("direct", 10, "2025-03-04T08:00:00+07:00", null, "2025-03-04T15:00:00+07:00"),
  // late: one minute after the appointment time
  dossier("postal", 10, "2025-03-05T08:00:00+07:00", "2025-03-07T17:00:00+07:00", "2025-03-07T17:01:00+07:00"),
  // open, past due (counts against the rate) and open, not yet due
  dossier("online", 4, "2025-03-10T08:00:00+07:00", "2025-03-20T17:00:00+07:00", null),
  dossier("direct", 2, "2025-03-31T23:59:00+07:00", "2025-05-01T17:00:00+07:00", null),
  // waiting for the citizen (supplement) although past the date: neither on time nor late
  dossier("online", 5, "2025-03-11T08:00:00+07:00", "2025-03-12T17:00:00+07:00", null),
  // withdrawn: no result
  dossier("online", 7, "2025-03-12T08:00:00+07:00", "2025-03-20T17:00:00+07:00", null),
  // outside March in Vietnam time (inside it in UTC for the first)
  dossier("online", 10, "2025-04-01T00:00:00+07:00", "2025-04-03T17:00:00+07:00", "2025-04-02T09:00:00+07:00"),
  dossier("online", 10, "2025-02-28T23:59:00+07:00", "2025-03-03T17:00:00+07:00", "2025-03-10T09:00:00+07:00"),
];

describe("stats/dossier-stats", () => {
  it("counts a generated set with known answers: early, on time, late, open past due", () => {
    const s = dossierStats(SET, MARCH, NOW);
    expect(s.total).to.equal(10);
    expect(s.channels).to.deep.equal([
      { channel: "online", count: 6, percent: 60 },
      { channel: "direct", count: 3, percent: 30 },
      { channel: "postal", count: 1, percent: 10 },
    ]);
    expect(s.finished).to.deep.equal({ total: 6, early: 2, onTime: 3, late: 1, withinDue: 5 });
    expect(s.open).to.deep.equal({ total: 3, pastDue: 1, waitingCitizen: 1 });
    expect(s.closedWithoutResult).to.equal(1);
    // 5 on time ÷ (6 finished + 1 open past due) = 71.43 %, not 5 ÷ 6 = 83.33 %.
    expect(s.onTimeRate).to.deep.equal({ onTime: 5, outOf: 7, percent: 71.43 });
    expect(s.byMonth).to.deep.equal([{ month: "2025-03", received: 10, onTimeRate: { onTime: 5, outOf: 7, percent: 71.43 } }]);
  });

  it("takes the period's first and last minute and nothing beyond", () => {
    const firstDay = dossierStats(SET, { from: "2025-03-01", to: "2025-03-01" }, NOW);
    expect(firstDay.total).to.equal(1);
    const lastDay = dossierStats(SET, { from: "2025-03-31", to: "2025-03-31" }, NOW);
    expect(lastDay.total).to.equal(1);
    expect(lastDay.open).to.deep.equal({ total: 1, pastDue: 0, waitingCitizen: 0 });
    const spring = dossierStats(SET, { from: "2025-02-28", to: "2025-04-01" }, NOW);
    expect(spring.total).to.equal(12);
    expect(spring.byMonth.map((m) => [m.month, m.received])).to.deep.equal([
      ["2025-02", 1],
      ["2025-03", 10],
      ["2025-04", 1],
    ]);
  });

  it("an empty period has zero counts and no percentages (not NaN)", () => {
    const s = dossierStats(SET, { from: "2024-01-01", to: "2024-12-31" }, NOW);
    expect(s.total).to.equal(0);
    expect(s.channels.every((c) => c.count === 0 && c.percent === null)).to.equal(true);
    expect(s.onTimeRate).to.deep.equal({ onTime: 0, outOf: 0, percent: null });
    expect(s.byMonth).to.deep.equal([]);
    expect(JSON.stringify(s)).to.not.contain("NaN");
  });
});
