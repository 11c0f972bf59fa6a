import { expect } from "chai";
import { issueLinkCode } from "../../src/officers/link-codes.js";
import { findByZaloUserId } from "../../src/officers/registry.js";
import { testEnv } from "../support/env.js";
import { Harness, textOf } from "../support/harness.js";

// Officers link their own Zalo account with a one-time code, through the real webhook and API.

const ADMIN = { Authorization: `Bearer ${testEnv().ADMIN_TOKEN}`, "Content-Type": "application/json" };

describe("officers: linking a Zalo account with #dangky", function () {
  this.timeout(60_000);
  let h: Harness;
  let n = 0;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  async function newOfficer(name: string): Promise<{ id: string; linkCode: string; linkCodeExpiresAt: string }> {
    const res = await fetch(`${h.url}/api/v1/officers`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ id: `link-${++n}-${Date.now() % 1e6}`, name, teamId: "trat-tu-nam" }),
    });
    expect(res.status).to.equal(201);
    const body = (await res.json()) as { officer: { id: string }; linkCode: string; linkCodeExpiresAt: string };
    return { id: body.officer.id, linkCode: body.linkCode, linkCodeExpiresAt: body.linkCodeExpiresAt };
  }
  const zaloUser = () => `7${Date.now()}${Math.floor(Math.random() * 1e6)}`;

  it("POST /officers gives a short one-time code without look-alike characters, valid 7 days", async () => {
    const o = await newOfficer("Ngô Thị Mai");
    expect(o.linkCode).to.match(/^[ACDEFGHJKMNPRTUVWXY34679]{6}$/);
    const days = (new Date(o.linkCodeExpiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).to.be.within(6.99, 7.01);
  });

  it("a good code links the sender: name, team and the commands; then they are an officer, not a citizen", async () => {
    const o = await newOfficer("Ngô Thị Mai");
    const phone = h.citizen(zaloUser());
    const linked = textOf(await phone.sendAndWait(`#Đăng ký ${o.linkCode.toLowerCase()}`));
    expect(linked).to.include("Đã liên kết Zalo này với cán bộ Ngô Thị Mai – Tổ trật tự xây dựng khu Nam");
    expect(linked).to.include("#nhan MÃ");
    expect((await findByZaloUserId(h.db, phone.userId))?.id).to.equal(o.id);
    // A greeting or a menu word is not a command: the officer gets the commands, not the citizen menu.
    for (const text of ["xin chào", "menu", "tra cứu hồ sơ"]) {
      const r = textOf(await phone.send(text));
      expect(r).to.include("#ds");
      expect(r).to.not.include("[Tra cứu hồ sơ]");
    }
    const api = (await (await fetch(`${h.url}/api/v1/officers`, { headers: ADMIN })).json()) as {
      officers: { id: string; zaloLinked: boolean }[];
    };
    expect(api.officers.find((x) => x.id === o.id)?.zaloLinked).to.equal(true);
    expect(JSON.stringify(api)).to.not.include(phone.userId);
  });

  it("a used code, an expired code and an unknown code are refused clearly", async () => {
    const o = await newOfficer("Đặng Văn Tài");
    const first = h.citizen(zaloUser());
    expect(textOf(await first.sendAndWait(`#dangky ${o.linkCode}`))).to.include("Đã liên kết");

    const other = h.citizen(zaloUser());
    expect(textOf(await other.sendAndWait(`#dangky ${o.linkCode}`))).to.include("Mã liên kết này đã được dùng");
    expect(await findByZaloUserId(h.db, other.userId)).to.equal(null);

    const old = (await issueLinkCode(h.db, o.id, new Date(Date.now() - 8 * 86_400_000)))!;
    expect(textOf(await other.sendAndWait(`#dangky ${old.code}`))).to.include("Mã liên kết đã hết hạn");

    expect(textOf(await other.sendAndWait("#dangky KKKKKK"))).to.include("Mã liên kết không đúng");
    expect(await findByZaloUserId(h.db, other.userId)).to.equal(null);
    // Still a citizen: the menu answers them.
    expect(textOf(await other.send("xin chào"))).to.include("[Tra cứu hồ sơ]");
  });

  it("one Zalo account links one officer: a second officer's code from the same account is refused", async () => {
    const a = await newOfficer("Officer A");
    const b = await newOfficer("Officer B");
    const phone = h.citizen(zaloUser());
    expect(textOf(await phone.sendAndWait(`#dangky ${a.linkCode}`))).to.include("Officer A");
    expect(textOf(await phone.sendAndWait(`#dangky ${b.linkCode}`))).to.include("đã liên kết với cán bộ Officer A");
    expect((await findByZaloUserId(h.db, phone.userId))?.id).to.equal(a.id);
    // B's code is still good for B's own phone.
    const bPhone = h.citizen(zaloUser());
    expect(textOf(await bPhone.sendAndWait(`#dangky ${b.linkCode}`))).to.include("Officer B");
  });

  it("POST /officers/:id/link-code makes a new code (admin only); 404 for no such officer", async () => {
    const o = await newOfficer("Lý Văn Phúc");
    const res = await fetch(`${h.url}/api/v1/officers/${o.id}/link-code`, { method: "POST", headers: ADMIN });
    expect(res.status).to.equal(201);
    const body = (await res.json()) as { linkCode: string };
    expect(body.linkCode)
      .to.match(/^[ACDEFGHJKMNPRTUVWXY34679]{6}$/)
      .and.not.equal(o.linkCode);
    expect((await fetch(`${h.url}/api/v1/officers/khong-co/link-code`, { method: "POST", headers: ADMIN })).status).to.equal(404);
  });
});
