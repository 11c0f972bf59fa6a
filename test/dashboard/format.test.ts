import { expect } from "chai";
// The page's own module, plain JavaScript run as it is in the browser.
import { age, count, decimal, eventText, isOverdue, percent, when } from "../../src/dashboard/page/format.js";

describe("dashboard/format: figures the Vietnamese way", () => {
  it("numbers and percentages: 8.315, 66,43 %, 3,67", () => {
    expect(count(8315)).to.equal("8.315");
    expect(percent(66.43)).to.equal("66,43\u00a0%");
    expect(percent(100)).to.equal("100,00\u00a0%");
    expect(percent(null)).to.equal("—");
    expect(decimal(3.67)).to.equal("3,67");
    expect(decimal(74)).to.equal("74");
  });

  it("times in Vietnam, ages in the largest whole unit", () => {
    expect(when("2025-12-31T17:30:00Z")).to.equal("01/01/2026 00:30");
    const now = new Date("2026-01-10T00:00:00Z");
    expect(age("2026-01-09T23:55:00Z", now)).to.equal("5 phút");
    expect(age("2026-01-08T01:00:00Z", now)).to.equal("47 giờ");
    expect(age("2025-01-10T00:00:00Z", now)).to.equal("365 ngày");
  });

  it("overdue as the API counts it: new past acknowledgement, open past resolution", () => {
    const now = new Date("2026-01-10T00:00:00Z");
    const past = "2026-01-09T00:00:00Z";
    const future = "2026-01-11T00:00:00Z";
    expect(isOverdue({ status: "new", acknowledgeBy: past, resolveBy: future }, now)).to.equal(true);
    expect(isOverdue({ status: "acknowledged", acknowledgeBy: past, resolveBy: future }, now)).to.equal(false);
    expect(isOverdue({ status: "in_progress", acknowledgeBy: null, resolveBy: past }, now)).to.equal(true);
    expect(isOverdue({ status: "resolved", acknowledgeBy: past, resolveBy: past }, now)).to.equal(false);
  });

  it("the audit trail in words", () => {
    expect(eventText({ action: "transition", fromStatus: "new", toStatus: "acknowledged", detail: null })).to.equal(
      "Chuyển trạng thái: Mới → Đã tiếp nhận",
    );
    expect(
      eventText({ action: "transition", fromStatus: "new", toStatus: "closed", detail: { duplicateOf: "PA-260101-ACDE" } }),
    ).to.contain("trùng với PA-260101-ACDE");
    expect(eventText({ action: "rated", fromStatus: null, toStatus: null, detail: { rating: 4 } })).to.equal(
      "Người phản ánh đánh giá: 4/5 sao",
    );
    expect(eventText({ action: "something_new", fromStatus: null, toStatus: null, detail: null })).to.equal("something_new");
  });
});
