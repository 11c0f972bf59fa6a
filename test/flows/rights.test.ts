import { expect } from "chai";
import { PRIVACY_BUTTON } from "../../flows/messages.privacy.vi.js";
import { RIGHTS_BUTTON, rightsSay } from "../../flows/messages.rights.vi.js";
import { rightsAskIn } from "../../flows/text/rights-words.js";
import type { Case } from "../../src/cases/case.js";
import type { FlowContext } from "../../src/conversation/flow.js";
import type { Holdings } from "../../src/privacy/holdings.js";
import { CONSENT_PURPOSES, type ConsentPurpose } from "../../src/privacy/purposes.js";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext, noCases } from "../support/flow-context.js";

const commune = exampleConfig();
const none = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, false])) as Record<ConsentPurpose, boolean>;
const held: Holdings = {
  reported: { codes: ["PA-261126-HXYX"], total: 1 },
  followedCases: 0,
  followedDossiers: 0,
  phoneKept: true,
  nameKept: true,
  heldNotices: 0,
  messagesLeft: 0,
  consents: none,
};
const ctx = (link: string | null): FlowContext => ({
  ...handMadeContext(commune),
  privacy: { holdings: async () => held, consents: async () => none, exportLink: () => link },
});

describe("flows: the citizen's further rights over their data (issue 25)", () => {
  it("offers the file of their data through its link, or at the office without a public address", async () => {
    const withLink = await new ConductorTalk(ctx("https://h.example/du-lieu-ca-nhan/abc")).send(PRIVACY_BUTTON.holdings);
    const button = withLink.last.replies.flatMap((r) => (r.type === "buttons" ? r.buttons : [])).find((b) => b.url);
    expect(button?.url).to.equal("https://h.example/du-lieu-ca-nhan/abc");
    expect(withLink.said).to.include("một lần");
    const without = await new ConductorTalk(ctx(null)).send(PRIVACY_BUTTON.holdings);
    expect(without.said).to.include("đề nghị tại bộ phận một cửa");
  });
});

const mineCase = (over: Partial<Case> = {}): Case => ({
  code: "PA-261201-ABCD",
  communeId: "kieu-phu",
  contactCommuneId: "kieu-phu",
  sourceKey: "zalo:x",
  channel: "zalo",
  category: "lan_chiem",
  status: "in_progress",
  lat: null,
  lng: null,
  address: null,
  areaId: null,
  teamId: null,
  description: "Lấn chiếm vỉa hè",
  anonymous: false,
  reporterChannel: "zalo",
  reporterUserId: "u1",
  contactName: "Nguyễn Văn An",
  contactPhone: "0912345678",
  ackDueAt: null,
  resolveDueAt: null,
  acknowledgedAt: null,
  resolvedAt: null,
  escalationLevel: 0,
  citizenConfirmed: null,
  rating: null,
  reopenedCount: 0,
  createdAt: new Date("2026-12-01T02:00:00Z"),
  updatedAt: new Date("2026-12-01T02:00:00Z"),
  ...over,
});
const withCases = (cases: Case[]): FlowContext => ({
  ...ctx(null),
  cases: { ...noCases, mine: async () => cases },
});
const effectsOf = (t: ConductorTalk) => t.last.effects ?? [];

