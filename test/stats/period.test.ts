import { expect } from "chai";
import { inPeriod, isCalendarDate, periodBounds, yearToDate } from "../../src/stats/period.js";
import { median, percent } from "../../src/stats/percent.js";

describe("stats/period", () => {
  const march = { from: "2025-03-01", to: "2025-03-31" };

  it("holds whole days of Vietnam time, both ends included", () => {
    expect(periodBounds(march)).to.deep.equal({ start: new Date("2025-02-28T17:00:00Z"), end: new Date("2025-03-31T17:00:00Z") });
    expect(inPeriod(march, new Date("2025-03-01T00:00:00+07:00"))).to.equal(true);
    expect(inPeriod(march, new Date("2025-02-28T23:59:59.999+07:00"))).to.equal(false);
    expect(inPeriod(march, new Date("2025-03-31T23:59:59.999+07:00"))).to.equal(true);
    expect(inPeriod(march, new Date("2025-04-01T00:00:00+07:00"))).to.equal(false);
  });

  it("knows real dates, and the year so far in Vietnam", () => {
    expect(isCalendarDate("2024-02-29")).to.equal(true);
    for (const bad of ["2025-02-29", "2025-13-01", "2025-1-1", "01/03/2025", ""]) expect(isCalendarDate(bad), bad).to.equal(false);
    // 31 December 20:00 UTC is already 1 January in Việt Nam.
    expect(yearToDate(new Date("2025-12-31T20:00:00Z"))).to.deep.equal({ from: "2026-01-01", to: "2026-01-01" });
  });

  it("rounds percentages half up to two decimals, and has no share of nothing", () => {
    expect(percent(5524, 8315)).to.equal(66.43);
    expect(percent(2791, 8315)).to.equal(33.57);
    expect(percent(1, 8)).to.equal(12.5);
    expect(percent(1, 3)).to.equal(33.33);
    expect(percent(2, 3)).to.equal(66.67);
    expect(percent(0, 0)).to.equal(null);
    expect(median([])).to.equal(null);
    expect(median([5, 1, 3])).to.equal(3);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
  });
});
