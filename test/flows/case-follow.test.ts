import { expect } from "chai";
import { caseFollowIn, followRequest, phoneShared } from "../../flows/case-follow.js";
import type { Case, CaseDetail } from "../../src/cases/case.js";
import type { FlowContext } from "../../src/conversation/flow.js";
import { exampleConfig } from "../commune/fixture.js";
import { handMadeContext, noCases } from "../support/flow-context.js";

const CODE = "PA-261126-HXYX";
const commune = exampleConfig();

/** A context whose one case is CODE, with the shared-phone answer given. */
function withCase(match: "match" | "differs" | "unknown", follows = false, left: Case[] = []): FlowContext {
  const c = { code: CODE, category: "lan_chiem" } as CaseDetail;
  return {
    ...handMadeContext(commune),
    cases: {
      ...noCases,
      get: async (code) => (code === CODE ? c : null),
      follows: async () => follows,
      reporterPhoneMatch: async () => match,
      leftWithPhone: async () => left,
    },
  };
}

describe('flows: "theo dõi PA-…" from a caller who reported by phone', () => {
  it("reads the request with or without diacritics, politeness around it, and nothing looser", () => {
    for (const text of [
      `theo dõi ${CODE}`,
      "Theo doi pa-261126-hxyx",
      `xin theo dõi phản ánh ${CODE} ạ`,
      `Cho em đăng ký theo dõi ${CODE} nhé!`,
      "theo dõi pa 261126 hxyx",
    ]) {
      expect(caseFollowIn(text), text).to.equal(CODE);
    }
    for (const text of [
      CODE,
      `không theo dõi ${CODE}`,
      `theo dõi ${CODE} và ${CODE}`,
      "theo dõi hồ sơ 000.00.21.H26-251126-0001",
      `bỏ theo dõi ${CODE}`,
      `theo dõi ${CODE} vì nhà tôi ở cạnh đó`,
    ]) {
      expect(caseFollowIn(text), text).to.equal(null);
    }
  });

  it("links on a matching shared number, refuses another, asks for a share without one", async () => {
    const linked = await followRequest(CODE, withCase("match"));
    expect(linked.effects).to.deep.equal([{ type: "linkReporter", code: CODE }]);
    const differs = await followRequest(CODE, withCase("differs"));
    expect(differs.effects).to.equal(undefined);
    expect(JSON.stringify(differs.replies)).to.contain("không trùng").and.contain(commune.hotline);
    const unknown = await followRequest(CODE, withCase("unknown"));
    expect(unknown.replies.map((r) => r.type)).to.deep.equal(["text", "request_info"]);
    expect(unknown.effects).to.equal(undefined);
    expect((await followRequest(CODE, withCase("match", true))).effects).to.equal(undefined);
    expect(JSON.stringify((await followRequest("PA-261126-AAAA", withCase("match"))).replies)).to.contain("Không tìm thấy");
    expect(linked.usedLookup).to.equal(true);
    // Like a look-up, it tells whether a code exists: the same per-user limit.
    const spent = { ...withCase("match"), lookupAllowance: { left: 0, resetsAt: new Date("2025-11-25T03:10:00Z") } };
    const limited = await followRequest(CODE, spent);
    expect(limited.effects).to.equal(undefined);
    expect(JSON.stringify(limited.replies)).to.contain("tra cứu nhiều lần");
  });

  it("a share links only the case the hotline asked it for in this conversation; an unasked one links nothing", async () => {
    const left = [{ code: CODE } as Case, { code: "PA-261127-CDEF" } as Case];
    const share = {
      kind: "submit_info",
      eventId: "e",
      channel: "zalo",
      communeId: "kieu-phu",
      userId: "u1",
      at: 0,
      phone: "84912345678",
    } as const;
    const ctx = withCase("unknown", false, left);
    const asked = await phoneShared(share, { ...ctx, shareAsked: { code: CODE, at: ctx.now.getTime() - 60_000 } });
    expect(asked.effects).to.deep.equal([{ type: "linkReporter", code: CODE }]);
    expect(asked.shareAsked).to.equal(null);
    const unasked = await phoneShared(share, ctx);
    expect(unasked.effects).to.equal(undefined);
    const stale = await phoneShared(share, { ...ctx, shareAsked: { code: CODE, at: ctx.now.getTime() - 2 * 3600_000 } });
    expect(stale.effects).to.equal(undefined);
    const none = await phoneShared(share, { ...withCase("unknown"), shareAsked: { code: CODE, at: ctx.now.getTime() } });
    expect(none.effects).to.equal(undefined);
  });
});
