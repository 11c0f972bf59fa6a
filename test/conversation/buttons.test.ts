import { expect } from "chai";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { Reply } from "../../src/core/reply.js";
import { converse, type EngineOptions } from "../../src/conversation/engine.js";
import type { FlowContext, NearbyCase } from "../../src/conversation/flow.js";
import { emptySession, type Session } from "../../src/conversation/session.js";
import { conductor } from "../../flows/conductor.js";
import { dossierStatus } from "../../flows/dossier-status.js";
import { vi } from "../../flows/messages.vi.js";
import { violationReport } from "../../flows/violation-report.js";
import { exampleConfig } from "../commune/fixture.js";
import { handMadeContext } from "../support/flow-context.js";

// "The bot's own buttons always work in the step where they are shown": every button the hotline
// shows on the way through a report, tapped right where it is shown, is understood (no re-prompt,
// no "chưa hiểu"). Pure: the engine with a hand-made context.

const commune = exampleConfig();
const opts: EngineOptions = {
  script: conductor,
  flows: { "dossier-status": dossierStatus, "violation-report": violationReport },
  idleMs: 30 * 60_000,
  lookupLimit: { max: 10, windowMs: 600_000 },
};
const NEARBY: NearbyCase = {
  code: "PA-251120-ABCD",
  category: "khong-phep",
  distanceMeters: 12,
  createdAt: new Date("2025-11-20T02:00:00Z"),
  status: "new",
};

const context = (nearby: NearbyCase[]): FlowContext => handMadeContext(commune, nearby);

let seq = 0;
const base = () => ({ eventId: `b${++seq}`, channel: "zalo" as const, communeId: "kieu-phu", userId: "u1", at: 0 });
const text = (t: string): PlatformEvent => ({ ...base(), kind: "text", text: t });
const pin: PlatformEvent = { ...base(), kind: "location", latitude: 21.005, longitude: 105.61 };
const photo: PlatformEvent = { ...base(), kind: "image", images: [{ url: "https://photo.zdn.vn/p1.jpg" }] };

const buttonsOf = (replies: Reply[]) => replies.flatMap((r) => (r.type === "buttons" ? r.buttons : []));
const words = (replies: Reply[]) => replies.map((r) => ("text" in r ? r.text : "")).join("\n");

/** Tap each button of `replies` from `session`, and check the tap was understood. */
async function tapEach(session: Session, replies: Reply[], ctx: FlowContext, where: string): Promise<number> {
  let tapped = 0;
  for (const b of buttonsOf(replies)) {
    const turn = await converse(session, text(b.payload), ctx, opts);
    const said = words(turn.replies);
    const label = `${where}: [${b.title}]`;
    expect(said, label).not.to.include(vi.notUnderstood);
    expect(said, label).not.to.include(vi.tooManyMisses);
    if (turn.session.flow && session.flow && turn.session.flow.step === session.flow.step && !turn.session.flow.pending) {
      expect(turn.session.flow.misses, label).to.equal(0);
    }
    tapped++;
  }
  return tapped;
}

describe("conversation: every button works in the step where it is shown", () => {
  for (const nearby of [[], [NEARBY]]) {
    it(`through a whole report${nearby.length ? " with a nearby case offered" : ""}`, async () => {
      const ctx = context(nearby);
      let session: Session = { ...emptySession(), lastActiveAt: ctx.now.getTime() };
      let tapped = 0;
      const inputs: PlatformEvent[] = [
        text("phản ánh"),
        text("1"),
        pin,
        photo,
        text("Xong"),
        text("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay"),
        text("Ẩn danh"),
        ...(nearby.length ? [text("Vẫn gửi phản ánh mới")] : []),
        text("Sửa"),
        text("Mô tả"),
        text("x".repeat(commune.report.descriptionMax + 10)),
        // Three misses in a row bring the menu / officer buttons.
        text("hmm"),
        text("abc"),
        text("xyz"),
      ];
      for (const input of inputs) {
        const turn = await converse(session, input, ctx, opts);
        session = turn.session;
        tapped += await tapEach(
          session,
          turn.replies,
          ctx,
          `${session.flow?.step ?? "menu"} after ${input.kind === "text" ? input.text.slice(0, 20) : input.kind}`,
        );
      }
      expect(tapped).to.be.greaterThan(15);
    });
  }

  it("the menu's, the procedure guide's and a dossier card's buttons", async () => {
    const ctx = context([]);
    const session: Session = { ...emptySession(), lastActiveAt: ctx.now.getTime() };
    let tapped = 0;
    for (const asked of [
      "menu",
      "Thủ tục hành chính",
      "chứng thực",
      "lam giay khai sinh can giay to gi",
      "đăng ký kết hôn mất bao lâu",
      "lệ phí bao nhiêu",
    ]) {
      const turn = await converse(session, text(asked), ctx, opts);
      // A link button opens a page: nothing comes back to understand.
      const links = buttonsOf(turn.replies).filter((b) => b.url);
      for (const b of links) expect(b.url, b.title).to.match(/^https:\/\//);
      tapped += await tapEach(
        session,
        turn.replies.map((r) => (r.type === "buttons" ? { ...r, buttons: r.buttons.filter((b) => !b.url) } : r)),
        ctx,
        asked,
      );
    }
    expect(tapped).to.be.greaterThan(20);
  });

  it("the leaving questions' buttons", async () => {
    const ctx = context([]);
    let session: Session = { ...emptySession(), lastActiveAt: ctx.now.getTime() };
    for (const t of [text("phản ánh"), text("1"), pin]) session = (await converse(session, t, ctx, opts)).session;
    const asked = await converse(session, text("hủy"), ctx, opts);
    expect(await tapEach(asked.session, asked.replies, ctx, "cancel?")).to.equal(2);
    const parked = (await converse(session, text("menu"), ctx, opts)).session;
    const offer = await converse(parked, text("Phản ánh vi phạm"), ctx, opts);
    expect(await tapEach(offer.session, offer.replies, ctx, "resume?")).to.equal(2);
  });
});
