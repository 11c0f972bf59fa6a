import { expect } from "chai";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { converse, type EngineOptions } from "../../src/conversation/engine.js";
import { emptySession } from "../../src/conversation/session.js";
import { conductor } from "../../flows/conductor.js";
import { dossierStatus } from "../../flows/dossier-status.js";
import { violationReport } from "../../flows/violation-report.js";
import { exampleConfig } from "../commune/fixture.js";
import { handMadeContext } from "../support/flow-context.js";

// A citizen's message releases what was held for them (outside Zalo's window) only when something
// is held: the release is a job with its own round trips, not worth running for everyone.

const opts: EngineOptions = {
  script: conductor,
  flows: { "dossier-status": dossierStatus, "violation-report": violationReport },
  idleMs: 30 * 60_000,
  lookupLimit: { max: 10, windowMs: 600_000 },
};
let seq = 0;
const text = (t: string): PlatformEvent => ({
  eventId: `h${++seq}`,
  channel: "zalo",
  communeId: "kieu-phu",
  userId: "u1",
  at: 0,
  kind: "text",
  text: t,
});
const releases = (effects: { type: string }[]) => effects.filter((e) => e.type === "deliverHeldNotices").length;

describe("held notices released when the citizen writes", () => {
  it("asks for a release only when something is held", async () => {
    const ctx = handMadeContext(exampleConfig());
    const nothing = await converse(emptySession(), text("xin chào"), { ...ctx, heldNotices: async () => false }, opts);
    expect(releases(nothing.effects)).to.equal(0);
    expect(nothing.replies.length, "the citizen is answered all the same").to.be.greaterThan(0);
    const some = await converse(emptySession(), text("xin chào"), { ...ctx, heldNotices: async () => true }, opts);
    expect(releases(some.effects)).to.equal(1);
  });

  it("without the look-up (a context that cannot tell), releases as before", async () => {
    const turn = await converse(emptySession(), text("xin chào"), handMadeContext(exampleConfig()), opts);
    expect(releases(turn.effects)).to.equal(1);
  });

  it("a failed look-up fails the turn (retried), rather than forgetting what is held", async () => {
    const ctx = { ...handMadeContext(exampleConfig()), heldNotices: () => Promise.reject(new Error("db down")) };
    let err: unknown;
    await converse(emptySession(), text("xin chào"), ctx, opts).catch((e: unknown) => (err = e));
    expect(String(err)).to.contain("db down");
  });
});
