import { expect } from "chai";
import { undoTelex, undoVni } from "../../../flows/text/telex.js";

describe("undoTelex", () => {
  const CASES: ReadonlyArray<readonly [string, string]> = [
    ["huyr", "huy"],
    ["tras", "tra"],
    ["cuwus", "cuu"],
    ["hoof", "ho"],
    ["sow", "so"],
    ["phanr", "phan"],
    ["anhs", "anh"],
    ["ddiaj", "dia"],
    ["chir", "chi"],
    ["gaaps", "gap"],
    ["ddaatj", "dat"],
    ["menu", "menu"],
    // A tone key after the w (issue 26).
    ["tuwr", "tu"],
    ["thuwr", "thu"],
    ["sowr", "so"],
    ["dduwowngf", "duong"],
  ];
  for (const [typed, word] of CASES) it(`${typed} → ${word}`, () => expect(undoTelex(typed)).to.equal(word));
});

describe("undoVni", () => {
  it("drops tone and shape digits typed after letters", () => {
    expect(undoVni("hu3y")).to.equal("huy");
    expect(undoVni("cu71u")).to.equal("cuu");
  });
  it("leaves plain numbers alone", () => {
    expect(undoVni("0912345678")).to.equal("0912345678");
  });
});
