import { expect } from "chai";
import { officeStatus } from "../../src/commune/hours.js";
import { fromLocal } from "../../src/core/local-time.js";
import { exampleConfig } from "./fixture.js";

describe("commune office hours", () => {
  const config = exampleConfig();

  it("is open on a weekday morning (local time)", () => {
    // Monday 2 March 2026, 08:00 in Hà Nội = 01:00 UTC.
    const s = officeStatus(config, new Date("2026-03-02T01:00:00Z"));
    expect(s.openNow).to.equal(true);
    expect(s.current).to.include({ open: "07:30", close: "11:30", kind: "regular" });
    expect(s.nextOpening).to.include({ date: "2026-03-02", open: "13:30" });
    expect(s.today.isoWeekday).to.equal(1);
    expect(s.today.periods).to.have.length(2);
  });

  it("is closed at lunch and gives the afternoon opening", () => {
    const s = officeStatus(config, fromLocal("2026-03-02", "12:00"));
    expect(s.openNow).to.equal(false);
    expect(s.nextOpening?.opensAt.toISOString()).to.equal(fromLocal("2026-03-02", "13:30").toISOString());
  });

  it("counts extended evening hours, with their note", () => {
    // Tuesday: extended 17:30–19:30.
    const s = officeStatus(config, fromLocal("2026-03-03", "18:00"));
    expect(s.openNow).to.equal(true);
    expect(s.current?.kind).to.equal("extended");
    expect(s.current?.note).to.be.a("string");
    const monday = officeStatus(config, fromLocal("2026-03-02", "18:00"));
    expect(monday.openNow).to.equal(false);
    expect(monday.nextOpening).to.include({ date: "2026-03-03", open: "07:30" });
  });

  it("is closed on Sunday and on holidays, and finds the next working day", () => {
    const sunday = officeStatus(config, fromLocal("2026-03-01", "09:00"));
    expect(sunday.openNow).to.equal(false);
    expect(sunday.today.periods).to.deep.equal([]);
    expect(sunday.nextOpening).to.include({ date: "2026-03-02", open: "07:30" });
    // Tết 2026: 16–20 February closed; Saturday 21 is open again.
    const tet = officeStatus(config, fromLocal("2026-02-17", "09:00"));
    expect(tet.openNow).to.equal(false);
    expect(tet.today.holiday).to.equal(true);
    expect(tet.nextOpening).to.include({ date: "2026-02-21", open: "07:30" });
  });

  it("uses the Hà Nội date near midnight UTC", () => {
    // 23:30 UTC Sunday = 06:30 Monday in Hà Nội.
    const s = officeStatus(config, new Date("2026-03-01T23:30:00Z"));
    expect(s.today.date).to.equal("2026-03-02");
    expect(s.nextOpening).to.include({ date: "2026-03-02", open: "07:30" });
  });
});
