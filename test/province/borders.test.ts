import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import { applyProvince, parseProvinceConfig } from "../../src/commune/province.js";
import type { Backend } from "../support/db.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { OA_B, OA_B_TOKENS, pinIn, provinceOfTwo, provinceTokensFile } from "../support/province.js";
import { SANDBOX } from "../support/sign.js";
import { testEnv } from "../support/env.js";

// Issue 24's borders, in a province of two communes (A: Kiều Phú on the sandbox OA, B: Phú Xá on
// OA_B, east of A): a pin across the border lands in B with the citizen told once, and their
// later notices still come from A's OA (Zalo ids are per OA); a pin outside both is refused with
// the province's hotline; `#chuyenxa` and the API move a case with both teams and the reporter
// told, the audit trail showing both sides, and A losing the case.
const PROVINCE = parseProvinceConfig(
  JSON.parse(readFileSync(new URL("../../src/commune/province.example.json", import.meta.url), "utf8")) as unknown,
);
const CODE = /PA-\d{6}-[A-Z0-9]{4}/;
const HANDLED_ONCE = "Mã phản ánh giữ nguyên";

for (const backend of ["postgres", "pglite"] as Backend[]) {
  describe(`borders between communes (${backend})`, function () {
    this.timeout(90_000);
    let h: Harness;
    let dir: string;
    const two = provinceOfTwo();
    const a = applyProvince(two.a, PROVINCE);
    const b = applyProvince(two.b, PROVINCE);

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "borders-"));
      h = await Harness.start({
        backend,
        communes: new Communes([a, b]),
        env: { ZALO_OA_TOKENS_FILE: await provinceTokensFile(dir), DATA_DIR: dir },
      });
      h.zalo.addOa(OA_B, OA_B_TOKENS);
    });
    after(async () => {
      await h?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    const api = (token: string, url: string, init: RequestInit = {}) =>
      fetch(`${h.url}${url}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
      });

    async function trackingCode(c: Citizen): Promise<string> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = c.all().find((r) => r.text.startsWith("✅") && CODE.test(r.text));
        if (found) return found.text.match(CODE)![0];
        if (Date.now() > deadline) throw new Error(`no tracking code; the citizen saw:\n${textOf(c.all())}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    /** A report sent to A's OA, pinned at `pin`, anonymous or with a phone number to call back. */
    async function report(c: Citizen, pin: { latitude: number; longitude: number }, phone?: string): Promise<string> {
      await c.send("phan anh");
      await c.tap("Xây dựng không có giấy phép");
      await c.act({ type: "location", ...pin });
      await c.tap("Bỏ qua ảnh");
      await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
      if (phone) await c.send(phone);
      else await c.tap("Ẩn danh");
      await c.tapIfOffered("Vẫn gửi phản ánh mới");
      await c.tap("Gửi");
      return trackingCode(c);
    }

    const row = async (code: string) =>
      (
        await h.db.query<{ commune_id: string; contact_commune_id: string; team_id: string }>(
          "SELECT commune_id, contact_commune_id, team_id FROM cases WHERE code = $1",
          [code],
        )
      )[0]!;
    const said = (userId: string, words: string) =>
      h.zalo.messagesFor(userId).filter((m) => (m.message.text as string | undefined)?.includes(words));
    const toOfficers = (code: string, oaId: string, prefix: string, words: string) =>
      h.zalo.allMessages.filter(
        (m) =>
          m.oaId === oaId &&
          m.userId.startsWith(prefix) &&
          (m.message.text as string | undefined)?.includes(code) &&
          (m.message.text as string).includes(words),
      );

    it("files a report sent to A's OA but pinned in B as B's case, tells the citizen once, and keeps A's OA for their notices", async () => {
      const c = h.citizen(undefined, SANDBOX.oaId);
      const code = await report(c, pinIn(b));
      const r = await row(code);
      expect(r.commune_id).to.equal(b.id);
      expect(r.contact_commune_id).to.equal(a.id);
      expect(b.teams.map((t) => t.id)).to.include(r.team_id);
      await h.quiet();
      expect(said(c.userId, HANDLED_ONCE)).to.have.length(1);
      expect(textOf(c.all())).to.include(`Xã Phú Xá sẽ xử lý phản ánh này`);
      // B's on-duty officers hear of it on B's OA, as a new case; nobody of A.
      expect(toOfficers(code, OA_B, "6", "Phản ánh mới").length).to.be.greaterThan(0);
      expect(toOfficers(code, SANDBOX.oaId, "5", code)).to.have.length(0);

      const { token: leaderB } = await createOfficer(h.db, b.id, { name: "Lãnh đạo Phú Xá", role: "leader" });
      const acked = await api(leaderB, `/api/v1/cases/${code}/transitions`, {
        method: "POST",
        body: JSON.stringify({ to: "acknowledged" }),
      });
      expect(acked.status).to.equal(200);
      // The status notice ("📣 Phản ánh …") reaches the citizen, from A's OA.
      await h.quiet();
      expect(said(c.userId, `📣 Phản ánh ${code}`)).to.have.length(1);
      // Every message the citizen got came from the OA they wrote to.
      expect(new Set(h.zalo.messagesFor(c.userId).map((m) => m.oaId))).to.deep.equal(new Set([SANDBOX.oaId]));
      // At that OA the reporter still finds their case; A's officers do not.
      expect(textOf(await c.send(code)))
        .to.include(code)
        .and.not.include("Không tìm thấy");
      const { token: leaderA } = await createOfficer(h.db, a.id, { name: "Lãnh đạo Kiều Phú", role: "leader" });
      expect((await api(leaderA, `/api/v1/cases/${code}`)).status).to.equal(404);
    });

    it("refuses a pin outside every commune with the province's hotline, and lets the citizen go on", async () => {
      const c = h.citizen(undefined, SANDBOX.oaId);
      await c.send("phan anh");
      await c.tap("Xây dựng không có giấy phép");
      const refused = textOf(await c.act({ type: "location", latitude: 21.2, longitude: 105.2 }));
      expect(refused).to.include("không thuộc địa bàn").and.include(PROVINCE.hotline).and.include(PROVINCE.name);
      // Not a dead end: the address typed next is taken.
      expect(textOf(await c.send("ngõ 3 thôn Phú Mỹ, gần chợ"))).to.include("Bước 3/5");
    });

    it("moves a case to B through the API: rights, both teams and the reporter told, the trail on both sides", async () => {
      const c = h.citizen(undefined, SANDBOX.oaId);
      const code = await report(c, pinIn(a), "0912345678");
      const before = await row(code);
      expect(before.commune_id).to.equal(a.id);
      await h.quiet();
      const { token: plainA } = await createOfficer(h.db, a.id, { name: "Cán bộ Kiều Phú", role: "officer", teamId: before.team_id });
      const { token: provinceUser } = await createOfficer(h.db, null, { name: "Chuyên viên Sở", role: "province" });
      const { token: leaderA } = await createOfficer(h.db, a.id, { id: "kp-leader-t", name: "Chủ tịch Kiều Phú", role: "leader" });
      const { token: leaderB } = await createOfficer(h.db, b.id, { name: "Chủ tịch Phú Xá", role: "leader" });
      const move = (token: string, body: unknown = { communeId: b.id, reason: "Vị trí thuộc địa bàn xã Phú Xá" }) =>
        api(token, `/api/v1/cases/${code}/transfer`, { method: "POST", body: JSON.stringify(body) });
      expect((await move(plainA)).status).to.equal(403);
      expect((await move(provinceUser)).status).to.equal(403);
      expect((await move(leaderB)).status).to.equal(404);
      expect((await move(leaderA, { communeId: b.id })).status).to.equal(400);
      expect((await move(leaderA, { communeId: b.id, reason: "x", extra: 1 })).status).to.equal(400);
      expect((await move(leaderA, { communeId: "nowhere", reason: "x" })).status).to.equal(400);
      expect((await move(leaderA, { communeId: a.id, reason: "x" })).status).to.equal(409);
      // The dashboard's "Chuyển xã" offers the province's other communes, from GET /commune.
      const settings = (await (await api(leaderA, "/api/v1/commune")).json()) as { otherCommunes: { id: string; name: string }[] };
      expect(settings.otherCommunes).to.deep.equal([{ id: b.id, name: b.name }]);
      const moved = await move(leaderA);
      expect(moved.status).to.equal(200);
      await h.quiet();

      const after = await row(code);
      expect(after.commune_id).to.equal(b.id);
      expect(after.contact_commune_id).to.equal(a.id);
      expect(b.teams.map((t) => t.id)).to.include(after.team_id);
      // A lost it; B has it, with both sides of the move in its history.
      expect((await api(leaderA, `/api/v1/cases/${code}`)).status).to.equal(404);
      expect((await move(leaderA)).status).to.equal(404);
      const seen = (await (await api(leaderB, `/api/v1/cases/${code}`)).json()) as {
        events: { action: string; actor: string; detail: Record<string, unknown> | null }[];
      };
      const out = seen.events.find((e) => e.action === "transferred_out");
      const inn = seen.events.find((e) => e.action === "transferred_in");
      expect(out?.actor).to.equal("kp-leader-t");
      expect(out?.detail).to.include({ from: a.id, to: b.id, reason: "Vị trí thuộc địa bàn xã Phú Xá", fromTeam: before.team_id });
      expect(inn?.detail).to.include({ from: a.id, to: b.id, toTeam: after.team_id });
      // The record of what left stays filed under A; the arrival under B.
      const sides = await h.db.query<{ action: string; commune_id: string }>(
        "SELECT action, commune_id FROM case_events WHERE case_code = $1 AND action LIKE 'transferred_%' ORDER BY id",
        [code],
      );
      expect(sides).to.deep.equal([
        { action: "transferred_out", commune_id: a.id },
        { action: "transferred_in", commune_id: b.id },
      ]);
      // B's officers see none of A's other cases (no link to them is left).
      expect(await h.db.query("SELECT 1 FROM case_links WHERE case_code = $1 OR related_case_code = $1", [code])).to.have.length(0);

      // The new team told of a transfer (not a new case), the old team that it left, the reporter once, via A's OA.
      expect(toOfficers(code, OA_B, "6", "chuyển phản ánh").length).to.be.greaterThan(0);
      expect(toOfficers(code, OA_B, "6", "Phản ánh mới")).to.have.length(0);
      expect(toOfficers(code, SANDBOX.oaId, "5", "đã được chuyển sang Xã Phú Xá").length).to.be.greaterThan(0);
      expect(said(c.userId, "đã được chuyển đến Xã Phú Xá")).to.have.length(1);
      expect(new Set(h.zalo.messagesFor(c.userId).map((m) => m.oaId))).to.deep.equal(new Set([SANDBOX.oaId]));
    });

    it("moves a case to B with #chuyenxa from its team's lead on Zalo; a plain officer cannot", async () => {
      const c = h.citizen(undefined, SANDBOX.oaId);
      const code = await report(c, pinIn(a, "dong-but"), "0987654321");
      expect((await row(code)).team_id).to.equal("trat-tu-bac");
      await h.quiet();
      const lan = h.citizen("5210000000000000002", SANDBOX.oaId);
      expect(textOf(await lan.send(`#chuyenxa ${code} phu xa`))).to.include("Chỉ tổ trưởng");
      const hung = h.citizen("5210000000000000001", SANDBOX.oaId);
      expect(textOf(await hung.send(`#chuyenxa ${code} xa khong-co`)))
        .to.include("Không có xã")
        .and.include("Xã Phú Xá (phu-xa)");
      expect(textOf(await hung.send(`#chuyenxa ${code} phu xa vi tri o ben kia duong lang`)))
        .to.include("Đã chuyển")
        .and.include("Xã Phú Xá");
      await h.quiet();
      expect((await row(code)).commune_id).to.equal(b.id);
      const events = await h.db.query<{ actor: string; detail: { reason: string; channel: string } }>(
        "SELECT actor, detail FROM case_events WHERE case_code = $1 AND action = 'transferred_in'",
        [code],
      );
      expect(events[0]).to.deep.include({ actor: "nguyen-van-hung" });
      expect(events[0]!.detail).to.include({ reason: "vi tri o ben kia duong lang", channel: "zalo" });
      expect(toOfficers(code, OA_B, "6", "chuyển phản ánh").length).to.be.greaterThan(0);
      expect(said(c.userId, "đã được chuyển đến Xã Phú Xá")).to.have.length(1);
      // B's officer cannot send it on from A's side, nor can A's lead any more.
      expect(textOf(await hung.send(`#chuyenxa ${code} kieu phu`))).to.include("Không có phản ánh");
      expect(textOf(await hung.send(`#xem ${code}`))).to.include("Không có phản ánh");
    });

    it("lets no officer of B transfer A's case, and the admin token move it anywhere", async () => {
      const c = h.citizen(undefined, SANDBOX.oaId);
      const code = await report(c, pinIn(a), "0911222333");
      const { token: leaderB } = await createOfficer(h.db, b.id, { name: "Phó Chủ tịch Phú Xá", role: "leader" });
      const body = JSON.stringify({ communeId: b.id, reason: "Thuộc địa bàn Phú Xá" });
      expect((await api(leaderB, `/api/v1/cases/${code}/transfer`, { method: "POST", body })).status).to.equal(404);
      const admin = testEnv().ADMIN_TOKEN!;
      expect((await api(admin, `/api/v1/cases/${code}/transfer`, { method: "POST", body })).status).to.equal(200);
      await h.quiet();
      expect((await row(code)).commune_id).to.equal(b.id);
    });
  });
}
