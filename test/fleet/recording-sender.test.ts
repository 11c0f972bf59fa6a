import { expect } from "chai";
import { Redis } from "ioredis";
import { OaFacts } from "../../src/fleet/oa-facts.js";
import { recordingSender } from "../../src/fleet/recording-sender.js";
import { createRedis } from "../../src/redis.js";
import { ZaloClient } from "../../webhooks/zalo/client.js";
import { ZaloApiError } from "../../webhooks/zalo/errors.js";
import { zaloSender } from "../../webhooks/zalo/sender.js";
import { startFakeZalo, type FakeZalo } from "../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

/**
 * The sender the outbound worker is given records each message and each failed send of the
 * commune's OA (Zalo's code, bounded), and a recording that fails never fails, nor changes, a send.
 */
describe("fleet: the recording sender", () => {
  const LABELS = ["-230", "-32", "other"];
  let fake: FakeZalo;
  let prefix: string;
  let redis: Redis;

  beforeEach(async () => {
    fake = await startFakeZalo();
    prefix = uniquePrefix("fleet-sender");
    redis = createRedis(TEST_REDIS_URL, "worker");
  });
  afterEach(async () => {
    redis.disconnect();
    await fake.close();
    await dropPrefix(prefix);
  });

  const zalo = () => {
    const client = new ZaloClient({ apiBaseUrl: fake.url, tokens: fake.tokenStore(redis, prefix) });
    return zaloSender({ of: () => client });
  };
  const to = { communeId: "kieu-phu", userId: "5210000000000123001" };

  it('counts the messages sent and the failures by Zalo\'s code, "other" for the rest', async () => {
    const facts = new OaFacts(redis, prefix, () => prefix);
    const sender = recordingSender(zalo(), facts, LABELS);
    await sender.sendPiece(to, { type: "text", text: "Xin chào ông/bà" });
    fake.failNext(1, { zaloError: -230 });
    fake.failNext(1, { httpStatus: 500 });
    for (let i = 0; i < 2; i++) {
      const err = await sender.sendPiece(to, { type: "text", text: "Thử lại" }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(Error);
    }
    const recorded = await facts.read("kieu-phu");
    expect(recorded).to.deep.include({ sent: 1, failures: { "-230": 1, other: 1 }, lastFailureCode: "other" });
    expect(recorded.lastSentAt).to.be.a("number");
  });

  it("a recording that fails (Redis gone) leaves the send as it was: delivered, or the platform's own error", async () => {
    const gone = new Redis(TEST_REDIS_URL);
    await gone.quit();
    const sender = recordingSender(zalo(), new OaFacts(gone, prefix, () => prefix), LABELS);
    const ids = await sender.sendPiece(to, { type: "text", text: "Xin chào ông/bà" });
    expect(ids).to.have.length(1);
    expect(fake.messagesFor(to.userId).map((m) => m.messageId)).to.deep.equal(ids);
    fake.failNext(1, { zaloError: -230 });
    const err = await sender.sendPiece(to, { type: "text", text: "Thử lại" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ZaloApiError).and.to.include({ code: -230 });
  });
});
