import { Communes } from "../../src/commune/communes.js";
import { type Listening, listenOnFreePort } from "../support/listen.js";
import { expect } from "chai";
import { Redis } from "ioredis";
import { createApp } from "../../src/app.js";
import type { Case } from "../../src/cases/case.js";
import { transition } from "../../src/cases/case-changes.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { open311Router } from "../../src/open311/router.js";
import { open311 as wording } from "../../flows/messages.open311.vi.js";
import { exampleConfig } from "../commune/fixture.js";
import { openTestDatabase } from "../support/db.js";
import { TEST_REDIS_URL } from "../support/redis.js";

const ADMIN = "open311-admin-token-0123456789";
const commune = exampleConfig();
const DONG_BUT = { lat: "21.005", long: "105.61" };
const DESCRIPTION = "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép";

type Json = unknown;

describe("open311/v2 (GeoReport v2)", function () {
  this.timeout(60_000);
  let db: Database;
  let server: Listening | undefined;
  let redis: Redis;
  let url: string;
  let officerKey: string;
  const filed: { case: Case; created: boolean; photos: number }[] = [];

  const get = async (path: string, key?: string) => {
    const res = await fetch(url + path, key ? { headers: { "x-api-key": key } } : {});
    return { status: res.status, json: (await res.json()) as Json, type: res.headers.get("content-type") };
  };
  const post = async (body: Record<string, string> | string, opts: { json?: boolean; headers?: Record<string, string> } = {}) => {
    const init: RequestInit =
      typeof body === "string"
        ? { body, headers: { "content-type": "application/json", ...opts.headers } }
        : opts.json
          ? { body: JSON.stringify(body), headers: { "content-type": "application/json", ...opts.headers } }
          : { body: new URLSearchParams(body), headers: { ...opts.headers } };
    const res = await fetch(`${url}/open311/v2/requests.json`, { method: "POST", ...init });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const form = (over: Record<string, string> = {}) => ({
    api_key: officerKey,
    service_code: "xay_dung_khong_phep",
    ...DONG_BUT,
    description: DESCRIPTION,
    ...over,
  });
  const errorOf = (r: { status: number; json: Json }, status: number) => {
    expect(r.status, JSON.stringify(r.json)).to.equal(status);
    const errors = r.json as { code: number; description: string }[];
    expect(errors).to.be.an("array").with.length(1);
    expect(errors[0]!.code).to.equal(status);
    expect(errors[0]!.description).to.be.a("string").and.not.equal("");
    return errors[0]!.description;
  };

  before(async () => {
    db = await openTestDatabase("postgres");
    await syncFromCommune(db, commune);
    officerKey = (await createOfficer(db, "kieu-phu", { name: "Cán bộ tiếp dân", role: "officer", teamId: "trat-tu-bac" })).token;
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
          onCaseFiled: async (f, photos) => {
            filed.push({ ...f, photos });
          },
        }),
      ],
    });
    server = await listenOnFreePort(app);
    url = server.url;
  });
  after(async () => {
    await server?.close();
    redis?.disconnect();
    await db?.close();
  });

  it("lists the commune's categories as services, and one service's definition", async () => {
    const r = await get("/open311/v2/services.json");
    expect(r.status).to.equal(200);
    expect(r.type).to.match(/^application\/json/);
    const services = r.json as Record<string, unknown>[];
    expect(services.map((s) => s.service_code)).to.deep.equal(commune.categories.map((c) => c.id));
    expect(services[0]).to.deep.equal({
      service_code: commune.categories[0]!.id,
      service_name: commune.categories[0]!.name,
      description: commune.categories[0]!.name,
      metadata: false,
      type: "realtime",
      keywords: commune.categories[0]!.keywords.join(","),
      group: "Trật tự xây dựng",
    });
    const one = await get("/open311/v2/services/lan_chiem.json");
    expect(one.json).to.deep.equal({ service_code: "lan_chiem", attributes: [] });
    errorOf(await get("/open311/v2/services/khong_co.json"), 404);
    errorOf(await get("/open311/v2/nothing.json"), 404);
  });

  it("POST → GET: a request filed with a form is a routed case with channel open311, without its contact", async () => {
    const r = await post(
      form({
        first_name: "Văn A",
        last_name: "Nguyễn",
        phone: "0912345678",
        email: "a@example.test",
        media_url: "https://photos.example.test/1.jpg",
      }),
    );
    expect(r.status, JSON.stringify(r.json)).to.equal(201);
    const [answer] = r.json as { service_request_id: string; service_notice: string; account_id: null }[];
    const id = answer!.service_request_id;
    expect(id).to.match(/^PA-\d{6}-[A-Z0-9]{4}$/);
    expect(answer!.service_notice).to.contain(id);
    const last = filed.at(-1)!;
    expect(last.case.code).to.equal(id);
    expect(last).to.deep.include({ created: true, photos: 1 });
    expect(last.case).to.deep.include({
      channel: "open311",
      teamId: "trat-tu-bac",
      areaId: "dong-but",
      contactName: "Nguyễn Văn A",
      contactPhone: "0912345678",
      anonymous: false,
    });

    // The full record: the key of an officer of the team it went to.
    const g = await get(`/open311/v2/requests/${id}.json`, officerKey);
    expect(g.status).to.equal(200);
    const [req] = g.json as Record<string, unknown>[];
    expect(req).to.deep.include({
      service_request_id: id,
      status: "open",
      status_notes: wording.statusNotes.new,
      service_code: "xay_dung_khong_phep",
      service_name: "Xây dựng không có giấy phép",
      description: DESCRIPTION,
      agency_responsible: commune.teams.find((t) => t.id === "trat-tu-bac")!.name,
      lat: 21.005,
      long: 105.61,
      media_url: "https://photos.example.test/1.jpg",
    });
    // Local time with its offset; expected_datetime is the resolution deadline of the SLA.
    expect(req!.requested_datetime).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(Date.parse(String(req!.expected_datetime))).to.equal(last.case.resolveDueAt!.getTime());
    expect(Date.parse(String(req!.requested_datetime))).to.equal(Math.floor(last.case.createdAt.getTime() / 1000) * 1000);
    const text = JSON.stringify(g.json);
    for (const secret of ["0912345678", "Nguyễn Văn A", "a@example.test", officerKey]) expect(text).to.not.contain(secret);
  });

  it("POST as JSON with an address, anonymous; the same Idempotency-Key files one case", async () => {
    const body = {
      api_key: ADMIN,
      service_code: "lan_chiem",
      address_string: "Thôn Ngọc Bài",
      description: "Lấn chiếm vỉa hè để vật liệu xây dựng",
    };
    const first = await post(body, { json: true, headers: { "idempotency-key": "client-42" } });
    expect(first.status, JSON.stringify(first.json)).to.equal(201);
    const again = await post(body, { json: true, headers: { "idempotency-key": "client-42" } });
    expect(again.status).to.equal(200);
    const id = (first.json as { service_request_id: string }[])[0]!.service_request_id;
    expect((again.json as { service_request_id: string }[])[0]!.service_request_id).to.equal(id);
    expect(filed.at(-1)!.case).to.deep.include({ code: id, anonymous: true, contactName: null, address: "Thôn Ngọc Bài", lat: null });
    expect(filed.at(-1)!.case.areaId).to.not.equal(null);
  });

  it("refuses a missing or wrong api_key with 403, bad parameters with 400", async () => {
    expect(errorOf(await post({ ...form(), api_key: "" }), 403)).to.contain("api_key");
    errorOf(await post({ ...form(), api_key: "not-a-valid-key-0123456789" }), 403);
    const { api_key: _, ...noKey } = form();
    errorOf(await post(noKey), 403);
    const before = filed.length;
    expect(errorOf(await post(form({ colour: "red" })), 400)).to.contain("colour");
    expect(errorOf(await post(form({ service_code: "khong_co" })), 400)).to.contain("service_code");
    errorOf(await post({ api_key: officerKey, service_code: "lan_chiem", description: DESCRIPTION }), 400);
    errorOf(await post(form({ lat: "21.005", long: "" })), 400);
    errorOf(await post(form({ lat: "abc" })), 400);
    errorOf(await post(form({ description: "" })), 400);
    expect(errorOf(await post(form({ address_id: "123" })), 400)).to.contain("address_id");
    errorOf(await post(form({ media_url: "ftp://x.test/a.jpg" })), 400);
    errorOf(await post(`{"api_key": "${officerKey}", `), 400);
    expect(filed.length, "nothing filed").to.equal(before);
  });

  it("lists requests with the spec's filters, and closed ones with their notes", async () => {
    const all = (await get("/open311/v2/requests.json")).json as { service_request_id: string; status: string; service_code: string }[];
    expect(all.length).to.equal(2);
    const [newest, oldest] = all;
    await transition(db, oldest!.service_request_id, "acknowledged", "admin");
    await transition(db, oldest!.service_request_id, "resolved", "admin");

    const closed = (await get("/open311/v2/requests.json?status=closed")).json as {
      service_request_id: string;
      status: string;
      status_notes: string;
    }[];
    expect(closed.map((c) => [c.service_request_id, c.status, c.status_notes])).to.deep.equal([
      [oldest!.service_request_id, "closed", wording.statusNotes.resolved],
    ]);
    const open = (await get("/open311/v2/requests.json?status=open")).json as { service_request_id: string }[];
    expect(open.map((c) => c.service_request_id)).to.deep.equal([newest!.service_request_id]);
    const both = (await get("/open311/v2/requests.json?status=open,closed&service_code=lan_chiem,xay_dung_khong_phep")).json as unknown[];
    expect(both).to.have.length(2);
    const byCode = (await get("/open311/v2/requests.json?service_code=lan_chiem")).json as { service_code: string }[];
    expect(byCode.map((c) => c.service_code)).to.deep.equal(["lan_chiem"]);
    // service_request_id wins over every other filter.
    const ids = (await get(`/open311/v2/requests.json?service_request_id=${oldest!.service_request_id},PA-000101-ZZZZ&status=open`))
      .json as { service_request_id: string }[];
    expect(ids.map((c) => c.service_request_id)).to.deep.equal([oldest!.service_request_id]);
    const past = (await get(`/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00%2B07:00`)).json;
    expect(past).to.deep.equal([]);
    const recent = (await get(`/open311/v2/requests.json?start_date=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`))
      .json as unknown[];
    expect(recent).to.have.length(2);
  });

  it("400 for a bad filter, 404 for an unknown request", async () => {
    for (const q of [
      "status=pending",
      "start_date=2025-01-01",
      "start_date=yesterday",
      "end_date=2020-01-01T00:00:00Z&start_date=2021-01-01T00:00:00Z",
      "colour=red",
    ]) {
      errorOf(await get(`/open311/v2/requests.json?${q}`), 400);
    }
    errorOf(await get("/open311/v2/requests/PA-000101-ZZZZ.json"), 404);
    errorOf(await get("/open311/v2/requests/not-a-code.json"), 404);
  });
});
