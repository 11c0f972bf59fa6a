import { expect } from "chai";
import type { Redis } from "ioredis";
import { createRedis } from "../../../src/redis.js";
import { classifyZnsFailure, ZnsClient } from "../../../webhooks/zalo/zns.js";
import { startFakeZalo, type FakeZalo } from "../../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../../support/redis.js";
import { SANDBOX } from "../../support/sign.js";

// Issue 24: the ZNS client against the fake Zalo's ZNS — the request Zalo documents, the quota
// it reports, a refreshed token, and each failure classified as retry, quota, refused or unknown.

const message = { phone: "84912345678", templateId: "300001", templateData: { ma_phan_anh: "PA-261207-AB12" }, trackingId: "t1" };

describe("ZnsClient", () => {
  let fake: FakeZalo;
  let prefix: string;
  let redis: Redis;
  const client = () => new ZnsClient({ baseUrl: fake.url, tokens: fake.tokenStore(redis, prefix), timeoutMs: 2000 });

  beforeEach(async () => {
    fake = await startFakeZalo();
    prefix = uniquePrefix("zns-client");
    redis = createRedis(TEST_REDIS_URL, "worker");
  });
  afterEach(async () => {
    redis.disconnect();
    await fake.close();
    await dropPrefix(prefix);
  });

  it("sends the template with the OA's token and returns Zalo's id and remaining daily quota", async () => {
    fake.zns.setQuota(SANDBOX.oaId, 10, 3);
    const sent = await client().sendTemplate(message);
    expect(sent.messageId).to.be.a("string").and.not.equal("");
    expect(sent.quota).to.deep.equal({ daily: 10, remaining: 6 });
    expect(fake.zns.sent).to.have.length(1);
    expect(fake.zns.sent[0]).to.deep.include({ oaId: SANDBOX.oaId, phone: "84912345678", templateId: "300001", trackingId: "t1" });
  });

  it("an expired token (-124) is refreshed once and the send made once more", async () => {
    fake.expireAccessToken();
    await client().sendTemplate(message);
    expect(fake.refreshCount).to.equal(1);
    expect(fake.zns.requests).to.equal(2);
    expect(fake.zns.sent).to.have.length(1);
  });

  async function failure(f: Parameters<FakeZalo["zns"]["failNext"]>[1]) {
    fake.zns.failNext(1, f);
    try {
      await client().sendTemplate(message);
    } catch (err) {
      return classifyZnsFailure(err);
    }
    throw new Error("sent");
  }

  it("classifies Zalo's codes (HTTP 200, error != 0): retry, quota, refused", async () => {
    expect(await failure({ zaloError: -100 })).to.deep.include({ outcome: "retry", code: -100 });
    expect(await failure({ zaloError: -144 })).to.deep.include({ outcome: "quota", code: -144 });
    expect(await failure({ zaloError: -115 })).to.deep.include({ outcome: "quota", code: -115 });
    for (const code of [-108, -109, -112, -139, -999])
      expect(await failure({ zaloError: code })).to.deep.include({ outcome: "refused", code });
  });

  it("the fake refuses as Zalo would: a bad phone -108, an unknown template -109, data missing a parameter -112", async () => {
    fake.zns.approve("300001", ["ma_phan_anh", "trang_thai"]);
    const refused = async (m: typeof message) => {
      try {
        await client().sendTemplate(m);
      } catch (err) {
        return classifyZnsFailure(err).code;
      }
      return 0;
    };
    expect(await refused({ ...message, phone: "0912345678" })).to.equal(-108);
    expect(await refused({ ...message, templateId: "999" })).to.equal(-109);
    expect(await refused(message)).to.equal(-112);
    expect(fake.zns.sent).to.deep.equal([]);
  });

  it("without a clear answer: 503 is retried, 500 or a dropped connection is unknown (never sent again)", async () => {
    expect(await failure({ httpStatus: 503 })).to.deep.include({ outcome: "retry" });
    expect(await failure({ httpStatus: 500 })).to.deep.include({ outcome: "unknown" });
    expect(await failure({ network: true })).to.deep.include({ outcome: "unknown" });
    await fake.close();
    // Nobody listening: the request never left, so a retry is safe.
    const refused = await client()
      .sendTemplate(message)
      .then(
        () => null,
        (err: unknown) => classifyZnsFailure(err),
      );
    expect(refused).to.deep.include({ outcome: "retry", code: "ECONNREFUSED" });
    fake = await startFakeZalo();
  });
});
