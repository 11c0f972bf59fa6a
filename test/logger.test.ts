import { expect } from "chai";
import { maskPhones, redact } from "../src/logger.js";

describe("logger redaction", () => {
  it("masks phone numbers in free text, keeping the last three digits", () => {
    expect(maskPhones("gọi 0912345678 hoặc +84 912 345 678 hay 84987654321")).to.equal("gọi ***678 hoặc ***678 hay ***321");
  });

  it("leaves request ids (uuids) and hex msg ids whole, even when their digits look like a phone", () => {
    for (const id of ["3f2a9c1e-ad6b-4035-9c1e-0912345678ab", "c0a80101-0912-3456-7890-0912345678ab", "5f0912345678a1b2c3d4"]) {
      expect(maskPhones(`request ${id} failed`), id).to.equal(`request ${id} failed`);
    }
    expect(maskPhones("job inbound/in-zalo-5f0912345678a1b2c3d4 by 0912345678")).to.equal(
      "job inbound/in-zalo-5f0912345678a1b2c3d4 by ***678",
    );
    // Digits and dashes only is a number, not an id: still masked.
    expect(maskPhones("gọi 0912-345-678")).to.equal("gọi ***678");
  });

  it("leaves dossier codes, amounts and dates alone", () => {
    const text = "hs 000.00.21.H26-251126-0001 phí 1.000.000 ngày 26/11/2025";
    expect(maskPhones(text)).to.equal(text);
  });

  it("redacts secrets and phones by key, bearer tokens anywhere, nested", () => {
    const out = redact({
      access_token: "abc",
      headers: { Authorization: "Bearer xyz", "x-zevent-signature": "mac=1" },
      info: { name: "A", phone: "84900000000" },
      note: "token: Bearer eyJhbGciOi.abc",
      list: ["0987654321"],
      err: new Error("refresh_token rt-1 used twice"),
    });
    expect(out).to.deep.equal({
      access_token: "[redacted]",
      headers: { Authorization: "[redacted]", "x-zevent-signature": "[redacted]" },
      info: { name: "A", phone: "[redacted]" },
      note: "token: Bearer [redacted]",
      list: ["***321"],
      err: { name: "Error", message: "refresh_token rt-1 used twice" },
    });
  });

  it("keeps a small count under a phone-looking key (what the purge did), never a number as long as a phone", () => {
    expect(redact({ purged: { sharedPhones: 3, closedCaseContacts: 0 }, phone: 84900000000, tokenTtlS: 3600 })).to.deep.equal({
      purged: { sharedPhones: 3, closedCaseContacts: 0 },
      phone: "[redacted]",
      tokenTtlS: 3600,
    });
  });
});
