import { expect } from "chai";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { FlowContext } from "../../src/conversation/flow.js";
import type { ConsentPurpose } from "../../src/privacy/purposes.js";
import { CONSENT_TEXT } from "../../flows/messages.privacy.vi.js";
import { znsSettingsSchema } from "../../src/commune/zns-templates.js";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

// Issue 24: the ZNS consent is asked once, with the phone the reporter leaves, where the commune
// can send ZNS; buttons and typed answers (with or without diacritics) both work.

const ZNS = znsSettingsSchema.parse({
  templates: {
    status: { templateId: "300001", params: { ma_phan_anh: "code", trang_thai: "status" } },
  },
});

function context(opts: { zns?: boolean; answered?: ConsentPurpose[] } = {}): FlowContext {
  const commune: CommuneConfig = { ...exampleConfig(), ...(opts.zns === false ? {} : { zns: ZNS }) };
  const answered = opts.answered ?? [];
  return {
    ...handMadeContext(commune),
    privacy: {
      holdings: async () => {
        throw new Error("not used");
      },
      consents: async () => ({ callback_phone: false, zns_notices: false, rating_survey: false, photos_kept: false }),
      answered: async () => answered,
    },
  };
}

async function atContact(ctx: FlowContext): Promise<ConductorTalk> {
  const t = await new ConductorTalk(ctx).send("đèn đường hỏng", "Ngõ 5 thôn Phú Mỹ", "xong", "Đèn đầu ngõ 5 tắt cả tuần nay, tối om");
  expect(t.step).to.equal("contact");
  return t;
}

const consentOf = (t: ConductorTalk) => (t.last.effects ?? []).filter((e) => e.type === "consent");

describe("report: the ZNS consent, asked once with the phone", () => {
  it("is asked right after the phone, with the consent's own text and two buttons", async () => {
    const t = await atContact(context());
    await t.send("0912 345 678");
    expect(t.step).to.equal("zns");
    expect(t.said).to.include(CONSENT_TEXT.zns_notices).and.include("[Đồng ý] [Không]");
    expect(consentOf(t)).to.deep.equal([]);
  });

  for (const [typed, granted] of [
    ["Đồng ý", true],
    ["đồng ý", true],
    ["dong y", true],
    ["ok", true],
    ["Không", false],
    ["khong", false],
    ["không ạ", false],
  ] as const) {
    it(`"${typed}" records ${granted ? "the consent" : "the refusal"} and goes on to the summary`, async () => {
      const t = await atContact(context());
      await t.send("0912345678", typed);
      expect(consentOf(t)).to.deep.equal([{ type: "consent", purpose: "zns_notices", granted, textShown: CONSENT_TEXT.zns_notices }]);
      expect(t.step).to.equal("summary");
      expect(t.said).to.include(granted ? "đồng ý nhận thông báo qua tin ZNS" : "không gửi tin ZNS");
    });
  }

  it("something else is asked again, never taken as an answer", async () => {
    const t = await atContact(context());
    await t.send("0912345678", "để tôi nghĩ đã");
    expect(t.step).to.equal("zns");
    expect(consentOf(t)).to.deep.equal([]);
    expect(t.said).to.include("Đồng ý").and.include("Không");
  });

  it("is not asked of a citizen who answered it before (yes or no)", async () => {
    const t = await atContact(context({ answered: ["zns_notices"] }));
    await t.send("0912345678");
    expect(t.step).to.equal("summary");
  });

  it("is not asked again within the report (back to the contact, another phone)", async () => {
    const t = await atContact(context());
    await t.send("0912345678", "không");
    expect(t.step).to.equal("summary");
    await t.send("Sửa", "Liên hệ");
    await t.send("0987654321");
    expect(t.step).to.equal("summary");
    expect(consentOf(t)).to.deep.equal([]);
  });

  it("is not asked without a phone, nor where the commune has no ZNS templates", async () => {
    const anon = await atContact(context());
    await anon.send("Ẩn danh");
    expect(anon.step).to.equal("summary");
    const noZns = await atContact(context({ zns: false }));
    await noZns.send("0912345678");
    expect(noZns.step).to.equal("summary");
  });
});
