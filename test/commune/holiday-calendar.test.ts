import path from "node:path";
import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import { officeStatus } from "../../src/commune/hours.js";
import { applyProvince, loadProvinceConfig } from "../../src/commune/province.js";
import { addWorkingHours, endOfWorkingDays } from "../../src/commune/working-time.js";
import { fromLocal } from "../../src/core/local-time.js";
import { EXAMPLE_CONFIG_PATH, exampleConfig } from "./fixture.js";

// Issue 24, calendars: deadlines follow the province's holiday calendar (announced years, or
// computed from the lunar calendar), the commune's opening days are not working days.
const PROVINCE_EXAMPLE = path.join(path.dirname(EXAMPLE_CONFIG_PATH), "province.example.json");
const local = (date: string, time: string) => fromLocal(date, time).toISOString();

/** The example commune, closed on Saturdays (Monday–Friday hours) and with no closed dates of its own. */
function closedOnSaturdays(): CommuneConfig {
  const c = exampleConfig();
  c.officeHours = {
    regular: [
      { days: [1, 2, 3, 4, 5], open: "07:30", close: "11:30" },
      { days: [1, 2, 3, 4, 5], open: "13:30", close: "17:00" },
    ],
    extended: [],
    closedDates: [],
  };
  return c;
}

describe("the province's holiday calendar", () => {
  const province = loadProvinceConfig(PROVINCE_EXAMPLE);

  it("the example province ships 2026 and 2027, 2027 to confirm", () => {
    expect(Object.keys(province.calendar.announced)).to.deep.equal(["2026", "2027"]);
    expect(province.calendar.announced["2026"]!.toConfirm).to.equal(false);
    expect(province.calendar.announced["2027"]).to.deep.include({ workingDays: ["2027-02-20"], toConfirm: true });
  });

  it("for a commune closed on Saturdays, a deadline over Tết 2027 skips the holidays and counts the announced compensatory Saturday", () => {
    const commune = applyProvince(closedOnSaturdays(), province);
    // Filed Thursday 4/2/2027: Tết from Friday 5 to Friday 12 (the bridging day swapped), then
    // Monday 15 … Friday 19, and Saturday 20 worked in exchange: the sixth working day.
    const filed = fromLocal("2027-02-04", "09:00");
    expect(endOfWorkingDays(commune, filed, 6).toISOString()).to.equal(local("2027-02-20", "17:00"));
    expect(endOfWorkingDays(commune, filed, 7).toISOString()).to.equal(local("2027-02-22", "17:00"));
    // Working hours run through the worked Saturday, with a weekday's hours.
    expect(addWorkingHours(commune, fromLocal("2027-02-19", "16:00"), 2).toISOString()).to.equal(local("2027-02-20", "08:30"));
    expect(addWorkingHours(commune, fromLocal("2027-02-04", "16:00"), 2).toISOString()).to.equal(local("2027-02-15", "08:30"));
    // On the worked Saturday the office is open, though it never opens on other Saturdays.
    expect(officeStatus(commune, fromLocal("2027-02-20", "09:00")).openNow).to.equal(true);
    expect(officeStatus(commune, fromLocal("2027-02-13", "09:00")).openNow).to.equal(false);
    expect(officeStatus(commune, fromLocal("2027-02-12", "09:00")).nextOpening).to.include({ date: "2027-02-15", open: "07:30" });
  });

  it("a year not announced follows Tết computed from the lunar calendar (2028: Tuesday 25/1 to Saturday 29/1, Monday 31 in lieu)", () => {
    const commune = applyProvince(closedOnSaturdays(), province);
    const filed = fromLocal("2028-01-24", "10:00");
    expect(endOfWorkingDays(commune, filed, 1).toISOString()).to.equal(local("2028-02-01", "17:00"));
    expect(addWorkingHours(commune, filed, 8).toISOString()).to.equal(local("2028-02-01", "10:30"));
    // Without PROVINCE_CONFIG every year is computed: Friday 12/2/2027 is then a working day, no Saturday is.
    const computedOnly = closedOnSaturdays();
    expect(endOfWorkingDays(computedOnly, fromLocal("2027-02-04", "09:00"), 6).toISOString()).to.equal(local("2027-02-19", "17:00"));
  });

  it("a commune open on Saturdays: open, but not working time; closed on Tết's first day even on a Saturday", () => {
    const commune = applyProvince(exampleConfig(), province);
    const saturday = officeStatus(commune, fromLocal("2027-03-06", "09:00"));
    expect(saturday.openNow).to.equal(true);
    expect(saturday.today.workingDay).to.equal(false);
    expect(addWorkingHours(commune, fromLocal("2027-03-06", "09:00"), 1).toISOString()).to.equal(local("2027-03-08", "08:30"));
    const tet = officeStatus(commune, fromLocal("2027-02-06", "09:00"));
    expect(tet.openNow).to.equal(false);
    expect(tet.today.holiday).to.equal(true);
    expect(tet.nextOpening).to.include({ date: "2027-02-13", open: "07:30" });
  });

  it("closes on a holiday computed in lieu that no list names (Giỗ Tổ 2026 on a Sunday: Monday 27/4)", () => {
    const commune = exampleConfig();
    expect(commune.officeHours.closedDates).not.to.include("2026-04-27");
    const monday = officeStatus(commune, fromLocal("2026-04-27", "09:00"));
    expect(monday.openNow).to.equal(false);
    expect(monday.today.holiday).to.equal(true);
  });

  it("the province's extra holidays and the commune's closed dates close a worked Saturday too", () => {
    const commune = applyProvince(closedOnSaturdays(), { ...province, holidays: ["2027-02-20"] });
    expect(officeStatus(commune, fromLocal("2027-02-20", "09:00")).openNow).to.equal(false);
    expect(endOfWorkingDays(commune, fromLocal("2027-02-04", "09:00"), 6).toISOString()).to.equal(local("2027-02-22", "17:00"));
  });

  it("warns at start from 1 November while next year is not listed, once per calendar", () => {
    const a = applyProvince(exampleConfig(), province);
    const b = { ...applyProvince(closedOnSaturdays(), province), id: "phu-xa" };
    const communes = new Communes([a, b]);
    expect(communes.calendarWarnings(fromLocal("2026-10-31", "09:00"))).to.deep.equal([]);
    expect(communes.calendarWarnings(fromLocal("2026-11-01", "09:00"))).to.deep.equal([
      "the holiday calendar's 2027 is marked toConfirm: check it against the government's announcement",
    ]);
    expect(communes.calendarWarnings(fromLocal("2027-11-01", "09:00"))).to.deep.equal([
      "the holiday calendar's 2027 is marked toConfirm: check it against the government's announcement",
      "the holiday calendar does not list 2028: deadlines use computed holidays until the government's announcement is added",
    ]);
  });
});
