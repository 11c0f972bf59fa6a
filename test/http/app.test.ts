import { expect } from "chai";
import { Redis } from "ioredis";
import { Harness } from "../support/harness.js";
import { testEnv } from "../support/env.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { captureLogs } from "../support/logs.js";
import { freshMsgId, signBody, signedWebhook } from "../support/sign.js";

describe("HTTP assembly", function () {
  this.timeout(30000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it("sends security headers on every route but the webhook, and a request id everywhere", async () => {
    const health = await fetch(`${h.url}/healthz`);
    expect(health.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(health.headers.get("content-security-policy")).to.be.a("string");
    expect(health.headers.get("x-request-id")).to.match(/^[0-9a-f-]{36}$/);
    const hook = signedWebhook({ type: "text", text: "alo" }, { userId: "123", msgId: freshMsgId() });
    const webhook = await fetch(`${h.url}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
    expect(webhook.status).to.equal(200);
    expect(webhook.headers.get("content-security-policy")).to.equal(null);
    expect(webhook.headers.get("x-request-id")).to.be.a("string");
  });

  it("answers unknown routes and failures as JSON, without stack traces", async () => {
    const res = await fetch(`${h.url}/no/such/page`);
    expect(res.status).to.equal(404);
    expect(await res.json()).to.deep.equal({ error: { code: "not_found", message: "No route for GET /no/such/page" } });
    const bad = await fetch(`${h.url}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-zevent-signature": "mac=00" },
      body: "{not json",
    });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(await bad.json())).not.to.match(/\bat\s+\S+\.(ts|js)/);
  });

  it("a URL that is not valid percent-encoding is a 400 with the error body, not a logged 500 (issue 20)", async () => {
    const auth = { authorization: `Bearer ${testEnv().ADMIN_TOKEN!}` };
    const { lines } = await captureLogs(async () => {
      const api = await fetch(`${h.url}/api/v1/cases/PA-%E0%A4%A`, { headers: auth });
      expect(api.status).to.equal(400);
      expect(((await api.json()) as { error: { code: string } }).error.code).to.equal("bad_request");
      const open311 = await fetch(`${h.url}/open311/v2/requests/PA-%E0%A4%A.json`);
      expect(open311.status).to.equal(400);
      expect(await open311.json()).to.deep.equal([{ code: 400, description: "The URL is not valid percent-encoding" }]);
    });
    expect(lines.filter((l) => l.level === "error")).to.deep.equal([]);
  });

  it("exposes process metrics and request counts and latency by route", async () => {
    await fetch(`${h.url}/healthz`);
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).to.include("process_cpu_user_seconds_total");
    expect(text).to.match(/hotline_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).to.match(/hotline_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/healthz"\}/);
    expect(text).to.match(/hotline_webhook_events_total\{channel="zalo",event="text",outcome="queued"\} \d+/);
  });

  it("keeps every Redis key under the prefix's hash tag (one Cluster slot)", async () => {
    await h.citizen().send("tra cuu ho so");
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", `*${h.prefix}*`, "COUNT", 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== "0");
      expect(keys.length).to.be.greaterThan(5);
      expect(keys.filter((k) => !k.startsWith(`{${h.prefix}}:`))).to.deep.equal([]);
      expect(keys.some((k) => k.includes(":session:"))).to.equal(true);
      expect(keys.some((k) => k.includes(":inbound:"))).to.equal(true);
    } finally {
      redis.disconnect();
    }
  });

  it("puts the request id on every log line of the request", async () => {
    const { result: res, lines } = await captureLogs(async () => {
      const hook = signedWebhook({ type: "text", text: "alo" }, { userId: "123", msgId: freshMsgId() });
      return fetch(`${h.url}/webhooks/zalo`, {
        method: "POST",
        headers: { ...hook.headers, "x-zevent-signature": "mac=" + "0".repeat(64), "x-request-id": "req-from-the-lb-1" },
        body: hook.body,
      });
    });
    expect(res.status).to.equal(401);
    expect(res.headers.get("x-request-id")).to.equal("req-from-the-lb-1");
    const mine = lines.filter((l) => l.message === "zalo webhook with a wrong signature");
    expect(mine).to.have.length(1);
    expect(mine[0]?.requestId).to.equal("req-from-the-lb-1");
  });

  it("counts a signed event of an unknown kind, answers 200, and refuses an oversized body with 413", async () => {
    const unknown = signBody({
      app_id: "1163843031413526746",
      event_name: "user_click_chatnow",
      timestamp: String(Date.now()),
      user_id: "9",
    });
    const res = await fetch(`${h.url}/webhooks/zalo`, { method: "POST", headers: unknown.headers, body: unknown.body });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: "ignored" });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).to.match(/hotline_webhook_events_total\{channel="zalo",event="user_click_chatnow",outcome="ignored"\} 1/);

    const big = await fetch(`${h.url}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(300 * 1024),
    });
    expect(big.status).to.equal(413);
    expect(await big.json()).to.have.nested.property("error.code", "body_too_large");
  });
});
