import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { NewCase } from "../../src/cases/case.js";
import { addNote, addProofPhotos, transition } from "../../src/cases/case-changes.js";
import { fileCase } from "../../src/cases/file-case.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { exampleConfig } from "../commune/fixture.js";
import { ADMIN_TOKEN, type ApiServer, startApi } from "./support.js";

const commune = exampleConfig();
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
let seq = 0;
function report(over: Partial<NewCase> = {}): NewCase {
  seq += 1;
  return {
    sourceKey: `api-test-${seq}-${Math.random()}`,
    category: "xay_dung_khong_phep",
    location: { lat: 21.005, lng: 105.61 }, // Thôn Đồng Bụt → team trat-tu-bac
    description: "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép",
    reporter: { channel: "zalo", userId: `zalo-reporter-${seq}` },
    contact: { name: "Nguyễn Văn A", phone: "0912345678" },
    ...over,
  };
}

for (const backend of ["postgres", "pglite"] as const) {
  describe(`api/cases (${backend})`, function () {
    this.timeout(30_000);
    let api: ApiServer;
    let dataDir: string;
    let named: string;
    let anonymous: string;
    let southCase: string;
    let bacToken: string;
    let namToken: string;
    let leaderToken: string;
    let loneToken: string;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "api-cases-"));
      api = await startApi(backend, { config: { ADMIN_TOKEN, DATA_DIR: dataDir } });
      const a = await fileCase(
        api.db,
        commune,
        report({ photos: ["https://photos.example.test/1.jpg?sig=secret", "https://photos.example.test/2.jpg"] }),
      );
      named = a.case.code;
      const b = await fileCase(
        api.db,
        commune,
        report({ anonymous: true, contact: { name: "Không được lưu", phone: "0987654321" }, location: { lat: 21.00501, lng: 105.61001 } }),
      );
      anonymous = b.case.code;
      const c = await fileCase(api.db, commune, report({ category: "lan_chiem", location: undefined, address: "Thôn Ngọc Bài" }));
      southCase = c.case.code;
      await transition(api.db, named, "acknowledged", "nguyen-van-hung", "Đã xuống kiểm tra");
      await addNote(api.db, named, "tran-thi-lan", "Chủ nhà hẹn nộp giấy phép");
      // The photo keeper's result for photo 1; photo 2 is not kept yet.
      await mkdir(path.join(dataDir, "photos"), { recursive: true });
      await writeFile(path.join(dataDir, "photos", "abc.jpg"), JPEG);
      await api.db.query(
        "UPDATE case_photos SET stored_path = $2, content_type = 'image/jpeg', bytes = $3 WHERE case_code = $1 AND position = 1",
        [named, "photos/abc.jpg", JPEG.length],
      );

      bacToken = (await createOfficer(api.db, "kieu-phu", { name: "Cán bộ Bắc", teamId: a.case.teamId })).token;
      const otherTeam = commune.teams.find((t) => t.id !== a.case.teamId)!.id;
      namToken = (await createOfficer(api.db, "kieu-phu", { name: "Cán bộ khác", teamId: otherTeam })).token;
      leaderToken = (await createOfficer(api.db, "kieu-phu", { name: "Lãnh đạo", role: "leader" })).token;
      loneToken = (await createOfficer(api.db, "kieu-phu", { name: "Chưa có tổ", role: "officer" })).token;
    });
    after(async () => {
      await api?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("lists cases newest first with the total, and filters", async () => {
      const all = await api.call("GET", "/api/v1/cases");
      expect(all.status).to.equal(200);
      expect(all.json).to.include({ total: 3, limit: 50, offset: 0 });
      const cases = all.json.cases as { code: string; contact?: unknown; category: { id: string; name: string } }[];
      expect(cases.map((c) => c.code)).to.have.members([named, anonymous, southCase]);
      expect(cases[0]).to.not.have.property("contact");
      expect(cases.map((c) => (c as { channel?: string }).channel)).to.deep.equal(["zalo", "zalo", "zalo"]);
      expect(cases.find((c) => c.code === named)!.category.name).to.equal("Xây dựng không có giấy phép");

      const acked = await api.call("GET", "/api/v1/cases?status=acknowledged");
      expect((acked.json.cases as { code: string }[]).map((c) => c.code)).to.deep.equal([named]);
      const two = await api.call("GET", "/api/v1/cases?status=new,acknowledged&category=xay_dung_khong_phep");
      expect(two.json.total).to.equal(2);
      const page = await api.call("GET", "/api/v1/cases?limit=1&offset=1");
      expect(page.json).to.include({ total: 3, limit: 1, offset: 1 });
      expect(page.json.cases).to.have.length(1);
      const team = await api.call("GET", "/api/v1/cases?team=trat-tu-bac");
      expect((team.json.cases as { team: { id: string } }[]).every((c) => c.team.id === "trat-tu-bac")).to.equal(true);
    });

    it("filters by area, channel, words, filing dates and overdue", async () => {
      const codes = async (q: string) =>
        ((await api.call("GET", `/api/v1/cases?${q}`)).json.cases as { code: string }[]).map((c) => c.code);
      expect(await codes("area=dong-but")).to.have.members([named, anonymous]);
      expect(await codes("channel=zalo")).to.have.length(3);
      expect(await codes("channel=phone")).to.deep.equal([]);
      expect(await codes(`q=${encodeURIComponent("ngọc bài")}`)).to.deep.equal([southCase]);
      expect(await codes(`q=${named.slice(-4)}`)).to.include(named);
      expect(await codes("q=100%25")).to.deep.equal([]);
      const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
      expect(await codes(`from=${today}&to=${today}`)).to.have.length(3);
      expect(await codes("to=2020-01-01")).to.deep.equal([]);
      // Just filed: nothing is past its deadline yet.
      expect(await codes("overdue=true")).to.deep.equal([]);
      expect(await codes("overdue=false")).to.have.length(3);
    });

    it("400 for a bad filter", async () => {
      for (const q of [
        "limit=101",
        "limit=0",
        "offset=-1",
        "status=open",
        "stauts=new",
        "limit=abc",
        "overdue=yes",
        "from=2025-02-30",
        "channel=fax",
      ]) {
        const r = await api.call("GET", `/api/v1/cases?${q}`);
        expect(r.status, q).to.equal(400);
        expect(r.json.error).to.include({ code: "invalid_query" });
      }
    });

    it("shows a case with contact, photos, SLA, links, notes and audit, never the reporter's Zalo id", async () => {
      const r = await api.call("GET", `/api/v1/cases/${named.toLowerCase()}`);
      expect(r.status).to.equal(200);
      expect(r.json).to.deep.include({
        code: named,
        status: "acknowledged",
        category: { id: "xay_dung_khong_phep", name: "Xây dựng không có giấy phép" },
        area: { id: "dong-but", name: "Thôn Đồng Bụt" },
        team: { id: "trat-tu-bac", name: commune.teams.find((t) => t.id === "trat-tu-bac")!.name },
        location: { lat: 21.005, lng: 105.61 },
        anonymous: false,
        channel: "zalo",
        contact: { name: "Nguyễn Văn A", phone: "0912345678" },
      });
      expect(r.json.photos).to.deep.equal([
        { position: 1, proof: false, copy: "kept", url: `/api/v1/cases/${named}/photos/1`, contentType: "image/jpeg", bytes: JPEG.length },
        { position: 2, proof: false, copy: "pending", url: null, contentType: null, bytes: null },
      ]);
      expect(r.json.sla).to.have.property("acknowledgedAt").that.is.a("string");
      expect(r.json.sla).to.have.property("acknowledgeBy").that.is.a("string");
      expect(r.json.linked).to.deep.equal([{ code: anonymous, distanceM: 2 }]);
      expect((r.json.notes as { body: string }[]).map((n) => n.body)).to.deep.equal(["Đã xuống kiểm tra", "Chủ nhà hẹn nộp giấy phép"]);
      expect((r.json.events as { action: string }[]).map((e) => e.action)).to.deep.equal(["filed", "transition", "note_added"]);
      const text = JSON.stringify(r.json);
      expect(text).to.not.contain("zalo-reporter-");
      expect(text).to.not.contain("sig=secret");
      expect(text).to.not.contain("api-test-");
    });

    it("names the officers of the notes and the audit trail; an officer's proof photos are marked apart from the report's", async () => {
      await addProofPhotos(api.db, named, ["https://photos.example.test/proof.jpg"], "tran-thi-lan", "msg-proof-1");
      const r = await api.call("GET", `/api/v1/cases/${named}`);
      expect(r.status).to.equal(200);
      const events = r.json.events as { actor: string; actorName: string | null; action: string }[];
      expect(events.map((e) => [e.action, e.actor, e.actorName])).to.deep.equal([
        ["filed", "citizen", null],
        ["transition", "nguyen-van-hung", "Nguyễn Văn Hùng"],
        ["note_added", "tran-thi-lan", "Trần Thị Lan"],
        ["proof_added", "tran-thi-lan", "Trần Thị Lan"],
      ]);
      expect((r.json.notes as { authorName: string | null }[]).map((n) => n.authorName)).to.deep.equal(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
      expect((r.json.photos as { position: number; proof: boolean }[]).map((p) => [p.position, p.proof])).to.deep.equal([
        [1, false],
        [2, false],
        [3, true],
      ]);
    });

    it("an anonymous report shows no contact", async () => {
      const r = await api.call("GET", `/api/v1/cases/${anonymous}`);
      expect(r.status).to.equal(200);
      expect(r.json).to.include({ anonymous: true, contact: null });
      const text = JSON.stringify(r.json);
      expect(text).to.not.contain("0987654321");
      expect(text).to.not.contain("zalo-reporter-");
    });

    it("404 for an unknown case, 400 for a malformed code", async () => {
      const missing = await api.call("GET", "/api/v1/cases/PA-200101-AAAA");
      expect(missing.status).to.equal(404);
      expect(missing.json.error).to.include({ code: "case_not_found" });
      expect((await api.call("GET", "/api/v1/cases/nope")).status).to.equal(400);
    });

    it("serves a kept photo with auth; 404 for one not kept or absent", async () => {
      const res = await fetch(`${api.url}/api/v1/cases/${named}/photos/1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("image/jpeg");
      expect(res.headers.get("cache-control")).to.equal("no-store");
      expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).to.equal(true);
      expect((await api.call("GET", `/api/v1/cases/${named}/photos/1`, { token: null })).status).to.equal(401);
      expect((await api.call("GET", `/api/v1/cases/${named}/photos/2`)).json.error).to.include({ code: "photo_not_found" });
      expect((await api.call("GET", `/api/v1/cases/${named}/photos/9`)).status).to.equal(404);
      expect((await api.call("GET", `/api/v1/cases/${named}/photos/..%2f..%2fetc%2fpasswd`)).status).to.equal(404);
    });

    it("an officer sees only their team's cases; a leader sees all", async () => {
      const mine = await api.call("GET", "/api/v1/cases", { token: bacToken });
      expect(mine.status).to.equal(200);
      expect((mine.json.cases as { team: { id: string } }[]).every((c) => c.team.id === "trat-tu-bac")).to.equal(true);
      expect((await api.call("GET", `/api/v1/cases/${named}`, { token: bacToken })).status).to.equal(200);
      expect((await api.call("GET", `/api/v1/cases/${named}/photos/1`, { token: bacToken })).status).to.equal(200);

      const other = await api.call("GET", `/api/v1/cases/${named}`, { token: namToken });
      expect(other.status).to.equal(403);
      expect(other.json.error).to.include({ code: "forbidden" });
      expect((await api.call("GET", `/api/v1/cases/${named}/photos/1`, { token: namToken })).status).to.equal(403);
      expect((await api.call("GET", "/api/v1/cases?team=trat-tu-bac", { token: namToken })).status).to.equal(403);
      expect((await api.call("GET", "/api/v1/cases", { token: loneToken })).status).to.equal(403);

      const leader = await api.call("GET", "/api/v1/cases", { token: leaderToken });
      expect(leader.json.total).to.equal(3);
    });

    it("moves a case along its life cycle, hands the change to the workers, refuses the impossible", async () => {
      const ack = await api.call("POST", `/api/v1/cases/${anonymous}/transitions`, {
        token: bacToken,
        json: { to: "acknowledged", note: "Đã nhận" },
      });
      expect(ack.status).to.equal(200);
      expect(ack.json.status).to.equal("acknowledged");
      expect(api.transitions.at(-1)).to.deep.equal({ code: anonymous, from: "new", to: "acknowledged" });

      const back = await api.call("POST", `/api/v1/cases/${anonymous}/transitions`, { token: bacToken, json: { to: "new" } });
      expect(back.status).to.equal(409);
      expect(back.json.error).to.include({ code: "transition_not_allowed" });
      expect((await api.call("POST", `/api/v1/cases/${anonymous}/transitions`, { token: bacToken, json: { to: "done" } })).status).to.equal(
        400,
      );
      expect(
        (await api.call("POST", `/api/v1/cases/${anonymous}/transitions`, { token: namToken, json: { to: "resolved" } })).status,
      ).to.equal(403);
      expect((await api.call("POST", `/api/v1/cases/${anonymous}/transitions`, { token: null, json: { to: "resolved" } })).status).to.equal(
        401,
      );
      expect(api.transitions).to.have.length(1);
    });

    it("adds an internal note", async () => {
      const res = await api.call("POST", `/api/v1/cases/${named}/notes`, { token: bacToken, json: { body: "Hẹn kiểm tra lại thứ Hai" } });
      expect(res.status).to.equal(201);
      const detail = await api.call("GET", `/api/v1/cases/${named}`, { token: bacToken });
      expect(JSON.stringify(detail.json.notes)).to.include("Hẹn kiểm tra lại thứ Hai");
      expect((await api.call("POST", `/api/v1/cases/${named}/notes`, { token: bacToken, json: { body: "  " } })).status).to.equal(400);
    });

    it("closes a case as a duplicate only of a case the officer may act on: another team's is 403 (the leadership may)", async () => {
      const mine = (await fileCase(api.db, commune, report())).case;
      const theirs = (await fileCase(api.db, commune, report({ location: undefined, address: "Thôn Ngọc Bài" }))).case;
      expect([mine.teamId, theirs.teamId]).to.deep.equal(["trat-tu-bac", "trat-tu-nam"]);
      const refused = await api.call("POST", `/api/v1/cases/${mine.code}/duplicate`, { token: bacToken, json: { of: theirs.code } });
      expect(refused.status).to.equal(403);
      expect(refused.json.error).to.include({ code: "forbidden" });
      expect(refused.json.error!.message).to.contain(theirs.code);
      const after = await api.call("GET", `/api/v1/cases/${mine.code}`, { token: bacToken });
      expect(after.json.status).to.equal("new");
      const followers = await api.db.query("SELECT user_id FROM case_followers WHERE case_code = $1", [theirs.code]);
      expect(followers.map((f) => f.user_id)).to.not.include(mine.reporterUserId);

      const byLeader = await api.call("POST", `/api/v1/cases/${mine.code}/duplicate`, { token: leaderToken, json: { of: theirs.code } });
      expect(byLeader.status, JSON.stringify(byLeader.json)).to.equal(200);
      expect(byLeader.json.status).to.equal("closed");
    });
  });
}
