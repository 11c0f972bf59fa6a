import path from "node:path";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { computeZaloMac, signZaloBody, verifyZaloSignature } from "../../../webhooks/zalo/signature.js";
import { ZALO_EVENTS_DIR } from "../../support/shared.js";

const SECRET = "oa-secret-key-for-tests";
// A published sample as Zalo would send it: exact bytes, keys in Zalo's order.
const body = readFileSync(path.join(ZALO_EVENTS_DIR, "user_send_text-3.json"));

describe("verifyZaloSignature", () => {
  const hex = createHash("sha256")
    .update("2334789304983807556" + body.toString("utf8") + "1787209817225" + SECRET)
    .digest("hex");

  it("is sha256(app_id + raw body + timestamp + OA secret key)", () => {
    expect(computeZaloMac(body, "2334789304983807556", "1787209817225", SECRET)).to.equal(hex);
    expect(signZaloBody(body, SECRET)).to.equal(`mac=${hex}`);
  });

  it("accepts the header with mac=", () => {
    expect(verifyZaloSignature(body, `mac=${hex}`, SECRET)).to.equal(true);
  });

  it("accepts the bare hex, in either case", () => {
    expect(verifyZaloSignature(body, hex, SECRET)).to.equal(true);
    expect(verifyZaloSignature(body, hex.toUpperCase(), SECRET)).to.equal(true);
  });

  it("rejects a wrong signature", () => {
    const wrong = (hex[0] === "a" ? "b" : "a") + hex.slice(1);
    expect(verifyZaloSignature(body, `mac=${wrong}`, SECRET)).to.equal(false);
  });

  it("rejects a signature of the wrong length without throwing", () => {
    expect(verifyZaloSignature(body, `mac=${hex.slice(2)}`, SECRET)).to.equal(false);
    expect(verifyZaloSignature(body, "mac=", SECRET)).to.equal(false);
  });

  it("rejects a missing header", () => {
    expect(verifyZaloSignature(body, undefined, SECRET)).to.equal(false);
    expect(verifyZaloSignature(body, "", SECRET)).to.equal(false);
  });

  it("rejects a body altered by one byte", () => {
    const altered = Buffer.from(body);
    const i = altered.indexOf("Alo");
    altered[i] = "a".charCodeAt(0);
    expect(verifyZaloSignature(altered, `mac=${hex}`, SECRET)).to.equal(false);
    // Whitespace counts too: the exact bytes are signed, not the JSON they parse to.
    expect(verifyZaloSignature(Buffer.concat([body, Buffer.from(" ")]), `mac=${hex}`, SECRET)).to.equal(false);
  });

  it("rejects a signature made with another secret", () => {
    expect(verifyZaloSignature(body, signZaloBody(body, "another-secret"), SECRET)).to.equal(false);
  });

  it("rejects a body that is not JSON", () => {
    expect(verifyZaloSignature(Buffer.from("not json"), `mac=${hex}`, SECRET)).to.equal(false);
  });
});
