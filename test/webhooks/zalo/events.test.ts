import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import type { PlatformEvent } from "../../../src/core/platform-event.js";
import { parseZaloEvent, type ZaloParseResult } from "../../../webhooks/zalo/events.js";
import { ZALO_EVENTS_DIR } from "../../support/shared.js";

const DIR = ZALO_EVENTS_DIR;
const raw = (file: string) => readFileSync(path.join(DIR, file));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** A province of one without an OA id: every OA is its commune's. */
const ANY_OA = () => "kieu-phu";

function parseFile(file: string): { result: ZaloParseResult; bytes: Buffer } {
  const bytes = raw(file);
  return { result: parseZaloEvent(JSON.parse(bytes.toString("utf8")), bytes, ANY_OA), bytes };
}

function eventOf(file: string): { event: PlatformEvent; bytes: Buffer } {
  const { result, bytes } = parseFile(file);
  if (result.outcome !== "event") throw new Error(`${file}: ${JSON.stringify(result)}`);
  return { event: result.event, bytes };
}

const parseObj = (o: unknown) => {
  const bytes = Buffer.from(JSON.stringify(o));
  return parseZaloEvent(o, bytes, ANY_OA);
};

describe("parseZaloEvent on the published samples", () => {
  it("maps every sample to an event", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));
    expect(files.length).to.be.greaterThan(20);
    for (const f of files) {
      const { result } = parseFile(f);
      expect(result.outcome, f).to.equal("event");
    }
  });

  it("user_send_text (docs, 12-digit timestamp kept)", () => {
    expect(eventOf("user_send_text.json").event).to.deep.equal({
      eventId: "96d3cdf3af150460909",
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "246845883529197922",
      at: 154390853474,
      kind: "text",
      text: "message",
    });
  });

  it("user_send_text without user_id_by_app, and with a masked id", () => {
    expect(eventOf("user_send_text-3.json").event).to.include({
      kind: "text",
      text: "Alo",
      userId: "675059164343092785",
      eventId: "b2db3895fe26797f2030",
    });
    expect(eventOf("user_send_text-2.json").event).to.include({ kind: "text", text: "Chào A4B", userId: "6142494823xxxxxxxx" });
  });

  it("console test payload: the literal msg id is replaced by a hash of the body", () => {
    const { event, bytes } = eventOf("user_send_text-4.json");
    expect(event.eventId).to.equal(sha(bytes));
    expect(event).to.include({ kind: "text", text: "This is testing message", userId: "4339761418830368433", at: 1609984527175 });
  });

  it("user_send_image", () => {
    expect(eventOf("user_send_image.json").event).to.deep.include({
      kind: "image",
      images: [{ url: "url_to_thumbnail", thumbnail: "url_to_thumbnail" }],
      text: "This is testing message",
    });
  });

  it("user_send_location (real capture): coordinates as numbers, place name kept", () => {
    expect(eventOf("user_send_location.json").event).to.deep.equal({
      eventId: "b8de7d84fa1b3043690c",
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "8309393969855402319",
      at: 1751100041636,
      kind: "location",
      latitude: 10.7923119,
      longitude: 106.7820651,
      text: "Cơm Coffee New Sky",
    });
  });

  it("user_send_location with message.location (non-authoritative sample)", () => {
    expect(eventOf("user_send_location-2.json").event).to.include({
      kind: "location",
      latitude: 10.762622,
      longitude: 106.660172,
      userId: "user_id_123456",
    });
  });

  it("user_send_file: size as a number", () => {
    expect(eventOf("user_send_file.json").event).to.include({
      kind: "file",
      url: "link_to_download_file",
      name: "file_name",
      size: 9999,
      fileType: "file_type",
    });
  });

  it("sticker, gif, audio, video, link", () => {
    expect(eventOf("user_send_sticker.json").event).to.include({ kind: "sticker", url: "link" });
    expect(eventOf("user_send_gif.json").event).to.include({ kind: "media", media: "gif", url: "url_to_thumbnail" });
    expect(eventOf("user_send_audio.json").event).to.include({ kind: "media", media: "audio", url: "url_to_audio_file" });
    expect(eventOf("user_send_video.json").event).to.include({ kind: "media", media: "video", url: "url_to_video_file" });
    expect(eventOf("user_send_link.json").event).to.include({ kind: "media", media: "link", url: "link", text: "This is testing message" });
  });

  it("follow and unfollow: the follower is the user, eventId a body hash", () => {
    const { event, bytes } = eventOf("follow.json");
    expect(event).to.deep.equal({
      eventId: sha(bytes),
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "24684588352919792",
      at: 154397978274,
      kind: "follow",
      source: "oa_profile",
    });
    expect(eventOf("follow-2.json").event).to.include({ kind: "follow", userId: "4608160177909782018", source: "zalo" });
    expect(eventOf("follow-3.json").event).to.include({ kind: "follow", userId: "8890635404729405962" });
    expect(eventOf("unfollow.json").event).to.include({ kind: "unfollow", userId: "4608160177909782018" });
  });

  it("user_submit_info, current form", () => {
    expect(eventOf("user_submit_info.json").event).to.include({
      kind: "submit_info",
      userId: "246845883529697922",
      name: "Name Example",
      phone: "84900000000",
      address: "Đường số 13, KCX Tân Thuận Đông, Phường Tân Thuận, Thành phố Hồ Chí Minh",
    });
  });

  it("user_submit_info, older form", () => {
    const r = parseObj({
      event_name: "user_submit_info",
      app_id: "1",
      timestamp: "1700000000000",
      sender: { id: "42" },
      recipient: { id: "7" },
      info: { name: "Trần Văn B", phone: 84900000001, address: "12 Lê Lợi", ward: "Phường 1", district: "Quận 3", city: "TP.HCM" },
    });
    expect(r.outcome).to.equal("event");
    if (r.outcome === "event")
      expect(r.event).to.include({ kind: "submit_info", phone: "84900000001", address: "12 Lê Lợi, Phường 1, Quận 3, TP.HCM" });
  });

  it("receipts: seen has msg_ids, received goes to the recipient", () => {
    const seen = eventOf("user_seen_message.json");
    expect(seen.event).to.deep.equal({
      eventId: sha(seen.bytes),
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "2687558107438251665",
      at: 1594636778967,
      kind: "receipt",
      receipt: "seen",
      messageIds: ["e72c0a55e95fcb00924f"],
    });
    expect(eventOf("user_received_message.json").event).to.deep.include({
      kind: "receipt",
      receipt: "received",
      messageIds: ["15a0cc0bbb13bd4ce403"],
    });
    expect(eventOf("user_received_message-2.json").event).to.include({ userId: "8885388564519420458" });
  });

  it("user_reacted_message", () => {
    const r = parseObj({
      event_name: "user_reacted_message",
      app_id: "1",
      timestamp: "1700000000000",
      sender: { id: "42" },
      recipient: { id: "7" },
      message: { msg_id: "abc", react_icon: "/-heart" },
    });
    expect(r.outcome === "event" && r.event).to.deep.include({
      kind: "receipt",
      receipt: "reacted",
      messageIds: ["abc"],
      reaction: "/-heart",
      userId: "42",
    });
  });

  it("oa_send_text: an echo to the recipient; admin_id marks an officer typing", () => {
    expect(eventOf("oa_send_text.json").event).to.deep.include({
      kind: "agent_echo",
      userId: "4339761418830368433",
      text: "This is testing message",
    });
    expect(eventOf("oa_send_text.json").event).not.to.have.property("adminId");
    const r = parseObj({
      event_name: "oa_send_text",
      app_id: "1",
      timestamp: "1700000000000",
      sender: { id: "7", admin_id: "555" },
      recipient: { id: "42" },
      message: { msg_id: "m1", text: "Chào anh, tôi là cán bộ địa chính" },
    });
    expect(r.outcome === "event" && r.event).to.deep.include({ kind: "agent_echo", adminId: "555", userId: "42", eventId: "m1" });
  });
});

