import { expect } from "chai";
import { fileReportWithContact } from "../support/filed-by.js";
import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import { phoneIndexOf } from "../../src/privacy/sealed-contacts.js";
import { RIGHTS_BUTTON } from "../../flows/messages.rights.vi.js";
import { BACKENDS } from "../support/db.js";
import { Harness, textOf } from "../support/harness.js";

/** The code of the case the citizen filed, once the case worker has filed it. */

for (const backend of BACKENDS) {
  describe(`correcting a contact, restriction and objection through the webhook, ${backend} (issue 25)`, function () {
    this.timeout(60_000);
    let h: Harness;
    before(async () => {
      h = await Harness.start({ backend });
    });
    after(async () => {
      await h?.stop();
    });

    it("corrects the phone and name on the open report, restricts and objects, each recorded as a request by keyed hash", async () => {
      const c = h.citizen();
      const code = await fileReportWithContact(h, c, { name: "Trần Văn Bình", phone: "0912000111" });
      await h.quiet(20_000);

      expect(textOf(await c.send("doi sdt"))).to.include("số điện thoại mới");
      expect(textOf(await c.send("0987 000 222")))
        .to.include(code)
        .and.include("0987000222");
      expect(textOf(await c.tap(RIGHTS_BUTTON.correctConfirm))).to.include("Đã ghi nhận");
      await h.quiet();
      expect(textOf(await c.send("sửa họ tên"))).to.include("họ tên đúng");
      await c.send("Trần Văn Bính");
      expect(textOf(await c.send("có"))).to.include("Đã ghi nhận");
      await h.quiet();
      // Kept sealed, with the new phone's keyed hash beside it (phone matching still works).
      const keys = currentDataKeys();
      const kept = (
        await h.db.query<{ contact_phone_sealed: string; contact_name_sealed: string; contact_phone_hash: string }>(
          "SELECT contact_phone_sealed, contact_name_sealed, contact_phone_hash FROM cases WHERE code = $1",
          [code],
        )
      )[0]!;
      expect([keys.open(kept.contact_phone_sealed), keys.open(kept.contact_name_sealed)]).to.deep.equal(["0987000222", "Trần Văn Bính"]);
      expect(kept.contact_phone_hash).to.equal(phoneIndexOf(keys, "0987000222"));

      expect(textOf(await c.send("hạn chế xử lý dữ liệu"))).to.include("chỉ dùng dữ liệu");
      await c.tap(RIGHTS_BUTTON.restrictConfirm);
      await c.send("phản đối khảo sát");
      await h.quiet();

      const hash = currentDataKeys().personHash("zalo", c.userId);
      const requests = await h.db.query<{ kind: string; person_hash: string; done_at: Date | null; outcome: Record<string, number> }>(
        "SELECT kind, person_hash, done_at, outcome FROM privacy_requests WHERE kind <> 'access' ORDER BY id",
      );
      expect(requests.map((r) => r.kind)).to.deep.equal(["rectification", "rectification", "restriction", "objection"]);
      for (const r of requests) {
        expect(r.person_hash).to.equal(hash);
        expect(r.done_at).to.not.equal(null);
      }
      expect(requests[0]!.outcome).to.deep.equal({ phonesCorrected: 1 });
      expect(requests[1]!.outcome).to.deep.equal({ namesCorrected: 1 });
      expect(requests[2]!.outcome).to.deep.equal({ consentsWithdrawn: 4, followsDropped: 0 });
      const consents = await h.db.query<{ purpose: string; granted: boolean }>(
        "SELECT purpose, granted FROM consent_records WHERE person_hash = $1 ORDER BY id",
        [hash],
      );
      expect(consents.filter((r) => !r.granted)).to.have.length(5);
      expect(consents.at(-1)).to.deep.equal({ purpose: "rating_survey", granted: false });
    });
  });
}
