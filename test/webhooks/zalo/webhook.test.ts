import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { expect } from "chai";
import type { PlatformEvent } from "../../../src/core/platform-event.js";
import type { InboundSink } from "../../../src/core/inbound-sink.js";
import { handleZaloWebhook } from "../../../webhooks/zalo/webhook.js";
import { SANDBOX, signBody, signedWebhook } from "../../support/sign.js";
import { ZALO_EVENTS_DIR } from "../../support/shared.js";

/** A sink standing in for the engine's queue (the webhook core only sees this interface). */
class MemorySink implements InboundSink {
  events: PlatformEvent[] = [];
  down = false;
  async accept(event: PlatformEvent): Promise<"queued" | "duplicate"> {
    if (this.down) throw new Error("storage down");
    if (this.events.some((e) => e.eventId === event.eventId)) return "duplicate";
    this.events.push(event);
    return "queued";
  }
}

describe("handleZaloWebhook", () => {
  let sink: MemorySink;
  let ignored: string[];
  let unknownOas: (string | undefined)[] = [];
  const deps = () => ({
    secretKeyOf: (appId: string) =>
      appId === SANDBOX.appId ? SANDBOX.oaSecretKey : appId === "2000000000000000002" ? "second-app-key" : undefined,
    sink,
    communeOf: (oaId: string | undefined) =>
      oaId === "3000000000000000001" ? "phu-xa" : oaId === "3999999999999999999" ? undefined : "kieu-phu",
    onIgnored: (n: string) => void ignored.push(n),
    onUnknownOa: (oaId: string | undefined) => void unknownOas.push(oaId),
  });
  beforeEach(() => {
    sink = new MemorySink();
    ignored = [];
    unknownOas = [];
  });

  it("gives each event the commune of the OA that received it", async () => {
    const a = signedWebhook({ type: "text", text: "xin chào" }, { userId: "1234567890" });
    const b = signedWebhook({ type: "text", text: "xin chào" }, { userId: "1234567891", oaId: "3000000000000000001" });
    const follow = signedWebhook({ type: "follow" }, { userId: "1234567892", oaId: "3000000000000000001" });
    for (const w of [a, b, follow]) expect((await handleZaloWebhook(w.body, w.signature, deps())).status).to.equal(200);
    expect(sink.events.map((e) => [e.userId, e.communeId])).to.deep.equal([
      ["1234567890", "kieu-phu"],
      ["1234567891", "phu-xa"],
      ["1234567892", "phu-xa"],
    ]);
  });

  it("checks each event with the key of the app it names: a second app's events pass with its own key only", async () => {
    const second = signedWebhook(
      { type: "text", text: "xin chào" },
      { userId: "1234567893", appId: "2000000000000000002", secret: "second-app-key" },
    );
    expect((await handleZaloWebhook(second.body, second.signature, deps())).status).to.equal(200);
    const forged = signedWebhook(
      { type: "text", text: "xin chào" },
      { userId: "1234567894", appId: "2000000000000000002", secret: SANDBOX.oaSecretKey },
    );
    expect(await handleZaloWebhook(forged.body, forged.signature, deps())).to.deep.include({ status: 401 });
    const stranger = signedWebhook({ type: "text", text: "xin chào" }, { userId: "1234567895", appId: "2000000000000000009", secret: "x" });
    expect((await handleZaloWebhook(stranger.body, stranger.signature, deps())).body).to.deep.equal({
      error: { code: "wrong_app", message: "the event is not for this app" },
    });
    expect(sink.events.map((e) => e.userId)).to.deep.equal(["1234567893"]);
  });

  it("acknowledges an event sent to an OA no commune declares, queues nothing and reports it", async () => {
    const w = signedWebhook({ type: "text", text: "xin chào" }, { userId: "1234567890", oaId: "3999999999999999999" });
    expect(await handleZaloWebhook(w.body, w.signature, deps())).to.deep.equal({ status: 200, body: { status: "unknown_oa" } });
    expect(sink.events).to.have.length(0);
    expect(unknownOas).to.deep.equal(["3999999999999999999"]);
  });

  it("accepts a signed event and hands it to the sink once", async () => {
    const w = signedWebhook({ type: "text", text: "Tra cứu hồ sơ" }, { userId: "1234567890" });
    const first = await handleZaloWebhook(w.body, w.signature, deps());
    expect(first).to.deep.equal({ status: 200, body: { status: "queued" } });
    const again = await handleZaloWebhook(w.body, w.signature, deps());
    expect(again).to.deep.equal({ status: 200, body: { status: "duplicate" } });
    expect(sink.events).to.have.length(1);
    expect(sink.events[0]).to.include({ kind: "text", text: "Tra cứu hồ sơ", userId: "1234567890" });
  });

  /** A published sample as if sent to this hotline's app (the samples come from several apps). */
  const sampleForUs = (file: string) => {
    const body = JSON.parse(readFileSync(path.join(ZALO_EVENTS_DIR, file), "utf8")) as Record<string, unknown>;
    return signBody({ ...body, app_id: SANDBOX.appId });
  };

  it("accepts a published sample signed as Zalo would", async () => {
    const w = sampleForUs("user_send_location.json");
    expect((await handleZaloWebhook(w.body, w.signature, deps())).status).to.equal(200);
    expect(sink.events[0]).to.include({ kind: "location", latitude: 10.7923119 });
  });

  it("accepts every published sample shape that carries the hotline's app_id", async () => {
    const files = readdirSync(ZALO_EVENTS_DIR).filter((f) => f.endsWith(".json"));
    expect(files).to.have.length.greaterThan(0);
    for (const file of files) {
      const w = sampleForUs(file);
      expect((await handleZaloWebhook(w.body, w.signature, deps())).status, file).to.equal(200);
    }
  });

  it("401 for an event of another app, or without app_id, even when signed with the OA key; nothing stored", async () => {
    const other = signedWebhook({ type: "text", text: "xin chào" }, { userId: "1", appId: "999" });
    const r = await handleZaloWebhook(other.body, other.signature, deps());
    expect(r.status).to.equal(401);
    expect(r.body).to.have.nested.property("error.code", "wrong_app");
    const { app_id: _dropped, ...bare } = signedWebhook({ type: "text", text: "xin chào" }, { userId: "1" }).event;
    const none = signBody(bare);
    expect((await handleZaloWebhook(none.body, none.signature, deps())).status).to.equal(401);
    // The published sample as it is (another app's id) is refused too.
    const raw = signBody(readFileSync(path.join(ZALO_EVENTS_DIR, "user_send_location.json"), "utf8"));
    expect((await handleZaloWebhook(raw.body, raw.signature, deps())).status).to.equal(401);
    expect(sink.events).to.have.length(0);
  });

  it("401 without or with a wrong signature; nothing stored", async () => {
    const w = signedWebhook({ type: "text", text: "x" }, { userId: "1" });
    expect((await handleZaloWebhook(w.body, undefined, deps())).status).to.equal(401);
    const wrong = await handleZaloWebhook(w.body, signBody(w.event, "other-secret").signature, deps());
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.have.nested.property("error.code", "invalid_signature");
    expect(sink.events).to.have.length(0);
  });

  it("400 for a body that is not JSON", async () => {
    const r = await handleZaloWebhook(Buffer.from("{nope"), "mac=00", deps());
    expect(r.status).to.equal(400);
    expect(r.body).to.have.nested.property("error.code", "invalid_json");
  });

  it("400 for a known event in the wrong shape", async () => {
    const w = signBody({ event_name: "user_send_text", app_id: SANDBOX.appId, timestamp: "2", sender: { id: "1" }, message: {} });
    const r = await handleZaloWebhook(w.body, w.signature, deps());
    expect(r.status).to.equal(400);
    expect(r.body).to.have.nested.property("error.code", "invalid_event");
    expect(r.body).to.have.nested.property("error.message").that.is.a("string");
  });

  it("200 ignored (and counted) for an unknown event", async () => {
    const w = signBody({ event_name: "user_click_chatnow", app_id: SANDBOX.appId, timestamp: "2", oa_id: "3", user_id: "4" });
    const r = await handleZaloWebhook(w.body, w.signature, deps());
    expect(r).to.deep.equal({ status: 200, body: { status: "ignored" } });
    expect(ignored).to.deep.equal(["user_click_chatnow"]);
    expect(sink.events).to.have.length(0);
  });

  it("counts unknown event names as 'other', so signed made-up names cannot grow the metrics", async () => {
    for (let i = 0; i < 50; i++) {
      const w = signBody({ event_name: `made_up_${i}`, app_id: SANDBOX.appId, timestamp: "2", user_id: "4" });
      expect((await handleZaloWebhook(w.body, w.signature, deps())).status).to.equal(200);
    }
    expect(new Set(ignored)).to.deep.equal(new Set(["other"]));
  });

  it("503 when the sink cannot store", async () => {
    sink.down = true;
    const w = signedWebhook({ type: "follow" }, { userId: "1" });
    const r = await handleZaloWebhook(w.body, w.signature, deps());
    expect(r.status).to.equal(503);
    expect(r.body).to.have.nested.property("error.code", "unavailable");
  });
});
