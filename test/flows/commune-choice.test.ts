import { expect } from "chai";
import { communeChoice } from "../../flows/commune-choice.js";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { pinIn, provinceOfTwo } from "../support/province.js";

// What a message to the province-wide OA says about its commune (issue 24).
describe("the commune a message to the province OA names", () => {
  const { a, b, communes } = provinceOfTwo();
  const s = (over: { asked?: string[] | null; chosen?: string | null } = {}) => ({
    communes: communes.list,
    at: (lat: number, lng: number) => communes.at(lat, lng),
    asked: over.asked ?? null,
    chosen: over.chosen ?? null,
  });
  const base = { eventId: "e", channel: "zalo" as const, communeId: "@province", userId: "province:1", at: 0 };
  const said = (text: string): PlatformEvent => ({ ...base, kind: "text", text });

  it("a pin names the commune it lies in; outside every commune it says so", () => {
    expect(communeChoice.named({ ...base, kind: "location", ...pinIn(b) }, s())).to.deep.equal({ communeId: "phu-xa", answer: false });
    expect(communeChoice.named({ ...base, kind: "location", latitude: 10.77, longitude: 106.7 }, s())).to.deep.equal({ outside: true });
  });

  it("a village both communes have is asked among them; a commune's full name settles it", () => {
    // The test province's Phú Xá has Kiều Phú's village names.
    expect(communeChoice.named(said("rác ở thôn Đồng Bụt"), s())).to.deep.equal({ among: ["kieu-phu", "phu-xa"] });
    expect(communeChoice.named(said("rác ở thôn Đồng Bụt xã Phú Xá"), s())).to.deep.equal({ communeId: "phu-xa", answer: false });
  });

  it("answers to the question: a button's payload, its number, the name without diacritics", () => {
    const asked = s({ asked: [a.id, b.id] });
    expect(communeChoice.named(said(b.name), asked)).to.deep.equal({ communeId: "phu-xa", answer: true });
    expect(communeChoice.named(said("2"), asked)).to.deep.equal({ communeId: "phu-xa", answer: true });
    expect(communeChoice.named(said("kieu phu"), asked)).to.deep.equal({ communeId: "kieu-phu", answer: true });
    expect(communeChoice.named(said("không biết"), asked)).to.equal(null);
  });

  it("once chosen, only a commune named in full moves the conversation (a number or a village does not)", () => {
    const chosen = s({ chosen: "kieu-phu" });
    expect(communeChoice.named(said("2"), chosen)).to.equal(null);
    expect(communeChoice.named(said("thôn Đồng Bụt"), chosen)).to.equal(null);
    expect(communeChoice.named(said("cho tôi hỏi xã Phú Xá"), chosen)).to.deep.equal({ communeId: "phu-xa", answer: false });
  });

  it("asks with buttons for a few communes, and for a typed name or a pin when there are more", () => {
    const [few] = communeChoice.ask(communes.list, communes.list, "first");
    expect(few).to.have.property("type", "buttons");
    const many = Array.from({ length: 6 }, (_, i) => ({ ...a, id: `x${i}`, name: `Xã Số ${i}` }));
    const [typed] = communeChoice.ask(many, many, "first");
    expect(typed).to.have.property("type", "text");
    expect((typed as { text: string }).text)
      .to.include("gõ tên xã")
      .and.include("vị trí");
  });
});
