import { expect } from "chai";
import type { Case } from "../../src/cases/case.js";
import { escalationStep, nextEscalationAt } from "../../src/cases/escalation.js";
import { exampleConfig } from "../commune/fixture.js";

describe("escalation decision", () => {
  const config = exampleConfig();
  config.escalation = { toLeadAfterAckHours: 1, toLeadershipAfterHours: 24 };
  // Monday 02/03 12:00 (the lunch break); delays run in working time.
  const ackDueAt = new Date("2026-03-02T05:00:00Z");
  const c = (over: Partial<Pick<Case, "status" | "escalationLevel" | "ackDueAt">> = {}) => ({
    status: "new" as const,
    escalationLevel: 0,
    ackDueAt,
    ...over,
  });
  const at = (iso: string) => new Date(iso);

  it("goes to the team lead after the acknowledgement deadline plus the grace, in working hours", () => {
    // One working hour after 12:00: the lunch break does not count → 14:30.
    expect(nextEscalationAt(c(), config)).to.deep.equal({ level: 1, at: at("2026-03-02T07:30:00Z") });
    expect(escalationStep(c(), config, at("2026-03-02T07:29:59Z"))).to.equal(null);
    expect(escalationStep(c(), config, at("2026-03-02T07:30:00Z"))).to.deep.equal({ level: 1, at: at("2026-03-02T07:30:00Z") });
  });

  it("then to the leadership, one level at a time, on the same clock", () => {
    // 24 working hours after Monday 14:30: 2.5 + 7.5 + 7.5 + 6.5 → Thursday 16:00.
    expect(nextEscalationAt(c({ escalationLevel: 1 }), config)).to.deep.equal({ level: 2, at: at("2026-03-05T09:00:00Z") });
    // Long overdue but never escalated: the lead first.
    expect(escalationStep(c(), config, at("2026-03-10T00:00:00Z"))?.level).to.equal(1);
    expect(escalationStep(c({ escalationLevel: 1 }), config, at("2026-03-05T09:00:00Z"))?.level).to.equal(2);
    expect(nextEscalationAt(c({ escalationLevel: 2 }), config)).to.equal(null);
  });

  it("stops once the case is acted on", () => {
    for (const status of ["acknowledged", "in_progress", "resolved", "rejected", "closed"] as const) {
      expect(escalationStep(c({ status }), config, at("2026-03-10T00:00:00Z"))).to.equal(null);
    }
    expect(nextEscalationAt(c({ ackDueAt: null }), config)).to.equal(null);
  });
});
