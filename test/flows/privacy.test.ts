import { expect } from "chai";
import { conductor } from "../../flows/conductor.js";
import { CONSENT_TEXT, PRIVACY_BUTTON } from "../../flows/messages.privacy.vi.js";
import { privacyAskIn } from "../../flows/text/privacy-words.js";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { Reply } from "../../src/core/reply.js";
import { converse, type EngineOptions } from "../../src/conversation/engine.js";
import type { FlowContext, FlowState } from "../../src/conversation/flow.js";
import { emptySession, type Session } from "../../src/conversation/session.js";
import type { Holdings } from "../../src/privacy/holdings.js";
import { CONSENT_PURPOSES, type ConsentPurpose } from "../../src/privacy/purposes.js";
import { exampleConfig } from "../commune/fixture.js";
import { handMadeContext } from "../support/flow-context.js";

const commune = exampleConfig();
const none = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, false])) as Record<ConsentPurpose, boolean>;
const held: Holdings = {
  reported: { codes: ["PA-261126-HXYX"], total: 1 },
  followedCases: 2,
  followedDossiers: 1,
  phoneKept: true,
  nameKept: false,
  heldNotices: 0,
  messagesLeft: 0,
  consents: { ...none, rating_survey: true },
};
const ctx = (): FlowContext => ({
  ...handMadeContext(commune),
  privacy: { holdings: async () => held, consents: async () => ({ ...none, callback_phone: true }) },
});
const text = (t: string): PlatformEvent => ({
  kind: "text",
  text: t,
  eventId: "e1",
  channel: "zalo",
  communeId: "kieu-phu",
  userId: "u1",
  at: 0,
});
const say = (r: Reply) => ("text" in r ? r.text : "");
const buttonsOf = (r: Reply | undefined) => (r?.type === "buttons" ? r.buttons.map((b) => b.payload) : []);
const engine: EngineOptions = {
  script: conductor,
  flows: {},
  idleMs: 30 * 60_000,
  lookupLimit: { max: 10, windowMs: 600_000 },
  firstContactNotice: true,
};

