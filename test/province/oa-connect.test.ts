import { expect } from "chai";
import { Redis } from "ioredis";
import { redisKey } from "../../src/redis.js";
import { exampleConfig } from "../commune/fixture.js";
import type { Harness } from "../support/harness.js";
import { OaUser, otherCommune, startProvince } from "../support/province-harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { SANDBOX } from "../support/sign.js";
import { testEnv } from "../support/env.js";

// Onboarding a commune's OA (issue 23): the admin's connect link, Zalo's permission page (the fake
// plays it), the callback that checks the state and the OA, and the pair every process then uses.
describe("connecting a commune's OA (OAuth v4 + PKCE)", function () {
  this.timeout(60_000);
  const OA_C = "3100000000000000007";
  const a = { ...exampleConfig(), zalo: { oaId: SANDBOX.oaId } };
  const c = otherCommune(exampleConfig(), { id: "dong-son", name: "Xã Đông Sơn", oaId: OA_C, zaloPrefix: "71" });
  const admin = testEnv().ADMIN_TOKEN!;
  let h: Harness;
  let redis: Redis;

  before(async () => {
    h = await startProvince([a, c]);
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    await h?.stop();
    redis?.disconnect();
  });
  afterEach(() => {
    h.zalo.authorizingOa = SANDBOX.oaId;
  });

  const storedPair = async (oaId: string) =>
    JSON.parse((await redis.get(redisKey(h.prefix, "zalo", "token", "oa", oaId))) ?? "null") as {
      accessToken: string;
      refreshToken: string;
    } | null;

  /** The admin's connect link for a commune. */
  async function connectLink(communeId: string, token = admin): Promise<Response> {
    return fetch(`${h.url}/api/v1/communes/${communeId}/zalo/connect`, { headers: { Authorization: `Bearer ${token}` } });
  }

  /** Open the link on Zalo (the admin grants access to `h.zalo.authorizingOa`): where Zalo sends the browser back. */
  async function authorize(communeId: string): Promise<URL> {
    const res = await connectLink(communeId);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { url: string; oaId: string; communeId: string };
    expect(body.communeId).to.equal(communeId);
    const onZalo = new URL(body.url);
    expect(onZalo.origin + onZalo.pathname).to.equal(`${h.zalo.url}/v4/oa/permission`);
    expect(onZalo.searchParams.get("app_id")).to.equal(SANDBOX.appId);
    expect(onZalo.searchParams.get("code_challenge")).to.match(/^[A-Za-z0-9_-]{43}$/);
    const zalo = await fetch(body.url, { redirect: "manual" });
    expect(zalo.status).to.equal(302);
    return new URL(zalo.headers.get("location")!);
  }

  const callback = async (back: URL) => {
    const res = await fetch(back);
    return { status: res.status, html: await res.text() };
  };

  it("stores the OA's new pair, and the commune's citizens are answered with it", async () => {
    h.zalo.authorizingOa = OA_C;
    const back = await authorize("dong-son");
    expect(back.origin + back.pathname).to.equal(`${h.url}/zalo/oauth/callback`);
    expect(back.searchParams.get("oa_id")).to.equal(OA_C);
    const { status, html } = await callback(back);
    expect(status).to.equal(200);
    expect(html).to.include("Đã kết nối OA").and.include("Xã Đông Sơn").and.include("is connected");
    const pair = await storedPair(OA_C);
    expect(pair?.accessToken).to.match(new RegExp(`^fake-access-${OA_C}-`));
    // The pair the tokens file seeded is no longer Zalo's: only the new one can answer.
    const citizen = new OaUser(h, OA_C, "7100000000000000111");
    expect(await citizen.send("xin chào")).to.include("Đông Sơn");
  });

  it("refuses a state it never gave, and a state used once already", async () => {
    h.zalo.authorizingOa = OA_C;
    const back = await authorize("dong-son");
    const forged = new URL(back);
    forged.searchParams.set("state", "made-up-state");
    const wrong = await callback(forged);
    expect(wrong.status).to.equal(400);
    expect(wrong.html).to.include("hết hạn hoặc đã được dùng");
    expect((await callback(back)).status).to.equal(200);
    const before = await storedPair(OA_C);
    const replayed = await callback(back);
    expect(replayed.status).to.equal(400);
    expect(await storedPair(OA_C)).to.deep.equal(before);
  });

  it("refuses a state past its time (kept ten minutes at most)", async () => {
    h.zalo.authorizingOa = OA_C;
    const back = await authorize("dong-son");
    const key = redisKey(h.prefix, "zalo", "connect", back.searchParams.get("state")!);
    const ttl = await redis.pttl(key);
    expect(ttl)
      .to.be.above(0)
      .and.at.most(10 * 60_000);
    // Redis forgets it at the end of its time: age it there.
    await redis.pexpire(key, 1);
    while ((await redis.exists(key)) === 1) await new Promise((r) => setTimeout(r, 5));
    const before = await storedPair(OA_C);
    expect((await callback(back)).status).to.equal(400);
    expect(await storedPair(OA_C)).to.deep.equal(before);
  });

  it("refuses the authorization of another OA than the commune's, and stores nothing", async () => {
    // The admin picked the first commune's OA on Zalo's page while connecting Đông Sơn.
    h.zalo.authorizingOa = SANDBOX.oaId;
    const beforeC = await storedPair(OA_C);
    const beforeA = await storedPair(SANDBOX.oaId);
    const back = await authorize("dong-son");
    const { status, html } = await callback(back);
    expect(status).to.equal(409);
    expect(html).to.include("không phải OA của Xã Đông Sơn");
    expect(await storedPair(OA_C)).to.deep.equal(beforeC);
    expect(await storedPair(SANDBOX.oaId)).to.deep.equal(beforeA);
  });

  it("stores nothing when Zalo refuses the verifier (the challenge was not made from it)", async () => {
    h.zalo.authorizingOa = OA_C;
    const back = await authorize("dong-son");
    const key = redisKey(h.prefix, "zalo", "connect", back.searchParams.get("state")!);
    const pending = JSON.parse((await redis.get(key))!) as { verifier: string };
    await redis.set(key, JSON.stringify({ ...pending, verifier: "x".repeat(43) }), "KEEPTTL");
    const before = await storedPair(OA_C);
    const { status, html } = await callback(back);
    expect(status).to.equal(502);
    expect(html).to.include("Zalo từ chối mã cấp quyền (lỗi -14019)");
    expect(await storedPair(OA_C)).to.deep.equal(before);
  });

  it("gives the link to the admin token only, for a known commune", async () => {
    expect((await connectLink("nowhere")).status).to.equal(404);
    const officer = await fetch(`${h.url}/api/v1/officers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ communeId: "dong-son", name: "Quản trị Đông Sơn", role: "commune_admin" }),
    });
    expect(officer.status).to.equal(201);
    const { token } = (await officer.json()) as { token: string };
    expect((await connectLink("dong-son", token)).status).to.equal(403);
    expect((await connectLink("dong-son", "not-a-token-at-all-0123456789abcdef")).status).to.equal(401);
  });
});
