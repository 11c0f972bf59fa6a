import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { getCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { exampleConfig } from "../commune/fixture.js";
import { ADMIN_TOKEN, type ApiJson, type ApiServer, startApi } from "./support.js";
import { stripPhotoMetadata } from "../../src/cases/photos-metadata.js";
import { jpegWithGps, SAMPLE_GPS } from "../support/sample-jpeg.js";

/**
 * `POST /api/v1/cases`: reports taken by phone or at the counter, with every way of giving the
 * place, uploaded photos (accepted and refused), anonymity and the Idempotency-Key. What follows
 * the filing (queues, Zalo) is in test/cases/phone-intake.test.ts.
 */

const commune = exampleConfig();
const DESCRIPTION = "Nhà dân đang đổ móng, dựng cột sát đường làng, không có biển báo giấy phép";
/** The smallest files each type's bytes are recognised by. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(200, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(120, 3)]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
const MB = 1024 * 1024;

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("api: reports taken by phone or at the counter (POST /api/v1/cases)", function () {
  this.timeout(60_000);
  let api: ApiServer;
  let dataDir: string;
  let officer: { id: string; token: string };
  let counterLead: string;
  let leader: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "api-intake-"));
    api = await startApi("postgres", { config: { ADMIN_TOKEN, DATA_DIR: dataDir } });
    const o = await createOfficer(api.db, "kieu-phu", { name: "Cán bộ trực điện thoại", role: "officer", teamId: "trat-tu-nam" });
    officer = { id: o.officer.id, token: o.token };
    counterLead = (await createOfficer(api.db, "kieu-phu", { name: "Cán bộ một cửa", role: "lead", teamId: "mot-cua" })).token;
    leader = (await createOfficer(api.db, "kieu-phu", { name: "Phó Chủ tịch", role: "leader" })).token;
  });
  after(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const file = (json: Record<string, unknown>, opts: { token?: string | null; key?: string } = {}) =>
    api.call("POST", "/api/v1/cases", {
      json: { channel: "phone", category: "xay_dung_khong_phep", description: DESCRIPTION, ...json },
      ...(opts.token !== undefined ? { token: opts.token } : { token: officer.token }),
      ...(opts.key ? { headers: { "idempotency-key": opts.key } } : {}),
    });

  /** A multipart request: text fields, then each photo as a `photo` part (or another field). */
  async function upload(
    fields: Record<string, string>,
    photos: { bytes: Buffer; name: string; type?: string; field?: string }[],
    opts: { key?: string; token?: string } = {},
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries({ channel: "counter", category: "lan_chiem", description: DESCRIPTION, ...fields }))
      form.append(k, v);
    for (const p of photos) form.append(p.field ?? "photo", new Blob([new Uint8Array(p.bytes)], { type: p.type ?? "image/jpeg" }), p.name);
    const res = await fetch(`${api.url}/api/v1/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${opts.token ?? counterLead}`, ...(opts.key ? { "idempotency-key": opts.key } : {}) },
      body: form,
    });
    return { status: res.status, json: (await res.json()) as ApiJson };
  }

  const caseCount = async () => (await api.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases"))[0]!.n;
  /** What lies in DATA_DIR/photos: kept copies and any temporary file left behind. */
  const photoFiles = async () => (await readdir(path.join(dataDir, "photos")).catch(() => [] as string[])).sort();
  const fields = (r: { json: ApiJson }) => r.json.error?.fields?.map((f) => f.path) ?? [];

  describe("where it is", () => {
    it("a point: the village around it routes the case; 201 with the code to read out, audited with the officer and the channel", async () => {
      const r = await file({ lat: 21.005, lng: 105.61, reporterName: "Trần Văn Bình", reporterPhone: "0987 654 321" });
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      expect(r.json.code).to.match(/^PA-\d{6}-[A-Z0-9]{4}$/);
      expect(r.json).to.deep.include({
        channel: "phone",
        status: "new",
        area: { id: "dong-but", name: "Thôn Đồng Bụt" },
        location: { lat: 21.005, lng: 105.61 },
        anonymous: false,
        reporterOnZalo: false,
        photos: 0,
      });
      expect(r.json.team).to.deep.equal({ id: "trat-tu-bac", name: "Tổ trật tự xây dựng khu Bắc" });
      expect(r.json.acknowledgeBy).to.be.a("string");
      const stored = (await getCase(api.db, String(r.json.code)))!;
      expect(stored).to.deep.include({
        channel: "phone",
        contactName: "Trần Văn Bình",
        contactPhone: "0987654321",
        reporterChannel: null,
        lat: 21.005,
      });
      expect(stored.events).to.have.length(1);
      expect(stored.events[0]).to.deep.include({ actor: officer.id, action: "filed", toStatus: "new" });
      expect(stored.events[0]!.detail).to.deep.include({ channel: "phone", areaId: "dong-but", teamId: "trat-tu-bac" });
      // Handed to the workers for the team's notice and the escalation clock.
      expect(api.filed).to.deep.include({ code: r.json.code, created: true });
    });

    it("an address: the village is matched from it like the chat does (diacritics optional); the address is kept", async () => {
      const r = await upload({ address: "Ngõ 4, gần cho Phu My" }, []);
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      expect(r.json).to.deep.include({
        channel: "counter",
        address: "Ngõ 4, gần cho Phu My",
        area: { id: "phu-my", name: "Thôn Phú Mỹ" },
        team: { id: "trat-tu-bac", name: "Tổ trật tự xây dựng khu Bắc" },
        location: null,
      });
    });

    it("a village id, with or without an address; `unknown` when the caller cannot say (the fallback team)", async () => {
      const byId = await file({ areaId: "ngoc-bai", address: "Đầu cổng cụm công nghiệp" });
      expect(byId.status, JSON.stringify(byId.json)).to.equal(201);
      expect(byId.json).to.deep.include({ area: { id: "ngoc-bai", name: "Thôn Ngọc Bài" }, address: "Đầu cổng cụm công nghiệp" });
      expect((byId.json.team as { id: string }).id).to.equal("trat-tu-nam");
      const unknown = await file({ areaId: "unknown", address: "Bãi đất trống ven đê" });
      expect(unknown.status, JSON.stringify(unknown.json)).to.equal(201);
      expect(unknown.json.area).to.equal(null);
      expect((unknown.json.team as { id: string }).id).to.equal(commune.fallbackTeam);
    });

    it("refuses a report with no place, half a point, an unknown village, or an address that names no village", async () => {
      const before = await caseCount();
      const none = await file({});
      expect(none.status).to.equal(400);
      expect(fields(none)).to.include("address");
      const half = await file({ lat: 21.005 });
      expect(half.status).to.equal(400);
      expect(fields(half)).to.include("lng");
      const badVillage = await file({ areaId: "thon-khong-co" });
      expect(badVillage.status).to.equal(400);
      expect(badVillage.json.error!.fields).to.deep.include({
        path: "areaId",
        message: "unknown village (one of: dong-but, phu-my, yen-thai, ngoc-bai, or unknown)",
      });
      const nowhere = await file({ address: "Số 12 đường Láng" });
      expect(nowhere.status).to.equal(400);
      expect(nowhere.json.error!.message).to.contain("the address names no village");
      expect(await caseCount()).to.equal(before);
    });
  });

  describe("who reported it", () => {
    it("anonymous stores no contact at all; no contact given is anonymous too", async () => {
      const r = await file({ lat: 20.985, lng: 105.61, anonymous: true });
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      const row = (
        await api.db.query<Record<string, unknown>>(
          "SELECT anonymous, contact_name_sealed, contact_phone_sealed, reporter_channel, reporter_user_sealed FROM cases WHERE code = $1",
          [r.json.code],
        )
      )[0];
      expect(row).to.deep.equal({
        anonymous: true,
        contact_name_sealed: null,
        contact_phone_sealed: null,
        reporter_channel: null,
        reporter_user_sealed: null,
      });
      const silent = await upload({ areaId: "yen-thai" }, []);
      expect(silent.status).to.equal(201);
      expect(await getCase(api.db, String(silent.json.code))).to.deep.include({ anonymous: true, contactName: null, contactPhone: null });
    });

    it("refuses a name or phone with anonymous, and a phone that is not a Vietnamese number", async () => {
      const both = await file({ areaId: "yen-thai", anonymous: true, reporterPhone: "0912345678", reporterName: "A" });
      expect(both.status).to.equal(400);
      expect(fields(both)).to.have.members(["reporterPhone", "reporterName"]);
      const bad = await file({ areaId: "yen-thai", reporterPhone: "12345" });
      expect(bad.status).to.equal(400);
      expect(fields(bad)).to.deep.equal(["reporterPhone"]);
      // Zalo's and the international forms are stored as the national number.
      const intl = await file({ areaId: "yen-thai", reporterPhone: "+84 24 3384 3115" });
      expect(intl.status).to.equal(201);
      expect((await getCase(api.db, String(intl.json.code)))!.contactPhone).to.equal("02433843115");
    });
  });

  describe("strict bodies and rights", () => {
    it("names unknown fields, in JSON and in a form, and unknown categories and channels", async () => {
      const json = await file({ areaId: "yen-thai", team: "trat-tu-bac" });
      expect(json.status).to.equal(400);
      expect(fields(json)).to.deep.equal(["team"]);
      const form = await upload({ areaId: "yen-thai", phone: "0912345678" }, []);
      expect(form.status).to.equal(400);
      expect(form.json.error!.fields).to.deep.include({ path: "phone", message: "unknown field" });
      const zalo = await file({ areaId: "yen-thai", channel: "zalo", category: "danh_bac" });
      expect(zalo.status).to.equal(400);
      expect(fields(zalo)).to.have.members(["channel"]);
      const cat = await file({ areaId: "yen-thai", category: "danh_bac" });
      expect(fields(cat)).to.deep.equal(["category"]);
      const short = await file({ areaId: "yen-thai", description: "Xây nhà" });
      expect(fields(short)).to.deep.equal(["description"]);
    });

    it("officers, leads and the admin take reports (any team's area); the leadership, officers outside every team and strangers do not", async () => {
      expect((await file({ areaId: "dong-but" }, { token: ADMIN_TOKEN })).status).to.equal(201);
      expect((await file({ areaId: "dong-but" }, { token: counterLead })).status).to.equal(201);
      const lead = await file({ areaId: "dong-but" }, { token: leader });
      expect(lead.status).to.equal(403);
      const teamless = (await createOfficer(api.db, "kieu-phu", { name: "Chưa có tổ", role: "officer" })).token;
      expect((await file({ areaId: "dong-but" }, { token: teamless })).status).to.equal(403);
      expect((await file({ areaId: "dong-but" }, { token: null })).status).to.equal(401);
      expect(
        (
          await api.call("POST", "/api/v1/cases", {
            token: officer.token,
            body: "channel=phone",
            headers: { "content-type": "text/plain" },
          })
        ).status,
      ).to.equal(415);
    });
  });

  describe("photos", () => {
    it("keeps an uploaded photo without its EXIF: no GPS position, no phone model, served so", async () => {
      const r = await upload({ areaId: "ngoc-bai" }, [{ bytes: jpegWithGps(), name: "hiện trường.jpg" }]);
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      const stripped = stripPhotoMetadata(jpegWithGps(), "image/jpeg");
      expect(await photoFiles()).to.include(`${sha256(stripped)}.jpg`);
      const res = await fetch(`${api.url}/api/v1/cases/${String(r.json.code)}/photos/1`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const served = Buffer.from(await res.arrayBuffer());
      expect(served.equals(stripped)).to.equal(true);
      for (const gone of [SAMPLE_GPS.model, SAMPLE_GPS.make, "GPSLatitude"])
        expect(served.includes(Buffer.from(gone)), gone).to.equal(false);
    });

    it("keeps uploaded JPEG and PNG photos like the chat's copies (by content, under DATA_DIR) and serves them", async () => {
      const r = await upload({ areaId: "ngoc-bai" }, [
        { bytes: JPEG, name: "mặt tiền.jpg" },
        { bytes: PNG, name: "ngõ.png", type: "image/png" },
      ]);
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      expect(r.json.photos).to.equal(2);
      const files = await photoFiles();
      expect(files).to.include.members([`${sha256(JPEG)}.jpg`, `${sha256(PNG)}.png`]);
      expect(files.filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
      const detail = await api.call("GET", `/api/v1/cases/${String(r.json.code)}`);
      const photos = detail.json.photos as { position: number; copy: string; contentType: string; bytes: number }[];
      expect(photos.map((p) => [p.position, p.copy, p.contentType, p.bytes])).to.deep.equal([
        [1, "kept", "image/jpeg", JPEG.length],
        [2, "kept", "image/png", PNG.length],
      ]);
      const res = await fetch(`${api.url}/api/v1/cases/${String(r.json.code)}/photos/2`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(res.headers.get("content-type")).to.equal("image/png");
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).to.equal(true);
    });

    it("refuses a file that is no image by its bytes (415), one over 10 MB (413), more than 5 (400), a file in another field (400): no case, no file left", async () => {
      const cases = await caseCount();
      const kept = await photoFiles();
      const fake = await upload({ areaId: "ngoc-bai" }, [
        { bytes: JPEG, name: "a.jpg" },
        { bytes: PDF, name: "biên bản.jpg", type: "image/jpeg" },
      ]);
      expect(fake.status).to.equal(415);
      expect(fake.json.error!.message).to.equal("photo 2 (biên bản.jpg) is not a JPEG, PNG, GIF, WebP or HEIC image");
      const big = await upload({ areaId: "ngoc-bai" }, [
        { bytes: Buffer.concat([JPEG, Buffer.alloc(10 * MB + 1 - JPEG.length)]), name: "to.jpg" },
      ]);
      expect(big.status).to.equal(413);
      expect(big.json.error!.message).to.equal("photo 1 (to.jpg) is larger than 10 MB");
      const six = await upload(
        { areaId: "ngoc-bai" },
        Array.from({ length: 6 }, (_, i) => ({ bytes: Buffer.concat([JPEG, Buffer.from([i])]), name: `${i}.jpg` })),
      );
      expect(six.status).to.equal(400);
      expect(six.json.error!.fields).to.deep.include({ path: "photo", message: "at most 5 photos" });
      const elsewhere = await upload({ areaId: "ngoc-bai" }, [{ bytes: JPEG, name: "a.jpg", field: "photos" }]);
      expect(elsewhere.status).to.equal(400);
      expect(fields(elsewhere)).to.deep.equal(["photos"]);
      // A bad field next to good photos: the photos are not kept either.
      const badField = await upload({ areaId: "ngoc-bai", channel: "fax" }, [
        { bytes: Buffer.concat([JPEG, Buffer.from("unique")]), name: "a.jpg" },
      ]);
      expect(badField.status).to.equal(400);
      expect(await caseCount()).to.equal(cases);
      expect(await photoFiles()).to.deep.equal(kept);
    });

    it("accepts exactly 5 photos and exactly 10 MB", async () => {
      const tenMb = Buffer.concat([JPEG, Buffer.alloc(10 * MB - JPEG.length, 1)]);
      const r = await upload(
        { areaId: "ngoc-bai" },
        [tenMb, ...[1, 2, 3, 4].map((i) => Buffer.concat([PNG, Buffer.from([i])]))].map((bytes, i) => ({ bytes, name: `${i}.jpg` })),
      );
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      expect(r.json.photos).to.equal(5);
      expect((await stat(path.join(dataDir, "photos", `${sha256(tenMb)}.jpg`))).size).to.equal(10 * MB);
    });
  });

  describe("Idempotency-Key", () => {
    it("the same request retried makes one case, and answers it again (200)", async () => {
      const first = await file({ areaId: "phu-my", reporterPhone: "0912000111" }, { key: "call-0001" });
      const again = await file({ areaId: "phu-my", reporterPhone: "0912000111" }, { key: "call-0001" });
      expect([first.status, again.status]).to.deep.equal([201, 200]);
      expect(again.json.code).to.equal(first.json.code);
      const rows = await api.db.query("SELECT code FROM cases WHERE source_key = $1", [`intake:${officer.id}:call-0001`]);
      expect(rows).to.have.length(1);
    });

    it("a multipart retry, even sent several times at once, keeps its photos once", async () => {
      const photo = Buffer.concat([JPEG, Buffer.from("retry")]);
      const answers = await Promise.all(
        [1, 2, 3].map(() => upload({ areaId: "yen-thai" }, [{ bytes: photo, name: "a.jpg" }], { key: "counter-42" })),
      );
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 200, 201]);
      expect(new Set(answers.map((a) => a.json.code)).size).to.equal(1);
      const photos = await api.db.query("SELECT position FROM case_photos WHERE case_code = $1", [answers[0]!.json.code]);
      expect(photos).to.have.length(1);
      expect((await photoFiles()).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
    });

    it("the key with another report is 422; another officer's same key is another case", async () => {
      await file({ areaId: "phu-my" }, { key: "call-0002" });
      const other = await file({ areaId: "phu-my", description: `${DESCRIPTION} (một vụ khác)` }, { key: "call-0002" });
      expect(other.status).to.equal(422);
      expect(other.json.error!.code).to.equal("idempotency_key_reused");
      const admin = await file({ areaId: "phu-my" }, { key: "call-0002", token: ADMIN_TOKEN });
      expect(admin.status).to.equal(201);
      expect((await file({ areaId: "phu-my" }, { key: "  " })).status).to.equal(400);
    });

    it("the whole request is compared: another caller, place, anonymity or photo under the key is 422 naming it", async () => {
      const call = { areaId: "phu-my", address: "Ngõ 4 chợ Phú Mỹ", reporterName: "Nguyễn Văn Tâm", reporterPhone: "0912 333 444" };
      const first = await file(call, { key: "call-0003" });
      expect(first.status, JSON.stringify(first.json)).to.equal(201);
      // The same caller, the number written another way: the same request.
      expect((await file({ ...call, reporterPhone: "0912333444" }, { key: "call-0003" })).json.code).to.equal(first.json.code);
      const before = await caseCount();
      const { reporterName: _n, reporterPhone: _p, ...nobody } = call;
      for (const other of [
        { ...call, reporterName: "Trần Thị Hoa" },
        { ...call, reporterPhone: "0987 000 111" },
        { ...call, areaId: "dong-but" },
        { ...call, address: "Ngõ 6 chợ Phú Mỹ" },
        { ...call, lat: 21.005, lng: 105.61 },
        { ...nobody, anonymous: true },
        { ...call, channel: "counter" },
      ]) {
        const r = await file(other, { key: "call-0003" });
        expect(r.status, JSON.stringify(other)).to.equal(422);
        expect(r.json.error!.code).to.equal("idempotency_key_reused");
        expect(r.json.error!.message).to.contain('Idempotency-Key "call-0003"').and.contain(String(first.json.code));
      }
      // Photos count too: a counter report under its key, retried with another picture.
      const photo = Buffer.concat([JPEG, Buffer.from("first photo")]);
      const withPhoto = await upload({ areaId: "yen-thai" }, [{ bytes: photo, name: "a.jpg" }], { key: "counter-43" });
      expect(withPhoto.status).to.equal(201);
      const otherPhoto = await upload({ areaId: "yen-thai" }, [{ bytes: Buffer.concat([JPEG, Buffer.from("x")]), name: "a.jpg" }], {
        key: "counter-43",
      });
      expect(otherPhoto.status).to.equal(422);
      expect(await caseCount()).to.equal(before + 1);
    });
  });

  describe("nearby cases and the call-back list", () => {
    it("says when an open case of the same category is close by (the chat's duplicate check)", async () => {
      const near = await file({ lat: 20.9851, lng: 105.6301, category: "sai_giay_phep" });
      const r = await file({ lat: 20.9852, lng: 105.6302, category: "sai_giay_phep" });
      expect(r.status).to.equal(201);
      expect(r.json.nearby).to.deep.equal([{ code: near.json.code, distanceM: 15, status: "new" }]);
      const otherKind = await file({ lat: 20.9852, lng: 105.6302, category: "lan_chiem" });
      expect(otherKind.json.nearby).to.deep.equal([]);
    });

    it("GET /cases?reporterOnZalo=false lists reports whose caller left a number and follows on no Zalo", async () => {
      const named = await file({ areaId: "yen-thai", reporterPhone: "0977000222" });
      const anonymous = await file({ areaId: "yen-thai", anonymous: true });
      const zalo = await fileCase(api.db, commune, {
        sourceKey: "zalo:intake-test",
        category: "lan_chiem",
        areaId: "yen-thai",
        description: DESCRIPTION,
        reporter: { channel: "zalo", userId: "8000000000000000077" },
        contact: { phone: "0977000333" },
      });
      const list = async (q: string) =>
        (
          (await api.call("GET", `/api/v1/cases?team=trat-tu-nam&limit=100&${q}`)).json.cases as { code: string; reporterOnZalo: boolean }[]
        ).map((c) => c.code);
      const offZalo = await list("reporterOnZalo=false");
      expect(offZalo).to.include(named.json.code).and.not.include(anonymous.json.code).and.not.include(zalo.case.code);
      const onZalo = await list("reporterOnZalo=true");
      expect(onZalo).to.deep.equal([zalo.case.code]);
      expect((await api.call("GET", "/api/v1/cases?reporterOnZalo=maybe")).status).to.equal(400);
    });
  });
});
