import { expect } from "chai";
import type { Redis } from "ioredis";
import { createRedis } from "../../../src/redis.js";
import { ZaloClient } from "../../../webhooks/zalo/client.js";
import { ZaloApiError, ZaloHttpError, ZaloNetworkError } from "../../../webhooks/zalo/errors.js";
import { startFakeZalo, type FakeZalo } from "../../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../../support/redis.js";

describe("ZaloClient", () => {
  let fake: FakeZalo;
  let prefix: string;
  const connections: Redis[] = [];

  /** A client with a token store of its own (its own Redis connection), as in another process. */
  const client = (timeoutMs?: number) => {
    const redis = createRedis(TEST_REDIS_URL, "worker");
    connections.push(redis);
    return new ZaloClient({ apiBaseUrl: fake.url, tokens: fake.tokenStore(redis, prefix), timeoutMs });
  };

  beforeEach(async () => {
    fake = await startFakeZalo();
    prefix = uniquePrefix("client");
  });
  afterEach(async () => {
    await fake.close();
    await dropPrefix(prefix);
    for (const c of connections.splice(0)) c.disconnect();
  });

  it("sends a reply as Zalo messages and returns their ids", async () => {
    const sent = await client().send("u1", { type: "buttons", text: "Chọn:", buttons: [{ title: "Hồ sơ", payload: "#hoso" }] });
    expect(sent).to.have.length(1);
    expect(sent[0]!.messageId).to.be.a("string");
    expect(fake.messagesFor("u1").map((m) => m.message)).to.deep.equal([
      {
        text: "Chọn:",
        attachment: { type: "template", payload: { buttons: [{ title: "Hồ sơ", type: "oa.query.show", payload: "#hoso" }] } },
      },
    ]);
  });

  it("an expired token is refreshed once and the message sent once", async () => {
    const c = client();
    fake.expireAccessToken();
    await c.send("u1", { type: "text", text: "xin chào" });
    expect(fake.refreshCount).to.equal(1);
    expect(fake.messagesFor("u1")).to.have.length(1);
  });

  it("20 concurrent sends through two clients meet an expired token: one refresh, all delivered", async () => {
    const a = client();
    const b = client();
    await a.send("warm", { type: "text", text: "warm-up" }); // both stores now share the seeded pair
    fake.expireAccessToken();
    fake.refreshDelayMs = 50;
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).send(`user-${i}`, { type: "text", text: `tin ${i}` })));
    expect(fake.refreshCount).to.equal(1);
    for (let i = 0; i < 20; i++) expect(fake.messagesFor(`user-${i}`).map((m) => m.message)).to.deep.equal([{ text: `tin ${i}` }]);
  });

  it("classifies Zalo's refusals", async () => {
    const c = client();
    const refusal = async (code: number) => {
      fake.failNext(1, { zaloError: code });
      const err = await c.send("u1", { type: "text", text: "x" }).catch((e: unknown) => e);
      expect(err, String(code)).to.be.instanceOf(ZaloApiError);
      return err as ZaloApiError;
    };
    expect((await refusal(-32)).retryable).to.equal(true);
    for (const code of [-211, -213, -227, -230, -232, -234, -244]) expect((await refusal(code)).unreachable, String(code)).to.equal(true);
    const bad = await refusal(-201);
    expect([bad.code, bad.retryable, bad.unreachable, bad.classification]).to.deep.equal([-201, false, false, "fatal"]);
  });

  it("a body Zalo rejects is -201 at the fake", async () => {
    const err = await client()
      .sendMessage("u1", { text: "" })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ZaloApiError).with.property("code", -201);
  });

  it("HTTP errors and network failures are typed", async () => {
    const c = client();
    fake.failNext(1, { httpStatus: 502 });
    const http = await c.send("u1", { type: "text", text: "x" }).catch((e: unknown) => e);
    expect(http).to.be.instanceOf(ZaloHttpError).with.property("status", 502);
    expect((http as ZaloHttpError).retryable).to.equal(true);
    fake.failNext(1, { network: true });
    const net = await c.send("u1", { type: "text", text: "x" }).catch((e: unknown) => e);
    expect(net).to.be.instanceOf(ZaloNetworkError).with.property("retryable", true);
  });

  it("reads a user's profile", async () => {
    const p = await client().getUserDetail("123456789");
    expect(p).to.include({ userId: "123456789", isFollower: true });
  });
});
