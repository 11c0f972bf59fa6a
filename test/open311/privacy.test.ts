import { Communes } from "../../src/commune/communes.js";
import { type Listening, listenOnFreePort } from "../support/listen.js";
import { expect } from "chai";
import { Redis } from "ioredis";
import { AuthFailureLimiter } from "../../src/api/auth-failures.js";
import { createApp } from "../../src/app.js";
import { getCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { open311Router } from "../../src/open311/router.js";
import { open311 as wording } from "../../flows/messages.open311.vi.js";
import { exampleConfig } from "../commune/fixture.js";
import { openTestDatabase } from "../support/db.js";
import { captureLogs } from "../support/logs.js";
import { TEST_REDIS_URL } from "../support/redis.js";

const ADMIN = "open311-privacy-admin-token-0123456789";
const commune = exampleConfig();
/** In Thôn Đồng Bụt, whose cases go to the team Trật tự Bắc. */
const PIN = { lat: 21.005, lng: 105.61 };
const DESCRIPTION = "Ông Nguyễn Văn Khánh số nhà 12 ngõ 4, điện thoại 0912 345 678, xây thêm tầng không phép";
const ADDRESS = "Số 12 ngõ 4 xóm Chùa";
const PHOTO = "https://photos.example.test/mat-tien.jpg";

type Request311 = Record<string, unknown>;

/**
 * Issue 20: the public Open311 listing shows what a public board may show, and nothing of what a
 * citizen wrote; an officer's key (in X-Api-Key, never in the URL) shows the full record of the
 * cases that officer may see. Open311 POST keeps to the API's rules: who may file, text the
 * database can store, the whole request under an Idempotency-Key, photos only from allowed hosts.
 */
describe("open311/v2: the public board and an officer's key", function () {
  this.timeout(60_000);
  let db: Database;
  let redis: Redis;
  let server: Listening | undefined;
  let url: string;
  let bac: string;
  let nam: string;
  let leader: string;
  let teamless: string;
  let code: string;
  let filed = 0;

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, { headers });
    return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
  };
  const one = async (path: string, headers: Record<string, string> = {}) => {
    const r = await get(path, headers);
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    const list = r.json as Request311[];
    const found = list.find((x) => x.service_request_id === code);
    expect(found, `${code} in ${path}`).to.not.equal(undefined);
    return found!;
  };
  const post = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/open311/v2/requests.json`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
  };
  const errorOf = (r: { status: number; json: unknown }, status: number): string => {
    expect(r.status, JSON.stringify(r.json)).to.equal(status);
    const errors = r.json as { code: number; description: string }[];
    expect(errors).to.deep.equal([{ code: status, description: errors[0]!.description }]);
    return errors[0]!.description;
  };
  const caseCount = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases"))[0]!.n;
  const request = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    api_key: ADMIN,
    service_code: "lan_chiem",
    lat: PIN.lat,
    long: PIN.lng,
    description: "Lấn chiếm vỉa hè để vật liệu xây dựng trước cổng chợ",
    ...over,
  });

  before(async () => {
    db = await openTestDatabase("postgres");
    await syncFromCommune(db, commune);
    bac = (await createOfficer(db, "kieu-phu", { name: "Cán bộ Bắc", role: "officer", teamId: "trat-tu-bac" })).token;
    nam = (await createOfficer(db, "kieu-phu", { name: "Cán bộ Nam", role: "officer", teamId: "trat-tu-nam" })).token;
    leader = (await createOfficer(db, "kieu-phu", { name: "Phó Chủ tịch", role: "leader" })).token;
    teamless = (await createOfficer(db, "kieu-phu", { name: "Chưa có tổ", role: "officer" })).token;
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    const app = createApp({
      redis,
      db,
      routers: [
        open311Router({
          db,
          communes: new Communes([commune]),
          adminToken: ADMIN,
          wording,
          photoHosts: ["photos.example.test"],
          failures: new AuthFailureLimiter({ maxFailures: 3 }),
          onCaseFiled: async () => void filed++,
        }),
      ],
    });
    server = await listenOnFreePort(app);
    url = server.url;
    // A report from the chat: anonymous, with the reporter's own words and a pin.
    const chat = await fileCase(db, commune, {
      sourceKey: "zalo:privacy-1",
      channel: "zalo",
      category: "xay_dung_khong_phep",
      location: PIN,
      address: ADDRESS,
      description: DESCRIPTION,
      anonymous: true,
      reporter: { channel: "zalo", userId: "5210000000000000777" },
      photos: ["https://photos.example.test/zalo-1.jpg"],
    });
    code = chat.case.code;
  });
  after(async () => {
    await server?.close();
    redis?.disconnect();
    await db?.close();
  });

  describe("GET without a key: the public board", () => {
    it("the listing and one request show service, status, dates, agency and the village (name and centre), nothing a citizen wrote", async () => {
      // The village's centre: the middle of its outline's bounding box.
      const outline = commune.areas.features
        .find((a) => a.properties.id === "dong-but")!
        .geometry.coordinates.flat(1) as unknown as number[][];
      const middle = (values: number[]) => (Math.min(...values) + Math.max(...values)) / 2;
      const centre = { lat: middle(outline.map((p) => p[1]!)), lng: middle(outline.map((p) => p[0]!)) };
      for (const path of ["/open311/v2/requests.json", `/open311/v2/requests/${code}.json`]) {
        const r = await one(path);
        expect(r).to.deep.include({
          service_request_id: code,
          status: "open",
          service_code: "xay_dung_khong_phep",
          agency_responsible: commune.teams.find((t) => t.id === "trat-tu-bac")!.name,
          description: null,
          address: "Thôn Đồng Bụt",
          lat: centre.lat,
          long: centre.lng,
          media_url: null,
        });
        expect(r.requested_datetime).to.be.a("string");
        expect([r.lat, r.long]).to.not.deep.equal([PIN.lat, PIN.lng]);
        const text = JSON.stringify(r);
        for (const secret of ["Khánh", "0912", "ngõ 4", "xóm Chùa", "photos.example.test", String(PIN.lat)]) {
          expect(text, secret).to.not.contain(secret);
        }
      }
    });

    it("a key in the URL is refused (400), never read: the answer shows nothing more", async () => {
      for (const path of [`/open311/v2/requests.json?api_key=${ADMIN}`, `/open311/v2/requests/${code}.json?api_key=${ADMIN}`]) {
        const r = await get(path);
        expect(errorOf(r, 400)).to.contain("X-Api-Key");
        expect(JSON.stringify(r.json)).to.not.contain("Khánh");
      }
    });
  });

  describe("GET with X-Api-Key: the full record within the officer's rights", () => {
    it("the team's officer, the leadership and the admin see the description, address, pin and photo; never the reporter", async () => {
      for (const key of [bac, leader, ADMIN]) {
        const r = await get(`/open311/v2/requests/${code}.json`, { "x-api-key": key });
        expect(r.status).to.equal(200);
        expect(r.headers.get("cache-control")).to.equal("no-store");
        expect((r.json as Request311[])[0]).to.deep.include({
          description: DESCRIPTION,
          address: ADDRESS,
          lat: PIN.lat,
          long: PIN.lng,
        });
        expect(JSON.stringify(r.json)).to.not.contain("5210000000000000777");
      }
      const listed = await one("/open311/v2/requests.json", { "x-api-key": bac });
      expect(listed.description).to.equal(DESCRIPTION);
    });

    it("another team's officer, or one outside every team, gets the public view of the case", async () => {
      for (const key of [nam, teamless]) {
        const r = await one(`/open311/v2/requests/${code}.json`, { "x-api-key": key });
        expect(r).to.deep.include({ description: null, address: "Thôn Đồng Bụt", media_url: null });
        const listed = await one("/open311/v2/requests.json", { "x-api-key": key });
        expect(listed.description).to.equal(null);
      }
    });

    it("a wrong X-Api-Key is 403 and counted: past the limit 429 with Retry-After, while a valid key still reads", async () => {
      for (let i = 0; i < 3; i++) errorOf(await get("/open311/v2/requests.json", { "x-api-key": `wrong-key-${i}-0123456789` }), 403);
      const limited = await get(`/open311/v2/requests/${code}.json`, { "x-api-key": "wrong-key-3-0123456789" });
      errorOf(limited, 429);
      expect(Number(limited.headers.get("retry-after"))).to.be.within(1, 60);
      const ok = await one(`/open311/v2/requests/${code}.json`, { "x-api-key": bac });
      expect(ok.description).to.equal(DESCRIPTION);
    });
  });

  describe("POST", () => {
    it("files only with the API's right to file: not the leadership, not an officer outside every team", async () => {
      const before = await caseCount();
      expect(errorOf(await post(request({ api_key: leader })), 403)).to.contain("right");
      expect(errorOf(await post(request({ api_key: teamless })), 403)).to.contain("right");
      expect(await caseCount()).to.equal(before);
      expect((await post(request({ api_key: nam }))).status).to.equal(201);
    });

    it("U+0000 in a field is 400 with the error body, nothing stored; so is a URL that is not valid percent-encoding", async () => {
      const before = await caseCount();
      const filedBefore = filed;
      expect(errorOf(await post(request({ description: "Lấn chiếm vỉa hè\u0000 trước cổng chợ" })), 400)).to.contain("description");
      const form = await fetch(`${url}/open311/v2/requests.json`, {
        method: "POST",
        body: `api_key=${ADMIN}&service_code=lan_chiem&lat=21.005&long=105.61&description=L%E1%BA%A5n%00chi%E1%BA%BFm&first_name=%00`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(errorOf({ status: form.status, json: await form.json() }, 400)).to.contain("first_name");
      expect(await caseCount()).to.equal(before);
      expect(filed).to.equal(filedBefore);

      const { lines } = await captureLogs(async () => {
        errorOf(await get("/open311/v2/requests/PA-%E0%A4%A.json"), 400);
        errorOf(await get("/open311/v2/requests.json?service_request_id=%00"), 400);
      });
      expect(lines.filter((l) => l.level === "error")).to.deep.equal([]);
    });

    it("an Idempotency-Key reused with a different request (caller, place, anonymity, any field) is 422 naming the key", async () => {
      const key = { "idempotency-key": "client-retry-7" };
      const first = request({ first_name: "Tâm", last_name: "Nguyễn Văn", phone: "0912333444", address_string: "Ngõ 4" });
      const a = await post(first, key);
      expect(a.status, JSON.stringify(a.json)).to.equal(201);
      const id = (a.json as { service_request_id: string }[])[0]!.service_request_id;
      const again = await post(first, key);
      expect(again.status).to.equal(200);
      expect((again.json as { service_request_id: string }[])[0]!.service_request_id).to.equal(id);
      const before = await caseCount();
      const { first_name: _f, last_name: _l, phone: _p, ...anonymous } = first;
      for (const other of [
        { ...first, phone: "0987000111" },
        { ...first, lat: 21.0052 },
        { ...first, address_string: "Ngõ 6" },
        anonymous,
        { ...first, media_url: PHOTO },
      ]) {
        const r = await post(other, key);
        const description = errorOf(r, 422);
        expect(description).to.contain("Idempotency-Key").and.contain("client-retry-7").and.contain(id);
      }
      expect(await caseCount()).to.equal(before);
    });

    it("a media_url outside PHOTO_URL_HOSTS is recorded as refused and never published, even to the admin", async () => {
      const r = await post(request({ media_url: "https://attacker.example/anh.jpg" }));
      expect(r.status, JSON.stringify(r.json)).to.equal(201);
      const id = (r.json as { service_request_id: string }[])[0]!.service_request_id;
      const c = await getCase(db, id);
      expect(c!.photos).to.have.length(1);
      expect(c!.photos[0]!.copyFailure?.reason).to.match(/^not_allowed: /);
      const full = (await get(`/open311/v2/requests/${id}.json`, { "x-api-key": ADMIN })).json as Request311[];
      expect(full[0]!.media_url).to.equal(null);
      expect(JSON.stringify(full)).to.not.contain("attacker.example");
      // An allowed host is still published to those who may see it.
      const ok = await post(request({ media_url: PHOTO }));
      const okId = (ok.json as { service_request_id: string }[])[0]!.service_request_id;
      expect(((await get(`/open311/v2/requests/${okId}.json`, { "x-api-key": ADMIN })).json as Request311[])[0]!.media_url).to.equal(PHOTO);
    });
  });
});
