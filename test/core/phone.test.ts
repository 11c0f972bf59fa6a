import { expect } from "chai";
import { nationalPhone } from "../../src/core/phone.js";

describe("core: a phone number field in national form", () => {
  it("reads mobiles and landlines written by hand, internationally, or as Zalo shares them", () => {
    for (const [raw, national] of [
      ["0912 345 678", "0912345678"],
      ["0912.345.678", "0912345678"],
      ["+84 912-345-678", "0912345678"],
      ["84912345678", "0912345678"],
      ["+84 0912345678", "0912345678"],
      ["0084912345678", "0912345678"],
      ["(024) 3384 3115", "02433843115"],
      ["+84 24 3384 3115", "02433843115"],
    ] as const) {
      expect(nationalPhone(raw), raw).to.equal(national);
    }
  });

  it("refuses what is not one Vietnamese number", () => {
    for (const raw of ["12345", "0112345678", "0912 345 67", "0912345678 0987654321", "091234567a", "+1 650 253 0000", "912345678", ""]) {
      expect(nationalPhone(raw), raw).to.equal(null);
    }
  });
});
