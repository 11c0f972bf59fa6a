import { expect } from "chai";
import { Harness } from "../support/harness.js";

const TOKEN = "metrics-token-for-the-tests-01";

describe("GET /metrics behind METRICS_TOKEN", function () {
  this.timeout(30000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ env: { METRICS_TOKEN: TOKEN } });
  });
  after(async () => {
    await h?.stop();
  });

  const metrics = (authorization?: string) => fetch(`${h.url}/metrics`, authorization ? { headers: { authorization } } : {});

  it("answers 401 without the token or with another one", async () => {
    for (const auth of [undefined, `Bearer ${TOKEN}x`, TOKEN, "Bearer ", `Basic ${TOKEN}`]) {
      const res = await metrics(auth);
      expect(res.status, String(auth)).to.equal(401);
      expect(res.headers.get("www-authenticate")).to.match(/^Bearer/);
      expect(await res.json()).to.have.nested.property("error.code", "unauthorized");
    }
  });

  it("serves the metrics with the token", async () => {
    const res = await metrics(`Bearer ${TOKEN}`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include("process_cpu_user_seconds_total");
  });

  it("leaves /healthz open", async () => {
    expect((await fetch(`${h.url}/healthz`)).status).to.equal(200);
  });
});