describe("flows: personal data in the chat (issue 25)", () => {
  it("reads the citizen's words with or without diacritics, in teen-code, and the buttons' own", () => {
    const cases: [string, string | null][] = [
      ["dữ liệu của tôi", "notice"],
      ["du lieu cua toi", "notice"],
      ["dl cua t", "notice"],
      ["Quyền riêng tư?", "notice"],
      ["quyen rieng tu a", "notice"],
      ["thong tin ca nhan", "notice"],
      ["thông tin cá nhân".normalize("NFD"), "notice"],
      [PRIVACY_BUTTON.holdings, "holdings"],
      ["tổng đài lưu gì về tôi vậy", "holdings"],
      [PRIVACY_BUTTON.consents, "consents"],
      [PRIVACY_BUTTON.erase, "erase"],
      ["xoa du lieu cua toi di", "erase"],
      [PRIVACY_BUTTON.eraseConfirm, "eraseConfirmed"],
      [PRIVACY_BUTTON.eraseDecline, "eraseDeclined"],
      ["làm giấy khai sinh cần gì", null],
      ["đồng ý", null],
      ["menu", null],
    ];
    for (const [t, kind] of cases) expect(privacyAskIn(t)?.kind ?? null, t).to.equal(kind);
    expect(privacyAskIn("Đồng ý gọi lại")).to.deep.equal({ kind: "consent", purpose: "callback_phone", granted: true });
    expect(privacyAskIn("dong y khao sat")).to.deep.equal({ kind: "consent", purpose: "rating_survey", granted: true });
    expect(privacyAskIn("ko dong y giu anh")).to.deep.equal({ kind: "consent", purpose: "photos_kept", granted: false });
    expect(privacyAskIn("Rút đồng ý nhận tin ZNS")).to.deep.equal({ kind: "consent", purpose: "zns_notices", granted: false });
    for (const p of CONSENT_PURPOSES) {
      expect(privacyAskIn(PRIVACY_BUTTON.grant(p), { strict: true })).to.deep.equal({ kind: "consent", purpose: p, granted: true });
      expect(privacyAskIn(PRIVACY_BUTTON.withdraw(p), { strict: true })).to.deep.equal({ kind: "consent", purpose: p, granted: false });
    }
    // Inside a flow only the buttons' words: a description that mentions a photo is not a consent.
    expect(privacyAskIn("đồng ý, gửi ảnh đây", { strict: true })).to.equal(null);
    expect(privacyAskIn("bảo mật", { strict: true })).to.equal(null);
    expect(privacyAskIn(PRIVACY_BUTTON.notice, { strict: true })?.kind).to.equal("notice");
  });

  it("answers the notice with the commune as controller, retention, recipients and rights, and its buttons", async () => {
    const r = await conductor.respond(emptySession(), text("quyền riêng tư"), ctx(), { flows: {}, idleMinutes: 30 });
    expect(r.replies).to.have.length(1);
    const t = say(r.replies[0]!);
    for (const part of ["UBND xã Kiều Phú", commune.address, commune.hotline, "Zalo (Công ty VNG)", "30 ngày", "365 ngày", "xóa"])
      expect(t).to.include(part);
    expect(buttonsOf(r.replies[0])).to.deep.equal([PRIVACY_BUTTON.holdings, PRIVACY_BUTTON.consents, PRIVACY_BUTTON.erase]);
  });

  it("asks consent with one button per purpose, records the exact text shown, and offers to withdraw", async () => {
    const screen = await conductor.respond(emptySession(), text(PRIVACY_BUTTON.consents), ctx(), { flows: {}, idleMinutes: 30 });
    expect(buttonsOf(screen.replies[0])).to.deep.equal([
      PRIVACY_BUTTON.withdraw("callback_phone"),
      PRIVACY_BUTTON.grant("zns_notices"),
      PRIVACY_BUTTON.grant("rating_survey"),
      PRIVACY_BUTTON.grant("photos_kept"),
    ]);
    const given = await conductor.respond(emptySession(), text("đồng ý khảo sát"), ctx(), { flows: {}, idleMinutes: 30 });
    expect(given.effects).to.deep.equal([
      { type: "consent", purpose: "rating_survey", granted: true, textShown: CONSENT_TEXT.rating_survey },
    ]);
    expect(buttonsOf(given.replies[0])).to.deep.equal([PRIVACY_BUTTON.withdraw("rating_survey")]);
    const withdrawn = await conductor.respond(emptySession(), text(PRIVACY_BUTTON.withdraw("rating_survey")), ctx(), {
      flows: {},
      idleMinutes: 30,
    });
    expect(withdrawn.effects?.[0]).to.include({ type: "consent", purpose: "rating_survey", granted: false });
  });

  it("keeps an open flow where it was, and takes only the buttons' words inside it", async () => {
    const open: FlowState = { name: "dossier-status", step: "code", data: {}, misses: 0 };
    const session: Session = { ...emptySession(), flow: open };
    const r = await conductor.respond(session, text(PRIVACY_BUTTON.grant("photos_kept")), ctx(), { flows: {}, idleMinutes: 30 });
    expect(r.next).to.deep.equal(open);
    expect(r.effects?.[0]).to.include({ type: "consent", purpose: "photos_kept" });
  });

  it('answers "what do you hold about me" and asks before erasing', async () => {
    const h = await conductor.respond(emptySession(), text(PRIVACY_BUTTON.holdings), ctx(), { flows: {}, idleMinutes: 30 });
    const t = say(h.replies[0]!);
    expect(t).to.include("PA-261126-HXYX").and.include("đang theo dõi: 2").and.include("Số điện thoại: có lưu");
    expect(t).to.include("khảo sát – đã đồng ý").and.include("gọi lại – chưa đồng ý");
    expect(h.effects).to.deep.equal([{ type: "privacyRequest", kind: "access" }]);
    const ask = await conductor.respond(emptySession(), text(PRIVACY_BUTTON.erase), ctx(), { flows: {}, idleMinutes: 30 });
    expect(ask.effects ?? []).to.deep.equal([]);
    expect(buttonsOf(ask.replies[0])).to.deep.equal([PRIVACY_BUTTON.eraseConfirm, PRIVACY_BUTTON.eraseDecline]);
    const confirmed = await conductor.respond(emptySession(), text(PRIVACY_BUTTON.eraseConfirm), ctx(), { flows: {}, idleMinutes: 30 });
    expect(confirmed.effects).to.deep.equal([{ type: "privacyRequest", kind: "erasure" }]);
  });

  it("gives the notice once, on the first contact, before the answer's last message", async () => {
    const first = await converse(emptySession(), text("giờ làm việc"), ctx(), engine);
    const notice = first.replies.findIndex((r) => say(r).startsWith("Về dữ liệu cá nhân"));
    expect(notice).to.be.greaterThan(-1);
    expect(notice).to.equal(first.replies.length - 2);
    expect(first.session.noticedAt).to.equal(ctx().now.getTime());
    const again = await converse(first.session, text("giờ làm việc"), ctx(), engine);
    expect(again.replies.map(say).filter((t) => t.startsWith("Về dữ liệu cá nhân"))).to.deep.equal([]);
    // A follow: welcome, notice, menu.
    const follow = await converse(emptySession(), { ...text(""), kind: "follow" } as PlatformEvent, ctx(), engine);
    expect(follow.replies.map(say)[1]).to.match(/^Về dữ liệu cá nhân/);
    // Asked for in the first words: given once, not twice.
    const asked = await converse(emptySession(), text("quyền riêng tư"), ctx(), engine);
    expect(asked.replies.filter((r) => say(r).startsWith("Về dữ liệu cá nhân"))).to.have.length(1);
    expect(asked.session.noticedAt).to.not.equal(null);
    // Off unless asked for (the engine's default).
    const off = await converse(emptySession(), text("giờ làm việc"), ctx(), { ...engine, firstContactNotice: false });
    expect(off.replies.map(say).filter((t) => t.startsWith("Về dữ liệu cá nhân"))).to.deep.equal([]);
  });
});
