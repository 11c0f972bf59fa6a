import { expect } from "chai";
import { type CaseFacts, caseStats } from "../../src/stats/case-stats.js";

const H = 3600_000;
const NOW = new Date("2025-03-20T12:00:00+07:00");
const MARCH = { from: "2025-03-01", to: "2025-03-31" };
const NAMES = {
  categories: [
    { id: "xay", name: "Xây dựng không phép" },
    { id: "lan", name: "Lấn chiếm" },
  ],
  areas: [
    { id: "thon-1", name: "Thôn 1" },
    { id: "thon-2", name: "Thôn 2" },
  ],
  teams: [{ id: "to-a", name: "Tổ A" }],
};

let n = 0;
/** A case filed at `filed` with a 4 h acknowledgement and 72 h resolution deadline. */
function kase(filed: string, over: Partial<CaseFacts> = {}): CaseFacts {
  const createdAt = new Date(filed);
  return {
    code: `PA-250301-${String(n++).padStart(4, "0")}`,
    channel: "zalo",
    category: "xay",
    status: "new",
    areaId: "thon-1",
    teamId: "to-a",
    createdAt,
    ackDueAt: new Date(createdAt.getTime() + 4 * H),
    resolveDueAt: new Date(createdAt.getTime() + 72 * H),
    acknowledgedAt: null,
    resolvedAt: null,
    rating: null,
    citizenConfirmed: null,
    reopenedCount: 0,
    reopened: false,
    ...over,
  };
}
const at = (c: string, hours: number) => new Date(new Date(c).getTime() + hours * H);

const T1 = "2025-03-01T00:00:00+07:00";
const T2 = "2025-03-10T09:00:00+07:00";
const T3 = "2025-03-20T10:00:00+07:00";
const SET: CaseFacts[] = [
  // acknowledged in 2 h, resolved in 48 h: both within SLA; the reporter said "Đã xử lý" and gave 5 stars
  kase(T1, { status: "closed", acknowledgedAt: at(T1, 2), resolvedAt: at(T1, 48), citizenConfirmed: true, rating: 5 }),
  // acknowledged in 6 h (late), resolved in 100 h (late), reopened once by its reporter's "Chưa",
  // resolved again and then confirmed; 2 stars
  kase(T2, {
    status: "resolved",
    channel: "phone",
    category: "lan",
    acknowledgedAt: at(T2, 6),
    resolvedAt: at(T2, 100),
    reopened: true,
    reopenedCount: 1,
    citizenConfirmed: true,
    rating: 2,
  }),
  // acknowledged in 1 h, still in progress past its resolution deadline (filed 10 days ago);
  // reopened twice by "Chưa" (the last answer stands: not confirmed), 4 stars
  kase(T2, {
    status: "in_progress",
    channel: "open311",
    areaId: "thon-2",
    acknowledgedAt: at(T2, 1),
    reopenedCount: 2,
    citizenConfirmed: false,
    rating: 4,
  }),
  // never acknowledged, 10 days old: past both deadlines
  kase(T2, { status: "new", channel: "counter", areaId: null }),
  // filed 2 h ago: nothing is due yet
  kase(T3, { status: "new" }),
  // rejected without acknowledgement: in neither SLA fraction
  kase(T2, { status: "rejected", areaId: "thon-9" }),
  // outside March (its rating and answer do not count)
  kase("2025-02-28T23:59:00+07:00", { status: "closed", rating: 1, citizenConfirmed: true }),
  kase("2025-04-01T00:00:00+07:00", { status: "new" }),
];

describe("stats/case-stats", () => {
  it("counts a generated set with known answers", () => {
    const s = caseStats(SET, NAMES, MARCH, NOW);
    expect(s.total).to.equal(6);
    expect(s.byCategory).to.deep.equal([
      { id: "xay", name: "Xây dựng không phép", count: 5 },
      { id: "lan", name: "Lấn chiếm", count: 1 },
    ]);
    // An area the config no longer knows keeps its id; cases outside every area come last.
    expect(s.byArea).to.deep.equal([
      { id: "thon-1", name: "Thôn 1", count: 3 },
      { id: "thon-2", name: "Thôn 2", count: 1 },
      { id: "thon-9", name: null, count: 1 },
      { id: null, name: null, count: 1 },
    ]);
    expect(s.byTeam).to.deep.equal([{ id: "to-a", name: "Tổ A", count: 6 }]);
    expect(s.byChannel).to.deep.equal([
      { channel: "zalo", count: 3, percent: 50 },
      { channel: "phone", count: 1, percent: 16.67 },
      { channel: "counter", count: 1, percent: 16.67 },
      { channel: "open311", count: 1, percent: 16.67 },
    ]);
    expect(s.byStatus).to.deep.equal([
      { status: "new", count: 2 },
      { status: "acknowledged", count: 0 },
      { status: "in_progress", count: 1 },
      { status: "resolved", count: 1 },
      { status: "rejected", count: 1 },
      { status: "closed", count: 1 },
    ]);
    // Acknowledged: 2 h, 6 h, 1 h → median 2 h; in time 2 of (3 acknowledged + 1 new past its deadline).
    expect(s.acknowledge).to.deep.equal({ medianHours: 2, withinSla: 2, outOf: 4, percent: 50 });
    // Resolved: 48 h, 100 h → median 74 h; in time 1 of (2 resolved + 2 open past the deadline).
    expect(s.resolve).to.deep.equal({ medianHours: 74, withinSla: 1, outOf: 4, percent: 25 });
    expect(s.openPastSla).to.deep.equal({ total: 2, unacknowledged: 1, unresolved: 2 });
    expect(s.reopened).to.equal(1);
    // Ratings 5, 2, 4: mean 11 / 3 = 3.67. Answers: 2 "Đã xử lý", 3 "Chưa" → 60 % "Chưa".
    expect(s.satisfaction).to.deep.equal({
      ratings: { count: 3, mean: 3.67, byStars: [0, 1, 0, 1, 1] },
      answers: { resolved: 2, notResolved: 3, outOf: 5, notResolvedPercent: 60 },
    });
  });

  it("an empty period: zeros and no percentages or medians", () => {
    const s = caseStats(SET, NAMES, { from: "2024-01-01", to: "2024-01-31" }, NOW);
    expect(s.total).to.equal(0);
    expect(s.acknowledge).to.deep.equal({ medianHours: null, withinSla: 0, outOf: 0, percent: null });
    expect(s.byChannel.every((c) => c.percent === null)).to.equal(true);
    expect(s.byCategory.map((c) => c.count)).to.deep.equal([0, 0]);
    expect(s.satisfaction).to.deep.equal({
      ratings: { count: 0, mean: null, byStars: [0, 0, 0, 0, 0] },
      answers: { resolved: 0, notResolved: 0, outOf: 0, notResolvedPercent: null },
    });
  });
});
