import { expect } from "chai";
import { AuthFailureLimiter } from "../../src/api/auth-failures.js";

describe("api/auth-failures", () => {
  let now = new Date("2026-11-30T08:00:00Z");
  const clock = () => now;
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  it("lets the first failures of a window through, then says how long to wait", () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 3, clock });
    for (let i = 1; i <= 3; i++) expect(limiter.fail("10.0.0.1")).to.deep.equal({ failures: i });
    later(20_000);
    expect(limiter.fail("10.0.0.1")).to.deep.equal({ failures: 4, retryAfterSeconds: 40, firstPastLimit: true });
    later(39_500);
    expect(limiter.fail("10.0.0.1")).to.deep.equal({ failures: 5, retryAfterSeconds: 1, firstPastLimit: false });
    // Another address has its own count.
    expect(limiter.fail("10.0.0.2")).to.deep.equal({ failures: 1 });
    // The window ends: counting starts over.
    later(500);
    expect(limiter.fail("10.0.0.1")).to.deep.equal({ failures: 1 });
  });

  it("remembers a bounded number of addresses, forgetting the oldest first", () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1, maxAddresses: 2, clock });
    limiter.fail("a");
    expect(limiter.fail("a").retryAfterSeconds).to.equal(60);
    limiter.fail("b");
    limiter.fail("c");
    // "a" was dropped to make room for "c"; "b" is still counted.
    expect(limiter.fail("b")).to.include({ failures: 2, firstPastLimit: true });
    expect(limiter.fail("a")).to.deep.equal({ failures: 1 });
  });
});
