import { expect } from "chai";
import fc from "fast-check";
import { jobId } from "../../src/queues/names.js";

describe("jobId", () => {
  it("keeps msg ids that need no encoding as they are (ids of queued jobs do not change)", () => {
    expect(jobId("in", "zalo", "5f0a1b2c3d4e5f607182")).to.equal("in-zalo-5f0a1b2c3d4e5f607182");
    expect(jobId("case-filed", "PA-251126-AB12", "reporter")).to.equal("case-filed-PA-251126-AB12-reporter");
  });

  it("gives msg ids that differ only by ':', whitespace or '_' distinct ids, none with ':'", () => {
    const ids = ["a:b", "a b", "a_b", "a\tb", "a\u00a0b", "a%3Ab", "a%20b"].map((m) => jobId("in", "zalo", m));
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.not.include(":").and.not.match(/\s/);
  });

  it("is injective on any msg id (generated)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        const same = jobId("in", "zalo", a) === jobId("in", "zalo", b);
        return same === (a === b) && !jobId("in", "zalo", a).includes(":");
      }),
      { numRuns: 2000 },
    );
  });
});
