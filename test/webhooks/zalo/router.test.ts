import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import express from "express";
import type { PlatformEvent } from "../../../src/core/platform-event.js";
import { zaloWebhookRouter } from "../../../webhooks/zalo/router.js";
import { SANDBOX, signedWebhook } from "../../support/sign.js";

describe("zaloWebhookRouter", () => {
  let server: Server;
  let url: string;
  const accepted: PlatformEvent[] = [];

  before(async () => {
    const app = express();
    app.use(
      zaloWebhookRouter({
        secretKeyOf: (appId: string) => (appId === SANDBOX.appId ? SANDBOX.oaSecretKey : undefined),
        maxBodyBytes: 2048,
        sink: { accept: async (e) => (accepted.push(e), "queued") },
        communeOf: () => "kieu-phu",
      }),
    );
    server = app.listen(0);
    await new Promise((r) => server.once("listening", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it("verifies the raw body and answers 200", async () => {
    const w = signedWebhook({ type: "image", urls: ["https://a/1.jpg", "https://a/2.jpg"] }, { userId: "5550001" });
    const res = await fetch(url, { method: "POST", headers: w.headers, body: w.body });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: "queued" });
    expect(accepted.at(-1)).to.deep.include({ kind: "image", userId: "5550001" });
  });

  it("reads the body raw whatever the content type", async () => {
    const w = signedWebhook({ type: "text", text: "xin chào" }, { userId: "5550002" });
    const res = await fetch(url, {
      method: "POST",
      headers: { "X-ZEvent-Signature": w.signature, "Content-Type": "text/plain" },
      body: w.body,
    });
    expect(res.status).to.equal(200);
  });

  it("401 with a wrong signature", async () => {
    const w = signedWebhook({ type: "text", text: "x" }, { userId: "1", secret: "nope" });
    const res = await fetch(url, { method: "POST", headers: w.headers, body: w.body });
    expect(res.status).to.equal(401);
    expect(await res.json()).to.have.nested.property("error.code", "invalid_signature");
  });

  it("413 with a JSON error for a body over the limit", async () => {
    const w = signedWebhook({ type: "text", text: "x".repeat(4000) }, { userId: "1" });
    const res = await fetch(url, { method: "POST", headers: w.headers, body: w.body });
    expect(res.status).to.equal(413);
    expect(await res.json()).to.have.nested.property("error.code", "body_too_large");
  });
});
