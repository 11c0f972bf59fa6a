import { expect } from "chai";
import { OaFacts } from "../../src/fleet/oa-facts.js";
import type { FleetReport, OaReport } from "../../src/fleet/fleet-report.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { redisKey } from "../../src/redis.js";
import { testEnv } from "../support/env.js";
import type { Harness } from "../support/harness.js";
import { OA_B, provinceOfTwo } from "../support/province.js";
import { startProvince } from "../support/province-harness.js";
import { testConnection } from "../support/redis.js";
import { SANDBOX } from "../support/sign.js";

/**
 * Issue 24's OA fleet, figure by figure, through the whole hotline (webhook, workers, the fake
 * Zalo) in a province of two communes on two shards: `GET /api/v1/oa-fleet` and `/metrics`.
 */
describe("the OA fleet: each OA's figures (GET /api/v1/oa-fleet, /metrics)", function () {
  this.timeout(60_000);
  const { a, b } = provinceOfTwo();
  const ADMIN = testEnv().ADMIN_TOKEN!;
  let h: Harness;
  let communeAdminA: string;
  let provinceUser: string;
  let leaderA: string;

  before(async () => {
    h = await startProvince([a, b], { env: { REDIS_SHARDS: "2" } });
    communeAdminA = (await createOfficer(h.db, a.id, { id: "fleet-cadmin", name: "Quản trị Kiều Phú", role: "commune_admin" })).token;
    leaderA = (await createOfficer(h.db, a.id, { id: "fleet-leader", name: "Lãnh đạo Kiều Phú", role: "leader" })).token;
    provinceUser = (await createOfficer(h.db, null, { id: "fleet-province", name: "Sở TT&TT", role: "province" })).token;
  });
  after(async () => {
    await h?.stop();
  });

  const get = async (path: string, token = ADMIN) => {
    const res = await fetch(`${h.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as FleetReport };
  };
  const oaOf = (r: FleetReport, communeId: string): OaReport => {
    const o = r.oas.find((x) => x.communeId === communeId);
    if (!o) throw new Error(`no OA of ${communeId} in the report`);
    return o;
  };
  /** The fleet as the admin reads it, once `ok` holds of it (events are recorded without the webhook waiting). */
  async function fleetWhen(ok: (r: FleetReport) => boolean, what: string): Promise<FleetReport> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await get("/oa-fleet");
      if (ok(body)) return body;
      if (Date.now() > deadline) throw new Error(`${what}: not seen within 10 s; last report:\n${JSON.stringify(body, null, 1)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("each OA's events: counted and timed for its own commune, under its shard's tag; an undeclared OA's apart", async () => {
    const before = Date.now();
    const ca = h.citizen(undefined, SANDBOX.oaId);
    await ca.send("giờ làm việc");
    await ca.send("cảm ơn");
    const r = await fleetWhen((x) => oaOf(x, a.id).events.received === 2, "two events of A");
    const oaA = oaOf(r, a.id);
    expect(oaA.oaId).to.equal(SANDBOX.oaId);
    expect(Date.parse(oaA.events.lastAt!)).to.be.within(before, Date.now());
    expect(oaOf(r, b.id).events).to.deep.equal({ received: 0, lastAt: null });
    expect(await h.redisKeyExists(redisKey(await h.shardOf(a.id), "fleet", a.id))).to.equal(true);
    expect(await h.redisKeyExists(redisKey(h.prefix, "fleet", a.id))).to.equal(false);

    const { status } = await h.post({ type: "text", text: "xin chào" }, "5219999999999000001", undefined, "4999999999999999999");
    expect(status).to.equal(200);
    await fleetWhen((x) => x.unknownOaEvents === 1, "the undeclared OA's event");
  });

  it("an OA silent longer than its usual gap gets the alert line; one within it does not", async () => {
    const redis = testConnection();
    try {
      const facts = new OaFacts(redis, h.prefix, (id) => h.shardOf(id));
      // B (no event yet): an event every 20 minutes (12 quiet spells of 20 min), the last 3 hours ago,
      // recorded as the webhook records them.
      const last = Date.now() - 3 * 3600_000;
      for (let i = 12; i >= 0; i--) await facts.event(b.id, last - i * 20 * 60_000);
      const r = (await get("/oa-fleet")).body;
      const oaB = oaOf(r, b.id);
      expect(oaB.silence).to.deep.include({ usualGapSeconds: 1200, spells: 12 });
      expect(oaB.silence.silentForSeconds).to.be.within(3 * 3600, 3 * 3600 + 60);
      expect(oaB.alerts).to.deep.equal([{ kind: "silent", silentForSeconds: oaB.silence.silentForSeconds, usualGapSeconds: 1200 }]);
      // A has too few quiet spells to judge: no silence alert, whatever its silence.
      expect(oaOf(r, a.id).silence.usualGapSeconds).to.equal(null);
      expect(oaOf(r, a.id).alerts.map((x) => x.kind)).to.not.include("silent");
      // B writes again: the 3-hour spell is kept (the new longest), and B is no longer silent.
      await h.citizen(undefined, OA_B).send("giờ làm việc");
      const after = await fleetWhen((x) => oaOf(x, b.id).silence.spells === 13, "B's new quiet spell");
      expect(oaOf(after, b.id).alerts).to.deep.equal([]);
      expect(oaOf(after, b.id).silence.usualGapSeconds).to.be.within(3 * 3600, 3 * 3600 + 60);
    } finally {
      redis.disconnect();
    }
  });

  it("each OA's messages sent: what B's OA sent is B's, timed", async () => {
    const before = Date.now();
    const cb = h.citizen(undefined, OA_B);
    await cb.send("giờ làm việc");
    expect(h.zalo.messagesFor(cb.userId).length).to.be.greaterThan(0);
    const sentByB = h.zalo.allMessages.filter((m) => m.oaId === OA_B).length;
    const r = await fleetWhen((x) => oaOf(x, b.id).sent.messages === sentByB, "B's messages counted");
    expect(Date.parse(oaOf(r, b.id).sent.lastAt!)).to.be.within(before, Date.now());
    expect(oaOf(r, a.id).sent.messages).to.equal(h.zalo.allMessages.filter((m) => m.oaId === SANDBOX.oaId).length);
  });

  it('failed sends by Zalo\'s code: -230 (held), -32 (retried, then sent), HTTP 500 as "other"', async () => {
    const held = h.citizen(undefined, OA_B);
    h.zalo.failFor(held.userId, -230);
    await held.send("giờ làm việc");
    await h.waitForHeld(held.userId, 1);
    h.zalo.clearFailFor(held.userId);
    const r1 = await fleetWhen((x) => oaOf(x, b.id).failures.byCode.length > 0, "B's -230");
    expect(oaOf(r1, b.id).failures).to.deep.include({ byCode: [{ code: "-230", count: 1 }], lastCode: "-230" });

    const retried = h.citizen(undefined, OA_B);
    h.zalo.failNext(1, { zaloError: -32 });
    h.zalo.failNext(1, { httpStatus: 500 });
    await retried.sendAndWait("giờ làm việc");
    const r2 = await fleetWhen((x) => oaOf(x, b.id).failures.byCode.length === 3, "B's three kinds of failure");
    expect(oaOf(r2, b.id).failures.byCode).to.deep.equal([
      { code: "-230", count: 1 },
      { code: "-32", count: 1 },
      { code: "other", count: 1 },
    ]);
    expect(oaOf(r2, a.id).failures.byCode).to.deep.equal([]);
  });

  it("the token: a seeded pair's expiry is unknown; after a refresh, its expiry and the refresh's time", async () => {
    const seeded = oaOf((await get("/oa-fleet")).body, a.id).token;
    expect(seeded).to.include({ stored: true, expiresAt: null, secondsToExpiry: null, lastRefreshAt: null, refreshFailures: 0 });
    const before = Date.now();
    h.zalo.expireAccessToken();
    await h.citizen(undefined, SANDBOX.oaId).sendAndWait("giờ làm việc");
    const token = oaOf((await get("/oa-fleet")).body, a.id).token;
    // The fake gives expires_in 90000 s (25 hours), as Zalo does.
    expect(token.secondsToExpiry).to.be.within(89_990, 90_000);
    expect(Date.parse(token.lastRefreshAt!)).to.be.within(before, Date.now());
    expect(token.lastRefreshFailure).to.equal(null);
    expect(oaOf((await get("/oa-fleet")).body, a.id).alerts).to.deep.equal([]);
  });

  it("the quota each OA has left, read from Zalo by the scheduled check", async () => {
    h.zalo.setQuota(SANDBOX.oaId, { remain: 1234, total: 2000 });
    h.zalo.setQuota(OA_B, { remain: 17, total: 500 });
    const before = Date.now();
    await h.checkOaQuotas();
    const r = (await get("/oa-fleet")).body;
    expect(oaOf(r, a.id).quota).to.include({ remain: 1234, total: 2000 });
    expect(oaOf(r, b.id).quota).to.include({ remain: 17, total: 500 });
    expect(Date.parse(oaOf(r, b.id).quota!.checkedAt)).to.be.within(before, Date.now());
    expect(oaOf(r, b.id).quotaError).to.equal(null);
  });

  it("a refused token refresh: the alert line with Zalo's code, counted; the quota check says why it failed", async () => {
    h.zalo.expireAccessToken();
    h.zalo.refuseRefreshes = true;
    try {
      await h.checkOaQuotas();
    } finally {
      h.zalo.refuseRefreshes = false;
    }
    const r = (await get("/oa-fleet")).body;
    const oaA = oaOf(r, a.id);
    expect(oaA.token.refreshFailures).to.equal(1);
    expect(oaA.token.lastRefreshFailure?.code).to.equal("-14014");
    expect(oaA.alerts).to.have.length(1);
    expect(oaA.alerts[0]).to.include({ kind: "token_refresh_failed", code: "-14014" });
    expect(oaA.quotaError).to.include({ code: "-14014" });
    // The last figures read stay beside the failure.
    expect(oaA.quota).to.include({ remain: 1234, total: 2000 });
    expect(oaOf(r, b.id).alerts).to.deep.equal([]);
    expect(oaOf(r, b.id).quota).to.include({ remain: 17 });
  });

  it("who reads it: the province every OA, a commune admin their own (another's is 403), a leader nothing", async () => {
    const province = await get("/oa-fleet", provinceUser);
    expect(province.status).to.equal(200);
    expect(province.body.oas.map((o) => o.communeId)).to.deep.equal([a.id, b.id]);
    const own = await get("/oa-fleet", communeAdminA);
    expect(own.status).to.equal(200);
    expect(own.body.oas.map((o) => o.communeId)).to.deep.equal([a.id]);
    expect(own.body.unknownOaEvents).to.equal(null);
    expect((await get(`/oa-fleet?communeId=${b.id}`, communeAdminA)).status).to.equal(403);
    const named = await get(`/oa-fleet?communeId=${b.id}`, provinceUser);
    expect(named.body.oas.map((o) => o.communeId)).to.deep.equal([b.id]);
    expect((await get("/oa-fleet", leaderA)).status).to.equal(403);
    expect((await get("/oa-fleet?token=1")).status).to.equal(400);
    // No token of the OA is in the answer.
    expect(JSON.stringify(province.body)).to.not.include("access").and.not.include(h.zalo.accessToken);
  });

  it('the same figures in /metrics, labelled by commune (the deployment\'s and "unknown"), failures by code', async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const lines = text.split("\n").filter((l) => l.startsWith("hotline_oa_"));
    const value = (series: string) => {
      const line = lines.find((l) => l.startsWith(`${series} `));
      if (!line) throw new Error(`no ${series} in\n${lines.join("\n")}`);
      return Number(line.slice(series.length + 1));
    };
    const r = (await get("/oa-fleet")).body;
    expect(value(`hotline_oa_events_received_total{commune="${a.id}"}`)).to.equal(oaOf(r, a.id).events.received);
    expect(value(`hotline_oa_events_received_total{commune="unknown"}`)).to.equal(1);
    expect(value(`hotline_oa_messages_sent_total{commune="${b.id}"}`)).to.equal(oaOf(r, b.id).sent.messages);
    expect(value(`hotline_oa_send_failures_total{commune="${b.id}",code="-230"}`)).to.equal(1);
    expect(value(`hotline_oa_send_failures_total{commune="${b.id}",code="other"}`)).to.equal(1);
    expect(value(`hotline_oa_token_refresh_failures_total{commune="${a.id}"}`)).to.equal(1);
    expect(value(`hotline_oa_token_expiry_seconds{commune="${a.id}"}`)).to.be.within(89_000, 90_000);
    expect(value(`hotline_oa_quota_remaining{commune="${b.id}"}`)).to.equal(17);
    // A seeded pair's expiry is unknown: no series rather than a made-up figure.
    expect(lines.some((l) => l.startsWith(`hotline_oa_token_expiry_seconds{commune="${b.id}"}`))).to.equal(false);
    // The label sets are bounded: the two communes and "unknown"; codes of the error table and "other".
    const communesSeen = new Set(lines.flatMap((l) => /commune="([^"]+)"/.exec(l)?.[1] ?? []));
    expect([...communesSeen].sort()).to.deep.equal([a.id, b.id, "unknown"].sort());
    const codes = new Set(lines.flatMap((l) => /code="([^"]+)"/.exec(l)?.[1] ?? []));
    for (const c of codes) expect(c).to.match(/^(-\d+|other)$/);
  });
});
