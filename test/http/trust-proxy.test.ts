import { expect } from "chai";
import { parseConfig } from "../../src/config.js";
import { testEnv } from "../support/env.js";
import { Harness } from "../support/harness.js";

// X-Forwarded-For is believed only from the proxies of TRUST_PROXY: otherwise a client picks the
// address its wrong tokens are counted under, and the limit never bites.

/** 11 wrong tokens (the limit is 10 a minute per address), each claiming another forwarded address. */
async function wrongTokens(url: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 1; i <= 11; i++) {
    const res = await fetch(`${url}/api/v1/me`, {
      headers: { Authorization: "Bearer wrong-token-of-the-test", "X-Forwarded-For": `203.0.113.${i}` },
    });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe("TRUST_PROXY", function () {
  this.timeout(60_000);

  it("a sender that is not a named proxy is counted under its own address, whatever X-Forwarded-For says", async () => {
    // The tests connect from loopback; naming another proxy makes loopback an untrusted sender.
    const h = await Harness.start({ env: { TRUST_PROXY: "10.20.30.40, 192.168.0.0/16" } });
    try {
      const statuses = await wrongTokens(h.url);
      expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(401));
      expect(statuses[10]).to.equal(429);
    } finally {
      await h.stop();
    }
  });

  it("by default loopback is the proxy: the address it forwards is the client's", async () => {
    const h = await Harness.start();
    try {
      expect(await wrongTokens(h.url)).to.deep.equal(Array(11).fill(401));
    } finally {
      await h.stop();
    }
  });

  it("is a comma list of addresses or CIDRs; anything else stops the start naming the variable", () => {
    expect(parseConfig(testEnv()).TRUST_PROXY).to.deep.equal(["loopback"]);
    expect(parseConfig(testEnv({ TRUST_PROXY: "10.0.0.1, 172.16.0.0/12,::1" })).TRUST_PROXY).to.deep.equal([
      "10.0.0.1",
      "172.16.0.0/12",
      "::1",
    ]);
    for (const bad of ["10.0.0.0/33", "uniquelocal", "proxy.example.org", "10.0.0.1/8/2"])
      expect(() => parseConfig(testEnv({ TRUST_PROXY: bad })))
        .to.throw()
        .with.property("problems")
        .that.satisfies((p: string[]) => p.length === 1 && p[0]!.startsWith("TRUST_PROXY: "));
  });
});
