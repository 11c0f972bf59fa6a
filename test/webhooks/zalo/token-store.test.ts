import { expect } from "chai";
import type { Redis } from "ioredis";
import { createRedis, redisKey } from "../../../src/redis.js";
import { ZaloTokenError } from "../../../webhooks/zalo/errors.js";
import { ZaloTokenStore, type ZaloTokenStoreOptions } from "../../../webhooks/zalo/token-store.js";
import { startFakeZalo, type FakeZalo } from "../../support/fake-zalo.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../../support/redis.js";

describe("ZaloTokenStore", () => {
  let fake: FakeZalo;
  let prefix: string;
  const clients: Redis[] = [];

  const store = (over: Partial<ZaloTokenStoreOptions> = {}) => {
    const redis = createRedis(TEST_REDIS_URL, "worker");
    clients.push(redis);
    return fake.tokenStore(redis, prefix, over);
  };

  beforeEach(async () => {
    fake = await startFakeZalo();
    prefix = uniquePrefix("token");
  });
  afterEach(async () => {
    await fake.close();
    await dropPrefix(prefix);
    for (const c of clients.splice(0)) c.disconnect();
  });

  it("seeds from the environment only when nothing is stored", async () => {
    const a = store();
    expect(await a.init()).to.equal(true);
    expect(await a.getAccessToken()).to.equal("sandbox-access-token-1");
    const b = store({ seed: { accessToken: "other", refreshToken: "other" } });
    expect(await b.init()).to.equal(false);
    expect(await b.getAccessToken()).to.equal("sandbox-access-token-1");
  });

  it("keeps each OA's pair apart, and a single OA named for the first time adopts the pair it refreshed so far", async () => {
    const unnamed = store();
    const stale = await unnamed.getAccessToken();
    const refreshed = await unnamed.refreshAfterRejection(stale);
    // The commune file now names its OA: the refreshed pair moves (the seed's refresh token is spent).
    const named = store({ oaId: "2197174064623873199", adoptUnnamedPair: true });
    expect(await named.init()).to.equal(false);
    expect(await named.getAccessToken()).to.equal(refreshed);
    expect(await clients[0]!.exists(redisKey(prefix, "zalo", "token"))).to.equal(0);
    // Another OA's store has its own pair, or says which OA lacks one.
    const other = store({ oaId: "3000000000000000001", seed: { accessToken: "b-access", refreshToken: "b-refresh" } });
    await other.init();
    expect(await other.getAccessToken()).to.equal("b-access");
    expect(await named.getAccessToken()).to.equal(refreshed);
    const missing = store({ oaId: "3000000000000000002", seed: undefined });
    let err: unknown;
    try {
      await missing.getAccessToken();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ZaloTokenError);
    expect((err as Error).message).to.include("no Zalo token pair for OA 3000000000000000002");
  });

  it("refreshes after a rejection, stores the new pair, and keeps tokens under the prefix key", async () => {
    const s = store();
    const stale = await s.getAccessToken();
    const fresh = await s.refreshAfterRejection(stale);
    expect(fresh).to.equal(fake.accessToken).and.not.equal(stale);
    const stored = await s.read();
    expect(stored.refreshToken).to.equal(fake.refreshToken);
    expect(stored.expiresAt)
      .to.be.a("number")
      .greaterThan(Date.now() + 80_000_000); // "90000" s, from a string
    expect(await clients[0]!.exists(redisKey(prefix, "zalo", "token"))).to.equal(1);
    // Someone already refreshed: a late rejection of the old token uses the stored one.
    expect(await s.refreshAfterRejection(stale)).to.equal(fresh);
    expect(fake.refreshCount).to.equal(1);
  });

  it("refreshes ahead of expiry", async () => {
    const s = store({ refreshAheadMs: 60_000 });
    await s.refreshAfterRejection(await s.getAccessToken());
    expect(fake.refreshCount).to.equal(1);
    // Pretend the stored pair expires in 30 s: inside the 60 s window.
    const pair = await s.read();
    await clients[0]!.set(redisKey(prefix, "zalo", "token"), JSON.stringify({ ...pair, expiresAt: Date.now() + 30_000 }));
    const next = await s.getAccessToken();
    expect(fake.refreshCount).to.equal(2);
    expect(next).to.equal(fake.accessToken).and.not.equal(pair.accessToken);
  });

  it("one refresh for many concurrent rejections across two stores", async () => {
    fake.refreshDelayMs = 100;
    const a = store();
    const b = store();
    const stale = await a.getAccessToken();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).refreshAfterRejection(stale)));
    expect(new Set(results)).to.deep.equal(new Set([fake.accessToken]));
    expect(fake.refreshCount).to.equal(1);
  });

  it("a refusal that comes with HTTP 200 and an error field is a ZaloTokenError", async () => {
    const s = store({ seed: { accessToken: "a", refreshToken: "already-used" } });
    const err = await s.refreshAfterRejection("a").catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ZaloTokenError);
    expect((err as ZaloTokenError).code).to.equal(-14014);
    expect(await s.getAccessToken()).to.equal("a"); // the pair is left as it was
  });

  it("tells of each refused refresh once (the OA fleet's figures), not of the failure other callers are refused by after it", async () => {
    const told: unknown[] = [];
    const s = store({ seed: { accessToken: "a", refreshToken: "already-used" }, onRefreshFailed: (err) => told.push(err) });
    await Promise.all([s.refreshAfterRejection("a").catch(() => undefined), s.refreshAfterRejection("a").catch(() => undefined)]);
    // Within the failure's memory a second store (another process) is refused without asking Zalo.
    const other = store({ seed: { accessToken: "a", refreshToken: "already-used" }, onRefreshFailed: (err) => told.push(err) });
    expect(await other.refreshAfterRejection("a").catch((e: unknown) => e)).to.be.instanceOf(ZaloTokenError);
    expect(fake.refreshCount).to.equal(1);
    expect(told).to.have.length(1);
    expect((told[0] as ZaloTokenError).code).to.equal(-14014);
    // Only looking never seeds or refreshes.
    expect((await ZaloTokenStore.peek(clients[0]!, prefix, undefined))?.accessToken).to.equal("a");
    expect(await ZaloTokenStore.peek(clients[0]!, prefix, "3000000000000000001")).to.equal(null);
  });
});
