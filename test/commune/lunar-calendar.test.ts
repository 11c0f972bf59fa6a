import { expect } from "chai";
import { isoDateOfJulianDay, julianDay, lunarNewYear, solarDateOfLunar } from "../../src/commune/lunar-calendar.js";

// Dates as published in Vietnamese calendars (lịch vạn niên), which are computed at UTC+7.
describe("commune/lunar-calendar", () => {
  it("Julian day numbers round-trip", () => {
    expect(julianDay(2000, 1, 1)).to.equal(2451545);
    for (const jd of [2415021, 2451545, 2461000, 2470000])
      expect(julianDay(...(isoDateOfJulianDay(jd).split("-").map(Number) as [number, number, number]))).to.equal(jd);
  });

  it("Tết (mùng 1 tháng Giêng) of recent and coming years", () => {
    const tet: Record<number, string> = {
      2020: "2020-01-25",
      2023: "2023-01-22",
      2024: "2024-02-10",
      2025: "2025-01-29",
      2026: "2026-02-17",
      2027: "2027-02-06",
      2028: "2028-01-26",
      2033: "2033-01-31",
    };
    for (const [year, date] of Object.entries(tet)) expect(lunarNewYear(Number(year)), year).to.equal(date);
  });

  it("follows the new moon at UTC+7 where Việt Nam and China differ (1985, 2007, 2030)", () => {
    expect(lunarNewYear(1985)).to.equal("1985-01-21"); // China: 20 February
    expect(lunarNewYear(2007)).to.equal("2007-02-17"); // China: 18 February
    expect(lunarNewYear(2030)).to.equal("2030-02-02"); // China: 3 February
  });

  it("Giỗ Tổ Hùng Vương (10/3 lunar), after a leap second month too (2023)", () => {
    expect(solarDateOfLunar(2023, 3, 10)).to.equal("2023-04-29");
    expect(solarDateOfLunar(2024, 3, 10)).to.equal("2024-04-18");
    expect(solarDateOfLunar(2025, 3, 10)).to.equal("2025-04-07");
    expect(solarDateOfLunar(2026, 3, 10)).to.equal("2026-04-26");
    expect(solarDateOfLunar(2027, 3, 10)).to.equal("2027-04-16");
  });

  it("a leap month exists only where the year has one", () => {
    expect(solarDateOfLunar(2023, 2, 1, true)).to.equal("2023-03-22");
    expect(solarDateOfLunar(2025, 6, 1, true)).to.equal("2025-07-25");
    expect(solarDateOfLunar(2025, 2, 1, true)).to.equal(undefined);
    expect(solarDateOfLunar(2026, 2, 1, true)).to.equal(undefined);
  });
});
