import { expect } from "chai";
import { sameWord, withinOneEdit } from "../../../flows/text/typo.js";

describe("withinOneEdit", () => {
  const YES: ReadonlyArray<readonly [string, string]> = [
    ["hotline", "hotline"],
    ["hotlne", "hotline"], // deletion
    ["hotlinee", "hotline"], // insertion
    ["hotlime", "hotline"], // substitution
    ["hotlnie", "hotline"], // swap of neighbours
    ["", "a"],
  ];
  const NO: ReadonlyArray<readonly [string, string]> = [
    ["htolnie", "hotline"],
    ["hotl", "hotline"],
    ["abc", "cba"],
    ["", "ab"],
  ];
  for (const [a, b] of YES) it(`${a} ~ ${b}`, () => expect(withinOneEdit(a, b)).to.equal(true));
  for (const [a, b] of NO) it(`${a} ≁ ${b}`, () => expect(withinOneEdit(a, b)).to.equal(false));
  it("is symmetric", () => {
    for (const [a, b] of [...YES, ...NO]) expect(withinOneEdit(b, a), `${a}/${b}`).to.equal(withinOneEdit(a, b));
  });
});

describe("sameWord", () => {
  it("forgives one typo in words of five letters or more", () => {
    expect(sameWord("khogn", "khong")).to.equal(true);
    expect(sameWord("cancle", "cancel")).to.equal(true);
  });
  it("never in short words, where Vietnamese syllables collide", () => {
    expect(sameWord("phat", "phan")).to.equal(false);
    expect(sameWord("menuu", "menu")).to.equal(false);
  });
  it("never in the first letter", () => {
    expect(sameWord("huong", "phuong")).to.equal(false);
    expect(sameWord("thong", "khong")).to.equal(false);
  });
});
