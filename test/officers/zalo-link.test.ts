import { expect } from "chai";
import { findByZaloUserId } from "../../src/officers/officer-queries.js";
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
    expect(o.linkCode).to.match(/^[ACDEFGHJKMNPRTUVWXY34679]{10}$/);
    const days = (new Date(o.linkCodeExpiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).to.be.within(6.99, 7.01);
  });

  it("a good code links the sender: name, team and the commands; then they are an officer, not a citizen", async () => {
    const o = await newOfficer("Ngô Thị Mai");
    const phone = h.citizen(zaloUser());
    const linked = textOf(await phone.sendAndWait(`#Đăng ký ${o.linkCode.toLowerCase()}`));
    expect(linked).to.include("Đã liên kết Zalo này với cán bộ Ngô Thị Mai – Tổ trật tự xây dựng khu Nam");
    expect(linked).to.include("#nhan MÃ");
    expect((await findByZaloUserId(h.db, "kieu-phu", phone.userId))?.id).to.equal(o.id);
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
    expect(await findByZaloUserId(h.db, "kieu-phu", other.userId)).to.equal(null);

    const other2 = await newOfficer("Đặng Văn Tài 2");
    await h.db.query("UPDATE officer_link_codes SET expires_at = $2 WHERE code = $1", [other2.linkCode, new Date(Date.now() - 86_400_000)]);
    expect(textOf(await other.sendAndWait(`#dangky ${other2.linkCode}`))).to.include("Mã liên kết đã hết hạn");

    expect(textOf(await other.sendAndWait("#dangky KKKKKKKKKK"))).to.include("Mã liên kết không đúng");
    expect(await findByZaloUserId(h.db, "kieu-phu", other.userId)).to.equal(null);
    // Still a citizen: the menu answers them.
    expect(textOf(await other.send("xin chào"))).to.include("[Tra cứu hồ sơ]");
  });

  it("one Zalo account links one officer: a second officer's code from the same account is refused", async () => {
    const a = await newOfficer("Officer A");
    const b = await newOfficer("Officer B");
    const phone = h.citizen(zaloUser());
    expect(textOf(await phone.sendAndWait(`#dangky ${a.linkCode}`))).to.include("Officer A");
    expect(textOf(await phone.sendAndWait(`#dangky ${b.linkCode}`))).to.include("đã liên kết với cán bộ Officer A");
    expect((await findByZaloUserId(h.db, "kieu-phu", phone.userId))?.id).to.equal(a.id);
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
      .to.match(/^[ACDEFGHJKMNPRTUVWXY34679]{10}$/)
      .and.not.equal(o.linkCode);
    expect((await fetch(`${h.url}/api/v1/officers/khong-co/link-code`, { method: "POST", headers: ADMIN })).status).to.equal(404);
  });

  it("a new code revokes the officer's older ones; a deactivated officer's code is refused", async () => {
    const o = await newOfficer("Trịnh Văn Bảy");
    const res = await fetch(`${h.url}/api/v1/officers/${o.id}/link-code`, { method: "POST", headers: ADMIN });
    const newer = ((await res.json()) as { linkCode: string }).linkCode;
    const phone = h.citizen(zaloUser());
    expect(textOf(await phone.sendAndWait(`#dangky ${o.linkCode}`))).to.include("Mã liên kết này đã được thay bằng mã mới hơn");
    expect(await findByZaloUserId(h.db, "kieu-phu", phone.userId)).to.equal(null);
    expect(textOf(await phone.sendAndWait(`#dangky ${newer}`))).to.include("Đã liên kết Zalo này với cán bộ Trịnh Văn Bảy");

    const gone = await newOfficer("Cán bộ đã nghỉ");
    expect((await fetch(`${h.url}/api/v1/officers/${gone.id}`, { method: "DELETE", headers: ADMIN })).status).to.equal(200);
    const stranger = h.citizen(zaloUser());
    expect(textOf(await stranger.sendAndWait(`#dangky ${gone.linkCode}`))).to.include("đã ngừng hoạt động");
    const row = await h.db.query<{ zalo_user_id: string | null }>("SELECT zalo_user_id FROM officers WHERE id = $1", [gone.id]);
    expect(row[0]?.zalo_user_id).to.equal(null);
  });

  it("a code that moves a linked officer to another Zalo account tells the old account and shows in the officer list", async () => {
    const o = await newOfficer("Hà Thị Nhung");
    const oldPhone = h.citizen(zaloUser());
    expect(textOf(await oldPhone.sendAndWait(`#dangky ${o.linkCode}`))).to.include("Đã liên kết");
    const listed = async () =>
      (
        (await (await fetch(`${h.url}/api/v1/officers`, { headers: ADMIN })).json()) as {
          officers: { id: string; events: { kind: string; at: string }[] }[];
        }
      ).officers.find((x) => x.id === o.id)!;
    expect((await listed()).events).to.deep.equal([]);

    const res = await fetch(`${h.url}/api/v1/officers/${o.id}/link-code`, { method: "POST", headers: ADMIN });
    const code = ((await res.json()) as { linkCode: string }).linkCode;
    const newPhone = h.citizen(zaloUser());
    expect(textOf(await newPhone.sendAndWait(`#dangky ${code}`))).to.include("Đã liên kết Zalo này với cán bộ Hà Thị Nhung");
    const told = textOf(await oldPhone.waitForReplies(1));
    expect(told)
      .to.include("Tài khoản cán bộ Hà Thị Nhung vừa được liên kết với một tài khoản Zalo khác")
      .and.include("báo ngay quản trị viên");
    expect((await findByZaloUserId(h.db, "kieu-phu", newPhone.userId))?.id).to.equal(o.id);
    expect(await findByZaloUserId(h.db, "kieu-phu", oldPhone.userId)).to.equal(null);

    const after = await listed();
    expect(after.events.map((e) => e.kind)).to.deep.equal(["zalo_relinked"]);
    expect(JSON.stringify(after)).to.not.include(oldPhone.userId).and.not.include(newPhone.userId);
  });
});
