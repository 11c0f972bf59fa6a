import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { HeldNotices } from "../../src/notices/held-notices.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

for (const backend of BACKENDS) {
  describe(`HeldNotices on ${backend}`, () => {
    let db: Database;
    let notices: HeldNotices;
    before(async () => {
      db = await openTestDatabase(backend);
      notices = new HeldNotices(db);
    });
    after(() => db.close());

    it("holds replies once per dedupe key and returns them intact", async () => {
      const replies = [
        { type: "text" as const, text: "Hồ sơ của anh/chị đã có kết quả." },
        { type: "buttons" as const, text: "Chọn:", buttons: [{ title: "Xem", payload: "#xem" }] },
      ];
      const id = await notices.hold({ communeId: "kieu-phu", channel: "zalo", userId: "u1", dedupeKey: "k1", replies, reason: "-230" });
      expect(id).to.be.a("number");
      expect(
        await notices.hold({ communeId: "kieu-phu", channel: "zalo", userId: "u1", dedupeKey: "k1", replies, reason: "-230" }),
      ).to.equal(null);
      const pending = await notices.pending("zalo", "u1");
      expect(pending).to.have.length(1);
      expect(pending[0]).to.deep.include({ id, channel: "zalo", userId: "u1", dedupeKey: "k1", replies, reason: "-230" });
      expect(pending[0]!.createdAt).to.be.instanceOf(Date);
    });

    it("lists a user's pending notices oldest first; delivered ones drop out", async () => {
      const a = await notices.hold({
        communeId: "kieu-phu",
        channel: "zalo",
        userId: "u3",
        dedupeKey: "a2",
        replies: [{ type: "text", text: "1" }],
      });
      const b = await notices.hold({
        communeId: "kieu-phu",
        channel: "zalo",
        userId: "u3",
        dedupeKey: "b2",
        replies: [{ type: "text", text: "2" }],
      });
      await notices.hold({
        communeId: "kieu-phu",
        channel: "zalo",
        userId: "u4",
        dedupeKey: "c2",
        replies: [{ type: "text", text: "other user" }],
      });
      expect((await notices.pending("zalo", "u3")).map((n) => n.id)).to.deep.equal([a, b]);
      await notices.markDelivered([a!]);
      expect((await notices.pending("zalo", "u3")).map((n) => n.id)).to.deep.equal([b]);
      await notices.markDelivered([]);
      await notices.markDelivered([a!, b!]);
      expect(await notices.pending("zalo", "u3")).to.deep.equal([]);
      expect(await notices.pending("zalo", "u4")).to.have.length(1);
    });

    it("delivers in the order of what the notices tell, not the order their jobs held them", async () => {
      // "Resolved" held first (its job ran first), "acknowledged" second: the citizen reads the ack first.
      const resolved = await notices.hold({
        communeId: "kieu-phu",
        channel: "zalo",
        userId: "u5",
        dedupeKey: "r5",
        replies: [{ type: "text", text: "resolved" }],
        at: new Date("2026-11-30T03:00:02Z"),
      });
      const ack = await notices.hold({
        communeId: "kieu-phu",
        channel: "zalo",
        userId: "u5",
        dedupeKey: "a5",
        replies: [{ type: "text", text: "ack" }],
        at: new Date("2026-11-30T03:00:01Z"),
      });
      expect((await notices.pending("zalo", "u5")).map((n) => n.id)).to.deep.equal([ack, resolved]);
    });
  });
}
