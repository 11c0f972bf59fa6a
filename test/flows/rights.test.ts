import { expect } from "chai";
import { PRIVACY_BUTTON } from "../../flows/messages.privacy.vi.js";
import type { FlowContext } from "../../src/conversation/flow.js";
import type { Holdings } from "../../src/privacy/holdings.js";
import { CONSENT_PURPOSES, type ConsentPurpose } from "../../src/privacy/purposes.js";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

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
