import { expect } from "chai";
import { Harness, textOf } from "../support/harness.js";

describe("conversation smoke", function () {
  this.timeout(30000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it("answers a greeting with the menu", async () => {
    const c = h.citizen();
    const replies = await c.send("xin chào");
    console.log(textOf(replies));
    expect(textOf(replies)).to.include("Tra cứu hồ sơ");
  });
});
