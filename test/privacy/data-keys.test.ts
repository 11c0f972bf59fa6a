import { expect } from "chai";
import { DataKeyError, dataKeys, legacyHashKey, newHashKey, sealer } from "../../src/privacy/data-keys.js";
import { personHasher } from "../../src/privacy/person-key.js";

const KEY_A = "a".repeat(16) + "first-key-of-the-commune";
const KEY_B = "b".repeat(16) + "second-key-of-the-commune";

describe("data keys: contacts sealed with AES-256-GCM (issue 25)", () => {
  it("opens what it sealed, names its key in each ciphertext, never the same ciphertext twice", () => {
    const s = sealer(KEY_A);
    const one = s.seal("Nguyễn Văn Bình");
    const two = s.seal("Nguyễn Văn Bình");
    expect(one).to.match(new RegExp(`^v1:${s.keyId}:[A-Za-z0-9_-]+$`));
    expect(one).to.not.equal(two);
    expect(one).to.not.include("Bình");
    expect(s.open(one)).to.equal("Nguyễn Văn Bình");
    expect(s.open(s.seal(""))).to.equal("");
    expect(s.isCurrent(one)).to.equal(true);
    expect(sealer(KEY_B).keyId).to.not.equal(s.keyId);
  });

  it("reads under the previous key while rotating, and refuses an unknown key or an altered ciphertext", () => {
    const old = sealer(KEY_A).seal("0912000111");
    const rotating = sealer(KEY_B, KEY_A);
    expect(rotating.open(old)).to.equal("0912000111");
    expect(rotating.isCurrent(old)).to.equal(false);
    expect(() => sealer(KEY_B).open(old)).to.throw(DataKeyError, /DATA_ENCRYPTION_KEY_PREVIOUS/);
    const [v, id, body] = old.split(":") as [string, string, string];
    const flipped = `${v}:${id}:${body.slice(0, -2)}${body.at(-2) === "A" ? "B" : "A"}${body.at(-1)}`;
    expect(() => sealer(KEY_A).open(flipped)).to.throw(DataKeyError);
    expect(() => sealer(KEY_A).open("0912000111")).to.throw(DataKeyError);
  });

  it("hashes by a key of their own: the encryption key changes nothing, the former person hash is kept", () => {
    const hashKey = newHashKey();
    const a = dataKeys(sealer(KEY_A), hashKey);
    const b = dataKeys(sealer(KEY_B, KEY_A), hashKey);
    expect(a.personHash("zalo", "u1")).to.equal(b.personHash("zalo", "u1"));
    expect(a.phoneIndex("0912000111")).to.equal(b.phoneIndex("0912000111"));
    expect(a.phoneIndex("0912000111")).to.not.equal(a.personHash("zalo", "0912000111"));
    // A database that held evidence before keeps its hashes: the legacy key gives personHasher's.
    const legacy = dataKeys(sealer(KEY_A), legacyHashKey("app-secret"));
    expect(legacy.personHash("zalo", "u1")).to.equal(personHasher("app-secret")("zalo", "u1"));
  });
});
