import { expect } from "chai";
import type { Dossier } from "../../src/dossiers/dossier.js";
import type { FlowContext } from "../../src/conversation/flow.js";
import { nearCode } from "../../flows/near-codes.js";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

const STORED = ["000.00.21.H26-251118-0002", "000.00.21.H26-251120-0001", "000.00.22.H27-251118-0002"];

/** A context whose database holds the STORED dossiers. */
function withDossiers(): FlowContext {
  const ctx = handMadeContext(exampleConfig());
  const dossier = (code: string): Dossier => ({
    code,
    procedure: "Chứng thực bản sao từ bản chính",
    channel: "direct",
    status: 4,
    receivedAt: new Date("2025-11-18T02:00:00Z"),
    dueAt: new Date("2025-11-28T10:00:00Z"),
    finishedAt: null,
    updatedAt: new Date("2025-11-18T02:00:00Z"),
  });
  return {
    ...ctx,
    lookupDossier: async (code) => (STORED.includes(code) ? { found: dossier(code) } : { notFound: true }),
    completeDossierCode: async (tail) => STORED.filter((c) => c.endsWith(`-${tail}`)).slice(0, 2),
  };
}

// Issue 26: a dossier code nearly right is completed or confirmed, not refused.
describe("dossier codes nearly right", () => {
  it("reads the agency letter block alone and the missing dash between date and sequence", () => {
    expect(nearCode("h26-251118-0002")).to.deep.equal({ kind: "tail", tail: "251118-0002", agency: "H26" });
    expect(nearCode("000.00.21.H26-2511200001")).to.deep.equal({ kind: "guess", code: "000.00.21.H26-251120-0001" });
    expect(nearCode("000.00.21.H26-2513200001")).to.equal(null);
    expect(nearCode("H26-2511-0001")).to.equal(null);
  });

  it("without the agency part, the one stored dossier with that agency block is looked up", async () => {
    const t = await new ConductorTalk(withDossiers()).send("h26-251118-0002");
    expect(t.said).to.include("000.00.21.H26-251118-0002").and.not.include("chưa đúng dạng");
    expect(t.last.usedLookup).to.equal(true);
  });

  it("with a missing dash: 'Có phải hồ sơ … ?', a typed yes looks it up, a no asks again", async () => {
    const t = await new ConductorTalk(withDossiers()).send("cho hỏi hồ sơ 000.00.21.H26-2511200001");
    expect(t.said).to.include("Có phải hồ sơ 000.00.21.H26-251120-0001").and.include("[Đúng, tra cứu hồ sơ này] [Không phải]");
    await t.send("đúng rồi");
    expect(t.said).to.include("000.00.21.H26-251120-0001").and.not.include("Có phải");
    expect(t.step).to.equal("result");
    const no = await new ConductorTalk(withDossiers()).send("000.00.21.H26-2511200001", "ko phải");
    expect(no.said).to.include("Mời ông/bà nhắn lại đủ mã hồ sơ");
    expect(no.step).to.equal("code");
  });

  it("in the middle of a report, the guess is a button that sends the whole code", async () => {
    const t = await new ConductorTalk(withDossiers()).send("tôi muốn phản ánh", "000.00.21.H26-2511200001");
    expect(t.step).to.equal("category");
    const buttons = t.last.replies.flatMap((r) => ("buttons" in r ? r.buttons : []));
    expect(buttons).to.deep.include({ title: "Tra cứu 000.00.21.H26-251120-0001", payload: "000.00.21.H26-251120-0001" });
  });
});
