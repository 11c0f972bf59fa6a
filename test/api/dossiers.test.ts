import { readFileSync } from "node:fs";
import { expect } from "chai";
import { createOfficer } from "../../src/officers/create-officer.js";
import { BACKENDS } from "../support/db.js";
import { type ApiServer, startApi } from "./support.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

const SAMPLE = DOSSIERS_SAMPLE;
const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const CODE = "000.00.21.H26-251201-0042";
const MAX_BYTES = 64 * 1024;
const csv = (...lines: string[]) => lines.join("\r\n") + "\r\n";
const postCsv = (api: ApiServer, body: string | Buffer | ReadableStream<Uint8Array>, type = "text/csv; charset=utf-8") =>
  api.call("POST", "/api/v1/dossiers/import", { headers: { "content-type": type }, body });

for (const backend of BACKENDS) {
  describe(`api/dossiers (${backend})`, function () {
    this.timeout(30_000);
    let api: ApiServer;
    before(async () => {
      api = await startApi(backend, { importMaxBytes: MAX_BYTES });
    });
    after(async () => {
      await api?.close();
    });
    beforeEach(async () => {
      await api.db.exec("DELETE FROM dossier_followers; DELETE FROM dossiers;");
      api.failTriggers = false;
    });

    describe("GET /api/v1/dossiers/:code", () => {
      it("returns a stored dossier, also for a code typed in lower case", async () => {
        await postCsv(api, readFileSync(SAMPLE));
        const r = await api.call("GET", `/api/v1/dossiers/${encodeURIComponent("000.00.21.h26-251126-0001")}`);
        expect(r.status).to.equal(200);
        expect(r.json).to.deep.include({
          code: "000.00.21.H26-251126-0001",
          procedure: "Đăng ký kết hôn",
          channel: "online",
          status: 10,
          receivedAt: "2025-11-26T09:34:00.000Z",
          dueAt: "2025-12-01T10:00:00.000Z",
          finishedAt: "2025-12-01T03:53:00.000Z",
          timeliness: "on_time",
        });
        expect(r.json.statusLabel).to.be.a("string").and.not.equal("");
      });

      it("404 for an unknown code, 400 for a malformed one", async () => {
        const missing = await api.call("GET", `/api/v1/dossiers/${CODE}`);
        expect(missing.status).to.equal(404);
        expect(missing.json.error).to.include({ code: "dossier_not_found" });
        const bad = await api.call("GET", "/api/v1/dossiers/000.00.21.H26-251399-0001");
        expect(bad.status).to.equal(400);
        expect(bad.json.error).to.include({ code: "invalid_code" });
      });
    });

    describe("PUT /api/v1/dossiers/:code", () => {
      it("creates, then reports a status change and triggers the notices once", async () => {
        const body = {
          procedure: "Chứng thực bản sao",
          channel: "direct",
          status: 2,
          received_at: "01/12/2025 08:30",
          due_at: "03/12/2025",
          finished_at: "",
        };
        const created = await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: body });
        expect(created.status).to.equal(201);
        expect(created.json).to.deep.include({ outcome: "inserted", statusChanged: false, previousStatus: null });
        expect(created.json).to.have.nested.property("dossier.status", 2);
        expect(created.json).to.have.nested.property("dossier.dueAt", "2025-12-03T10:00:00.000Z");
        const triggers = api.triggers;

        const same = await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: body });
        expect(same.status).to.equal(200);
        expect(same.json).to.deep.include({ outcome: "unchanged", statusChanged: false, previousStatus: 2 });
        expect(api.triggers).to.equal(triggers);

        const changed = await api.call("PUT", `/api/v1/dossiers/${CODE}`, {
          json: { ...body, status: "Đã trả kết quả", finished_at: "03/12/2025 09:00" },
        });
        expect(changed.status).to.equal(200);
        expect(changed.json).to.deep.include({ outcome: "updated", statusChanged: true, previousStatus: 2 });
        expect(changed.json).to.have.nested.property("dossier.status", 10);
        expect(api.triggers).to.equal(triggers + 1);
        expect((await api.call("GET", `/api/v1/dossiers/${CODE}`)).json).to.include({ status: 10 });
      });

      it("400 with the field's reason for a bad record, a non-object body, or a different code in the body", async () => {
        const bad = await api.call("PUT", `/api/v1/dossiers/${CODE}`, {
          json: { procedure: "X", channel: "fax", status: 11, received_at: "hôm qua" },
        });
        expect(bad.status).to.equal(400);
        expect(bad.json.error).to.include({ code: "invalid_body" });
        expect(bad.json.error?.message).to.contain("channel:").and.contain("status:").and.contain("received_at:");
        expect((await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: [1, 2] })).status).to.equal(400);
        expect(
          (await api.call("PUT", `/api/v1/dossiers/${CODE}`, { body: "status=1", headers: { "content-type": "text/plain" } })).status,
        ).to.equal(415);
        const broken = await api.call("PUT", `/api/v1/dossiers/${CODE}`, {
          body: "{not json",
          headers: { "content-type": "application/json" },
        });
        expect(broken.status).to.equal(400);
        const other = await api.call("PUT", `/api/v1/dossiers/${CODE}`, {
          json: { code: "000.00.21.H26-251201-0043", procedure: "X", channel: "online", status: 1, received_at: "01/12/2025" },
        });
        expect(other.status).to.equal(400);
        expect(await api.db.query("SELECT 1 FROM dossiers")).to.have.length(0);
      });

      it("still answers when the notices cannot be triggered (the sweep sends them)", async () => {
        const body = { procedure: "Chứng thực bản sao", channel: "direct", status: 2, received_at: "01/12/2025 08:30" };
        await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: body });
        api.failTriggers = true;
        const r = await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: { ...body, status: 4 } });
        expect(r.status).to.equal(200);
        expect(r.json).to.deep.include({ statusChanged: true });
      });
    });

    describe("POST /api/v1/dossiers/import", () => {
      it("imports the sample file, and a re-import changes nothing", async () => {
        const first = await postCsv(api, readFileSync(SAMPLE));
        expect(first.status).to.equal(200);
        expect(first.json).to.deep.equal({
          read: 60,
          inserted: 60,
          updated: 0,
          unchanged: 0,
          rejected: [],
          statusChanges: 0,
          backwards: [],
          notices: "none",
        });
        const again = await postCsv(api, readFileSync(SAMPLE));
        expect(again.json).to.deep.equal({
          read: 60,
          inserted: 0,
          updated: 0,
          unchanged: 60,
          rejected: [],
          statusChanges: 0,
          backwards: [],
          notices: "none",
        });
      });

      it("counts status changes and triggers the notices", async () => {
        await postCsv(api, readFileSync(SAMPLE));
        const before = api.triggers;
        const r = await postCsv(
          api,
          csv(
            HEADER,
            '000.00.21.H26-251126-0004,"Đăng ký biến động đất đai, tài sản gắn liền với đất",online,9,2025-11-26T09:00:00+07:00,,',
            "000.00.21.H26-251201-0099,Đăng ký khai sinh,online,1,01/12/2025 08:00,,",
          ),
        );
        expect(r.status).to.equal(200);
        expect(r.json).to.deep.include({ read: 2, inserted: 1, updated: 1, statusChanges: 1, notices: "queued" });
        expect(api.triggers).to.equal(before + 1);
      });

      it("reports bad rows with their line numbers and imports the rest", async () => {
        const r = await postCsv(
          api,
          csv(
            HEADER,
            "000.00.21.H26-251201-0001,Đăng ký khai sinh,online,1,01/12/2025 08:00,,",
            "000.00.21.H26-251301-0001,Đăng ký khai sinh,online,1,01/12/2025 08:00,,",
            "000.00.21.H26-251201-0002,Đăng ký khai sinh,fax,1,01/12/2025 08:00,,",
            "000.00.21.H26-251201-0003,Đăng ký khai sinh,online,1",
            "000.00.21.H26-251201-0004,Đăng ký khai sinh,online,2,01/12/2025 08:00,,",
          ),
        );
        expect(r.status).to.equal(200);
        expect(r.json).to.deep.include({ read: 5, inserted: 2 });
        const rejected = r.json.rejected as { line: number; reason: string }[];
        expect(rejected.map((x) => x.line)).to.deep.equal([3, 4, 5]);
        expect(rejected[0]!.reason).to.contain("is not a dossier code");
        expect(rejected[1]!.reason).to.contain("is not a channel");
      });

      it("400 for a file without the contract's header, or an empty one", async () => {
        const r = await postCsv(api, csv("ma,ten,kenh", "1,2,3"));
        expect(r.status).to.equal(400);
        expect(r.json.error).to.include({ code: "invalid_csv" });
        expect(r.json.error?.message).to.contain("procedure");
        expect((await postCsv(api, "")).status).to.equal(400);
      });

      it("415 for a body that is not CSV", async () => {
        const r = await api.call("POST", "/api/v1/dossiers/import", { json: { rows: [] } });
        expect(r.status).to.equal(415);
        expect(r.json.error).to.include({ code: "unsupported_media_type" });
      });

      it("413 for a body over the limit, declared or streamed, and keeps serving", async () => {
        const big = readFileSync(SAMPLE, "utf8");
        const rows = big.trim().split("\n").slice(1);
        let text = HEADER + "\n";
        for (let i = 0; text.length <= MAX_BYTES * 2; i++) text += rows[i % rows.length] + "\n";
        const declared = await postCsv(api, text);
        expect(declared.status).to.equal(413);
        expect(declared.json.error).to.include({ code: "payload_too_large" });
        expect(await api.db.query("SELECT 1 FROM dossiers")).to.have.length(0);

        // No Content-Length: counted while streaming.
        const bytes = new TextEncoder().encode(text);
        let offset = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.length) return controller.close();
            controller.enqueue(bytes.subarray(offset, offset + 8192));
            offset += 8192;
          },
        });
        const streamed = await postCsv(api, stream);
        expect(streamed.status).to.equal(413);
        expect(streamed.json.error).to.include({ code: "payload_too_large" });

        expect((await postCsv(api, readFileSync(SAMPLE))).json).to.include({ inserted: 60 });
      });
    });
  });
}

describe("api/dossiers rights (postgres)", function () {
  this.timeout(20_000);
  let api: ApiServer;
  before(async () => {
    api = await startApi("postgres");
  });
  after(async () => {
    await api?.close();
  });

  it("an officer reads dossiers but may not import or write them", async () => {
    const { token } = await createOfficer(api.db, "kieu-phu", { name: "Cán bộ một cửa", teamId: "dia-chinh" });
    await postCsv(api, readFileSync(SAMPLE));
    expect((await api.call("GET", "/api/v1/dossiers/000.00.21.H26-251126-0001", { token })).status).to.equal(200);
    const imp = await api.call("POST", "/api/v1/dossiers/import", {
      token,
      headers: { "content-type": "text/csv" },
      body: readFileSync(SAMPLE),
    });
    expect(imp.status).to.equal(403);
    expect(imp.json.error).to.include({ code: "forbidden" });
  });
});
