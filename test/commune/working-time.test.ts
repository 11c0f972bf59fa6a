import { expect } from "chai";
import { addWorkingHours, endOfWorkingDays } from "../../src/commune/working-time.js";
import { fromLocal } from "../../src/core/local-time.js";
import { exampleConfig } from "./fixture.js";

// The example commune: open Monday–Saturday 07:30–11:30 and 13:30–17:00, evening reception on
// Tuesday and Thursday, Tết and other closed dates. Working time (7.5 hours a day) is Monday to
// Friday: Saturday's and the evenings' hours are open, not counted toward deadlines.
const config = exampleConfig();
const local = (date: string, time: string) => fromLocal(date, time).toISOString();
const plus = (date: string, time: string, hours: number) => addWorkingHours(config, fromLocal(date, time), hours).toISOString();

describe("commune/working-time", () => {
  describe("addWorkingHours", () => {
    it("4 hours asked for at 15:47 on a Monday fall the next morning, not at 19:47", () => {
      expect(plus("2026-03-02", "15:47", 4)).to.equal(local("2026-03-03", "10:17"));
    });

    it("inside one period, the clock simply runs", () => {
      expect(plus("2026-03-02", "08:00", 2)).to.equal(local("2026-03-02", "10:00"));
    });

    it("skips the lunch break", () => {
      expect(plus("2026-03-02", "10:00", 2)).to.equal(local("2026-03-02", "14:00"));
    });

    it("counts from the next opening when asked outside working time (night, lunch, Sunday)", () => {
      expect(plus("2026-03-02", "22:00", 1)).to.equal(local("2026-03-03", "08:30"));
      expect(plus("2026-03-02", "12:15", 1)).to.equal(local("2026-03-02", "14:30"));
      expect(plus("2026-03-08", "09:00", 1)).to.equal(local("2026-03-09", "08:30")); // Sunday
    });

    it("evening reception hours are not working time", () => {
      // Tuesday 16:00 + 2 h: one hour until 17:00, the evening 17:30–19:30 skipped, then Wednesday.
      expect(plus("2026-03-03", "16:00", 2)).to.equal(local("2026-03-04", "08:30"));
    });

    it("a deadline that uses up a period falls at its close", () => {
      expect(plus("2026-03-02", "13:30", 3.5)).to.equal(local("2026-03-02", "17:00"));
    });

    it("skips the closed dates (Tết 16–20/02/2026), and the Saturdays the office opens on", () => {
      // Friday 13/02 16:00 + 2 h: one hour that day, the weekend, Tết, the weekend, then Monday 23/02.
      expect(plus("2026-02-13", "16:00", 2)).to.equal(local("2026-02-23", "08:30"));
      // Asked on an open Saturday: counted from Monday.
      expect(plus("2026-03-07", "09:00", 1)).to.equal(local("2026-03-09", "08:30"));
    });

    it("many hours span days; zero hours change nothing", () => {
      expect(plus("2026-03-02", "07:30", 15)).to.equal(local("2026-03-03", "17:00"));
      expect(plus("2026-03-02", "22:00", 0)).to.equal(local("2026-03-02", "22:00"));
    });

    it("a config without any working period falls back to the wall clock instead of looping", () => {
      const closed = exampleConfig();
      closed.officeHours.closedDates = [];
      closed.officeHours.regular = [{ days: [1], open: "08:00", close: "09:00" }];
      closed.officeHours.regular[0]!.days = [];
      expect(addWorkingHours(closed, fromLocal("2026-03-02", "08:00"), 2).toISOString()).to.equal(local("2026-03-02", "10:00"));
    });
  });

  describe("endOfWorkingDays", () => {
    it("closes on the n-th working day after the day of receipt", () => {
      // Monday 02/03: Tue, Wed, Thu, Fri, (the weekend), Mon, Tue, Wed → 7th is Wednesday 11/03.
      expect(endOfWorkingDays(config, fromLocal("2026-03-02", "08:00"), 7).toISOString()).to.equal(local("2026-03-11", "17:00"));
    });

    it("skips closed dates, and a fraction of a day counts as a day", () => {
      // Friday 13/02: the weekend, Tết and the weekend, then Monday 23 and Tuesday 24/02.
      expect(endOfWorkingDays(config, fromLocal("2026-02-13", "10:00"), 1.5).toISOString()).to.equal(local("2026-02-24", "17:00"));
    });
  });
});
