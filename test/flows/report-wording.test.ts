import { expect } from "chai";
import { cases, citizenCases } from "../../flows/messages.cases.vi.js";
import { vi } from "../../flows/messages.vi.js";
import { violationReport as flow } from "../../flows/violation-report.js";
import type { ReportStep } from "../../flows/violation-report/prompts.js";
import * as q from "../../flows/violation-report/prompts.js";
import { draftSchema } from "../../flows/violation-report/draft.js";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

const STEPS: ReportStep[] = ["location", "village", "photos", "description", "shorten", "contact", "zalo", "phone", "summary", "edit"];
const seen = (replies: { type: string }[]) => JSON.stringify(replies);

// Issue 26: street lights, roads and rubbish are not "vi phạm" in what residents read.
describe("wording per kind of report", () => {
  const ctx = handMadeContext(exampleConfig());

  for (const category of ["chieu_sang", "duong_giao_thong", "ve_sinh_moi_truong"]) {
    it(`a ${category} report never says "vi phạm"`, async () => {
      const d = draftSchema.parse({ category, pendingAddress: "ngõ 5", longDescription: "Đèn tắt…", longLength: 1200 });
      for (const step of STEPS) expect(seen(q.ask(step, d, ctx)), step).to.not.match(/vi phạm/i);
      const name = ctx.commune.categories.find((c) => c.id === category)!.name;
      for (const to of ["new", "acknowledged", "in_progress", "resolved", "rejected", "closed"] as const) {
        const text = cases.statusChanged({
          code: "PA-251125-ABCD",
          category: name,
          from: "new",
          to,
          at: "25/11/2025 10:00",
          hotline: "024",
        });
        expect(text, to).to.not.match(/vi phạm/i);
      }
      expect(citizenCases.resolutionQuestion).to.not.match(/vi phạm/i);
      expect(citizenCases.tooLateToReopen("PA-251125-ABCD", 14, "024")).to.not.match(/vi phạm/i);
      expect(vi.flowTitle["violation-report"]).to.not.match(/vi phạm/i);
    });
  }

  it("cancelling a rubbish report names it as a report", async () => {
    const t = await new ConductorTalk(ctx).send("bãi rác bốc mùi", "Ngõ 5 thôn Phú Mỹ", "hủy");
    expect(t.said)
      .to.include("muốn dừng phản ánh?")
      .and.not.match(/vi phạm/i);
    expect(flow.name).to.equal("violation-report");
  });
});
