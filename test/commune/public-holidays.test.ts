import { expect } from "chai";
import {
  calendarWarnings,
  computedHolidays,
  holidayCalendarSchema,
  isStatutoryHoliday,
  isStatutoryWorkingDay,
  yearOfHolidays,
} from "../../src/commune/public-holidays.js";
import { fromLocal } from "../../src/core/local-time.js";

const none = holidayCalendarSchema.parse({});
// 2027 as the example calendar ships it: Tết from Friday 5/2, the bridging Friday 12/2 swapped for Saturday 20/2.
const with2027 = holidayCalendarSchema.parse({
  announced: {
    "2027": {
      holidays: [
        "2027-01-01",
        "2027-02-05",
        "2027-02-08",
        "2027-02-09",
        "2027-02-10",
        "2027-02-11",
        "2027-02-12",
        "2027-04-16",
        "2027-04-30",
        "2027-05-03",
        "2027-09-02",
        "2027-09-03",
      ],
      workingDays: ["2027-02-20"],
      toConfirm: true,
    },
  },
});

describe("commune/public-holidays", () => {
  it("computes a year by the Labour Code: Tết from the last day of the old year, Giỗ Tổ, 2/9 with the day beside it", () => {
    expect(computedHolidays(2026)).to.deep.equal([
      "2026-01-01",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-04-26",
      "2026-04-27", // Giỗ Tổ on a Sunday: Monday in lieu
      "2026-04-30",
      "2026-05-01",
      "2026-09-01",
      "2026-09-02",
    ]);
  });

  it("gives days in lieu after a holiday on a weekend, past the other holidays (Tết 2027 starts on a Saturday)", () => {
    const days = computedHolidays(2027);
    expect(days).to.include.members(["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"]);
    expect(days).to.include("2027-05-03"); // 1/5 on a Saturday
  });

  it("2/9's companion is the day after when the day before is a weekend day", () => {
    expect(computedHolidays(2024)).to.include.members(["2024-09-02", "2024-09-03"]);
    expect(computedHolidays(2025)).to.include.members(["2025-09-01", "2025-09-02"]);
  });

  it("an announced year replaces the computation, a worked Saturday included", () => {
    const y = yearOfHolidays(with2027, 2027);
    expect(y.source).to.equal("announced");
    expect(isStatutoryWorkingDay(with2027, "2027-02-12")).to.equal(false); // the swapped Friday
    expect(isStatutoryWorkingDay(with2027, "2027-02-20")).to.equal(true); // the Saturday worked for it
    expect(isStatutoryWorkingDay(none, "2027-02-20")).to.equal(false);
    expect(isStatutoryWorkingDay(none, "2027-02-12")).to.equal(true);
  });

  it("weekends are not working days and not counted as holidays", () => {
    expect(isStatutoryWorkingDay(none, "2026-03-07")).to.equal(false);
    expect(isStatutoryHoliday(none, "2026-03-07")).to.equal(false);
    expect(isStatutoryHoliday(none, "2026-04-27")).to.equal(true);
    expect(isStatutoryWorkingDay(none, "2026-03-09")).to.equal(true);
  });

  it("warns from 1 November while next year is not announced, and about years still to confirm", () => {
    expect(calendarWarnings(with2027, fromLocal("2027-10-31", "09:00"))).to.deep.equal([
      "the holiday calendar's 2027 is marked toConfirm: check it against the government's announcement",
    ]);
    const november = calendarWarnings(
      holidayCalendarSchema.parse({ announced: { "2027": { holidays: [] } } }),
      fromLocal("2027-11-01", "09:00"),
    );
    expect(november).to.deep.equal([
      "the holiday calendar does not list 2028: deadlines use computed holidays until the government's announcement is added",
    ]);
  });

  it("refuses unknown fields and malformed dates in the calendar", () => {
    expect(holidayCalendarSchema.safeParse({ announced: { "2027": { holidays: ["5/2/2027"] } } }).success).to.equal(false);
    expect(holidayCalendarSchema.safeParse({ announced: { "2027": { holidays: [], swaps: [] } } }).success).to.equal(false);
  });
});