describe("flows: correcting a contact, restriction and objection (issue 25)", () => {
  it("reads the citizen's words for these rights, with or without diacritics, and leaves other words alone", () => {
    const cases: [string, string | null][] = [
      ["sửa số điện thoại", "correct:phone"],
      ["doi sdt", "correct:phone"],
      ["cho em đổi sđt 0987 654 321 với", "correct:phone"],
      ["cap nhat so dien thoai", "correct:phone"],
      ["sửa tên", "correct:name"],
      ["sai ten roi", "correct:name"],
      ["hạn chế xử lý dữ liệu cá nhân", "restrict"],
      ["ngung dung du lieu cua toi", "restrict"],
      [RIGHTS_BUTTON.restrictConfirm, "restrictConfirmed"],
      ["phản đối", "object:callback_phone,zns_notices,rating_survey,photos_kept"],
      ["phan doi khao sat", "object:rating_survey"],
      ["tôi muốn đổi số nhà", null],
      ["Nhà số 12 đang đổ móng lấn ra mặt đường, số điện thoại của tôi 0912345678", null],
      ["quyền riêng tư", null],
    ];
    for (const [text, want] of cases) {
      const a = rightsAskIn(text);
      const got = !a ? null : a.kind === "correct" ? `correct:${a.field}` : a.kind === "object" ? `object:${a.purposes.join(",")}` : a.kind;
      expect(got, text).to.equal(want);
    }
    // Inside a flow only the buttons' own words.
    expect(rightsAskIn("doi sdt", { strict: true })).to.equal(null);
    expect(rightsAskIn(RIGHTS_BUTTON.correctPhone, { strict: true })).to.deep.equal({ kind: "correct", field: "phone" });
  });

  it("corrects the phone: asks for it, confirms with buttons or typed words, and hands over the correction", async () => {
    const t = new ConductorTalk(withCases([mineCase(), mineCase({ code: "PA-261130-WXYZ" })]));
    await t.send("doi sdt");
    expect(t.step).to.equal("value");
    expect(t.said).to.include("số điện thoại mới");
    await t.send("số mới là 0987 654 32");
    expect(t.said).to.include("chưa đúng");
    await t.send("0987 654 321");
    expect(t.step).to.equal("confirm");
    expect(t.said).to.include("PA-261201-ABCD").and.include("PA-261130-WXYZ").and.include("0987654321").and.include("[Xác nhận sửa]");
    await t.send("ok");
    expect(t.session.flow).to.equal(null);
    expect(effectsOf(t)).to.deep.equal([{ type: "rightsRequest", request: { kind: "rectification", phone: "0987654321" } }]);

    // The number in the asking message goes straight to the question; "không" keeps things as they are.
    await t.send("cho em đổi sđt 0977 111 222");
    expect(t.step).to.equal("confirm");
    await t.send("không");
    expect(t.session.flow).to.equal(null);
    expect(effectsOf(t)).to.deep.equal([]);
    expect(t.said).to.include("giữ nguyên");
  });

  it("corrects the name, and says so when no report still being handled keeps one", async () => {
    const t = new ConductorTalk(withCases([mineCase()]));
    await t.send("sửa tên");
    await t.send("Nguyễn Văn Ân");
    await t.send(RIGHTS_BUTTON.correctConfirm);
    expect(effectsOf(t)).to.deep.equal([{ type: "rightsRequest", request: { kind: "rectification", name: "Nguyễn Văn Ân" } }]);

    const none = new ConductorTalk(withCases([mineCase({ status: "closed" }), mineCase({ reporterUserId: "someone-else" })]));
    await none.send("sửa số điện thoại");
    expect(none.session.flow).to.equal(null);
    expect(none.said).to.include("không lưu số điện thoại");
  });

  it("restricts after a confirmation that says precisely what stops, and objects at once", async () => {
    const t = new ConductorTalk(withCases([]));
    await t.send("hạn chế xử lý dữ liệu của tôi");
    expect(t.said).to.include("không gọi lại").and.include("không hỏi khảo sát").and.include("[Xác nhận hạn chế xử lý]");
    expect(effectsOf(t)).to.deep.equal([]);
    await t.send(RIGHTS_BUTTON.restrictConfirm);
    expect(effectsOf(t)).to.deep.equal([
      { type: "rightsRequest", request: { kind: "restriction", textShown: rightsSay.restrictAsk.text } },
    ]);

    await t.send("phan doi khao sat");
    expect(t.said).to.include("phản đối: khảo sát");
    expect(effectsOf(t)[0]).to.deep.include({ type: "rightsRequest" });
    expect(effectsOf(t)[0]).to.have.nested.property("request.purposes").that.deep.equals(["rating_survey"]);
  });
});