describe("parseZaloEvent normalization and errors", () => {
  const text = (over: Record<string, unknown>) => ({
    event_name: "user_send_text",
    app_id: "1",
    timestamp: "1700000000000",
    sender: { id: "42" },
    recipient: { id: "7" },
    message: { msg_id: "m1", text: "hi" },
    ...over,
  });

  it("accepts numeric ids, timestamp and coordinates, giving string ids", () => {
    const r = parseObj({
      event_name: "user_send_location",
      app_id: 1,
      timestamp: 1700000000000,
      sender: { id: 42 },
      message: { msg_id: 99, attachments: [{ type: "location", payload: { coordinates: { latitude: 21.03, longitude: 105.85 } } }] },
    });
    expect(r.outcome === "event" && r.event).to.deep.equal({
      eventId: "99",
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "42",
      at: 1700000000000,
      kind: "location",
      latitude: 21.03,
      longitude: 105.85,
    });
  });

  it("several images in one event → one image event with several images", () => {
    const r = parseObj({
      ...text({ event_name: "user_send_image" }),
      message: { msg_id: "m2", attachments: [1, 2, 3].map((i) => ({ type: "image", payload: { url: `https://x/${i}.jpg` } })) },
    });
    expect(r.outcome === "event" && r.event.kind === "image" && r.event.images.map((i) => i.url)).to.deep.equal([
      "https://x/1.jpg",
      "https://x/2.jpg",
      "https://x/3.jpg",
    ]);
  });

  it("never rejects over a timestamp", () => {
    for (const timestamp of [undefined, "", "not-a-time", "154390853474", 0]) {
      const r = parseObj(text({ timestamp }));
      expect(r.outcome, String(timestamp)).to.equal("event");
      if (r.outcome === "event") expect(r.event.at).to.be.a("number").greaterThan(0);
    }
  });

  it("unknown event_name → ignored", () => {
    expect(parseObj({ event_name: "user_click_chatnow", oa_id: "1", user_id: "2" })).to.deep.equal({
      outcome: "ignored",
      eventName: "user_click_chatnow",
    });
  });

  it("known events in a malformed shape → invalid", () => {
    const cases: unknown[] = [
      text({ sender: undefined }),
      text({ message: { msg_id: "m1" } }),
      text({ message: "hi" }),
      text({ sender: { id: { nested: true } } }),
      { ...text({ event_name: "user_send_location" }), message: { msg_id: "m", attachments: [] } },
      {
        ...text({ event_name: "user_send_location" }),
        message: { msg_id: "m", attachments: [{ type: "location", payload: { coordinates: { latitude: "north", longitude: "1" } } }] },
      },
      {
        ...text({ event_name: "user_send_location" }),
        message: { msg_id: "m", attachments: [{ type: "location", payload: { coordinates: { latitude: "91", longitude: "1" } } }] },
      },
      { ...text({ event_name: "user_send_image" }), message: { msg_id: "m", attachments: [] } },
      { event_name: "follow", app_id: "1", timestamp: "1" },
      { event_name: "user_seen_message", sender: { id: "1" }, recipient: { id: "2" }, message: {} },
      { event_name: "user_submit_info", sender: { id: "1" } },
    ];
    for (const c of cases) {
      const r = parseObj(c);
      expect(r.outcome, JSON.stringify(c)).to.equal("invalid");
    }
  });

  it("not an event at all → invalid", () => {
    expect(parseObj([1, 2]).outcome).to.equal("invalid");
    expect(parseObj("text").outcome).to.equal("invalid");
    expect(parseObj({ hello: "world" }).outcome).to.equal("invalid");
  });
});

describe("parseZaloEvent cleans what the database refuses", () => {
  const envelope = { app_id: "1", timestamp: "1700000000000", sender: { id: "u1" }, recipient: { id: "oa" } };

  it("drops U+0000 from a text, a place name and shared contact fields", () => {
    const text = parseObj({ ...envelope, event_name: "user_send_text", message: { msg_id: "m1", text: "nhà\u0000 số 12\u0000" } });
    expect(text).to.have.nested.property("event.text", "nhà số 12");
    const pin = parseObj({
      ...envelope,
      event_name: "user_send_location",
      message: {
        msg_id: "m2",
        text: "chợ\u0000 Phú Mỹ",
        attachments: [{ type: "location", payload: { coordinates: { latitude: "21", longitude: "105" } } }],
      },
    });
    expect(pin).to.have.nested.property("event.text", "chợ Phú Mỹ");
    const info = parseObj({
      ...envelope,
      event_name: "user_submit_info",
      info: { name: "An\u0000", phone: "84912345678", address: "thôn\u0000 1" },
    });
    expect(info).to.have.nested.property("event.name", "An");
    expect(info).to.have.nested.property("event.address", "thôn 1");
    expect(JSON.stringify(info)).to.not.include("\\u0000");
  });
});
