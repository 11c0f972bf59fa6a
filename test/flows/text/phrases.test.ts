import { expect } from "chai";
import { coverage, findPhrases, matchLength, phrase, preferExact } from "../../../flows/text/phrases.js";

const p = (s: string) => phrase(s.split(" "));
const w = (s: string) => s.split(" ");

describe("matchLength", () => {
  it("matches word by word", () => {
    expect(matchLength(w("e muon tra cuu ho so"), 2, p("tra cuu"))).to.equal(2);
    expect(matchLength(w("e muon tra cuu ho so"), 1, p("tra cuu"))).to.equal(0);
  });
  it("forgives one typo in a phrase of six letters or more", () => {
    expect(matchLength(w("tra cu"), 0, p("tra cuu"))).to.equal(2);
    expect(matchLength(w("vi phan"), 0, p("vi pham"))).to.equal(2);
    expect(matchLength(w("co lan"), 0, p("co lam"))).to.equal(0); // five letters: exact only
  });
  it("takes a phrase typed without spaces as one word", () => {
    expect(matchLength(w("camon ad"), 0, p("cam on"))).to.equal(1);
    expect(matchLength(w("traiphep"), 0, p("trai phep"))).to.equal(1);
  });
  it("can be asked for exact matches only", () => {
    expect(matchLength(w("tra cu"), 0, p("tra cuu"), false)).to.equal(0);
  });
});

describe("findPhrases and coverage", () => {
  it("marks every word some phrase explains", () => {
    const words = w("nha ben canh xay trai phep lan ra duong");
    const found = findPhrases(words, [p("trai phep"), p("lan ra duong"), p("xay trai phep")]);
    expect(coverage(words, found)).to.deep.equal([false, false, false, true, true, true, true, true, true]);
  });
});

describe("preferExact", () => {
  it("drops a typo reading where the words spell another phrase exactly", () => {
    const words = w("bo phan mo cua");
    const [hours, address] = preferExact(words, [findPhrases(words, [p("mo cua")]), findPhrases(words, [p("mot cua")])]);
    expect(hours).to.have.length(1);
    expect(address).to.have.length(0);
  });
  it("keeps a typo reading that explains new words", () => {
    const words = w("tra cu ho so");
    const [dossier] = preferExact(words, [findPhrases(words, [p("tra cuu"), p("ho so")])]);
    expect(dossier).to.have.length(2);
  });
});
