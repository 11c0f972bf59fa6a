import { expect } from "chai";
import { findTrackingCode, isTrackingCode, newTrackingCode, TRACKING_ALPHABET } from "../../src/cases/tracking-code.js";

describe("tracking codes", () => {
  it("has the PA-YYMMDD-XXXX form with the Hà Nội date", () => {
    // 18:30 UTC on 1 March is already 2 March in Hà Nội.
    const code = newTrackingCode(new Date("2026-03-01T18:30:00Z"));
    expect(code).to.match(/^PA-260302-[A-Z0-9]{4}$/);
    expect(isTrackingCode(code)).to.equal(true);
  });

  it("uses no ambiguous characters", () => {
    for (const c of "0O1IL2Z5S8BQ") expect(TRACKING_ALPHABET).not.to.include(c);
    for (let i = 0; i < 200; i++) {
      const suffix = newTrackingCode(new Date()).slice(-4);
      for (const ch of suffix) expect(TRACKING_ALPHABET).to.include(ch);
    }
  });

  it("takes a random source", () => {
    expect(newTrackingCode(new Date("2026-03-02T03:00:00Z"), () => 0)).to.equal("PA-260302-AAAA");
  });

  it("recognises codes exactly and inside free text, any case", () => {
    expect(isTrackingCode(" pa-260302-k7mx ")).to.equal(true);
    expect(isTrackingCode("PA-260302-K0MX")).to.equal(false);
    expect(isTrackingCode("PA-26032-K7MX")).to.equal(false);
    expect(findTrackingCode("Cho tôi hỏi phản ánh pa-260302-k7mx đến đâu rồi?")).to.equal("PA-260302-K7MX");
    expect(findTrackingCode("ma PA 260302 K7MX a")).to.equal("PA-260302-K7MX");
    expect(findTrackingCode("PA260302K7MX")).to.equal("PA-260302-K7MX");
    expect(findTrackingCode("không có mã")).to.equal(null);
    expect(findTrackingCode("XPA-260302-K7MXY")).to.equal(null);
  });
});
