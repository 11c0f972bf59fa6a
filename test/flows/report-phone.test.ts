import { expect } from "chai";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

// Issue 26: a phone typed with letters for digits is read as a phone or asked again, never a menu.
describe("report: a phone typed with O and l for digits", () => {
  const talk = () => new ConductorTalk(handMadeContext(exampleConfig()));
  async function atContact(): Promise<ConductorTalk> {
    const t = await talk().send("đèn đường hỏng", "Ngõ 5 thôn Phú Mỹ", "xong", "Đèn đầu ngõ 5 tắt cả tuần nay, tối om");
    expect(t.step).to.equal("contact");
    return t;
  }

  it("is read as the phone at the contact and the phone steps", async () => {
    const t = await atContact();
    await t.send("O987 l23 456");
    expect(t.data.contact).to.deep.equal({ kind: "phone", phone: "0987123456" });
    const u = await atContact();
    await u.send("Nhập số điện thoại", "sđt e là O9l2 345 678");
    expect(u.data.contact).to.deep.equal({ kind: "phone", phone: "0912345678" });
  });

  it("is not an address at the location step", async () => {
    const t = await talk().send("đèn đường hỏng", "O987 l23 456");
    expect(t.step).to.equal("location");
    expect(t.data.location).to.equal(undefined);
    expect(t.data.pendingAddress).to.equal(undefined);
  });

  it("one too short is asked again at the phone step, not answered with a menu", async () => {
    const t = await atContact();
    await t.send("Nhập số điện thoại", "O987 l23 45");
    expect(t.step).to.equal("phone");
    expect(t.said).to.include("Số điện thoại chưa đúng").and.not.include("Tra cứu hồ sơ");
  });

  // Found by the residents' walk: "để lại số điện thoại" was answered with the commune's contact card.
  it("'để lại số điện thoại' / 'de lai sdt' at the contact step asks for the resident's number", async () => {
    for (const said of ["để lại số điện thoại", "de lai sdt", "tôi để lại sđt nhé", "cho số đt", "số điện thoại"]) {
      const t = await atContact();
      await t.send(said);
      expect(t.step, said).to.equal("phone");
      expect(t.said, said).to.include("Mời ông/bà nhắn số điện thoại liên hệ").and.not.include("Đường dây nóng");
      // Said again at the phone step: the number is asked again, not the card.
      await t.send(said);
      expect(t.step, said).to.equal("phone");
      expect(t.said, said).to.not.include("Đường dây nóng");
      await t.send("0912 345 678");
      expect(t.data.contact).to.deep.equal({ kind: "phone", phone: "0912345678" });
    }
  });

  it("asking for the commune's number at the contact step is still answered with the card", async () => {
    for (const asked of ["sdt của xã là gì", "số điện thoại xã bao nhiêu"]) {
      const t = await atContact();
      await t.send(asked);
      expect(t.step, asked).to.equal("contact");
      expect(t.said, asked).to.include("Đường dây nóng");
    }
  });
});
