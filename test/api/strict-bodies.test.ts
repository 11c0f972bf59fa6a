import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { fileCase } from "../../src/cases/file-case.js";
import { exampleConfig } from "../commune/fixture.js";
import { REPO } from "../support/process.js";
import { type ApiServer, startApi } from "./support.js";

const CODE = "000.00.21.H26-251201-0042";
const DOSSIER = { procedure: "Chung thuc ban sao", channel: "direct", status: 2, received_at: "01/12/2025 08:30" };
// Letters only Vietnamese uses: an English message has none (the inputs below are ASCII).
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

describe("api: strict bodies and honest errors (postgres)", function () {
  this.timeout(30_000);
  let api: ApiServer;
  let caseCode: string;
  before(async () => {
    api = await startApi("postgres");
    const filed = await fileCase(api.db, exampleConfig(), {
      sourceKey: "strict-bodies-1",
      category: "xay_dung_khong_phep",
      location: { lat: 21.005, lng: 105.61 },
      description: "Nha dan do mong khong co giay phep",
      reporter: { channel: "zalo", userId: "5210000000000000777" },
    });
    caseCode = filed.case.code;
  });
  after(async () => {
    await api?.close();
  });

  const officerNamed = async (name: string) => api.db.query("SELECT id FROM officers WHERE name = $1", [name]);

  it("an unknown officer field is a 400 naming it and the field meant; nothing is created", async () => {
    const team = await api.call("POST", "/api/v1/officers", { json: { name: "Team Typo", team: "trat-tu-bac" } });
    expect(team.status).to.equal(400);
    expect(team.json.error).to.deep.equal({
      code: "invalid_body",
      message: 'team: unknown field (did you mean "teamId"?)',
      fields: [{ path: "team", message: 'unknown field (did you mean "teamId"?)' }],
    });
    const duty = await api.call("POST", "/api/v1/officers", { json: { name: "Duty Typo", on_duty: false } });
    expect(duty.status).to.equal(400);
    expect(duty.json.error?.fields).to.deep.equal([{ path: "on_duty", message: 'unknown field (did you mean "onDuty"?)' }]);
    expect(await officerNamed("Team Typo")).to.have.length(0);
    expect(await officerNamed("Duty Typo")).to.have.length(0);
  });

  it("lists every problem of a body at once, each with its path", async () => {
    const r = await api.call("POST", "/api/v1/officers", { json: { name: "", role: "boss", colour: "red" } });
    expect(r.status).to.equal(400);
    const fields = r.json.error!.fields!;
    expect(fields.map((f) => f.path).sort()).to.deep.equal(["colour", "name", "role"]);
    expect(fields.find((f) => f.path === "colour")!.message).to.equal("unknown field");
  });

  it("PUT /dossiers refuses finishedAt instead of storing the dossier as open", async () => {
    const r = await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: { ...DOSSIER, status: 10, finishedAt: "03/12/2025 09:00" } });
    expect(r.status).to.equal(400);
    expect(r.json.error?.fields).to.deep.equal([{ path: "finishedAt", message: 'unknown field (did you mean "finished_at"?)' }]);
    expect(await api.db.query("SELECT 1 FROM dossiers WHERE code = $1", [CODE])).to.have.length(0);
    const ok = await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: { ...DOSSIER, status: 10, finished_at: "03/12/2025 09:00" } });
    expect(ok.status).to.equal(201);
    expect(ok.json).to.have.nested.property("dossier.finishedAt", "2025-12-03T02:00:00.000Z");
  });

  it("transitions and notes refuse unknown fields; nothing changes", async () => {
    const t = await api.call("POST", `/api/v1/cases/${caseCode}/transitions`, { json: { to: "acknowledged", reason: "seen" } });
    expect(t.status).to.equal(400);
    expect(t.json.error?.fields).to.deep.equal([{ path: "reason", message: "unknown field" }]);
    const n = await api.call("POST", `/api/v1/cases/${caseCode}/notes`, { json: { body: "x", author: "me" } });
    expect(n.status).to.equal(400);
    expect(n.json.error?.fields).to.deep.equal([{ path: "author", message: "unknown field" }]);
    const stored = await api.db.query<{ status: string; notes: number }>(
      "SELECT status, (SELECT count(*)::int FROM case_notes WHERE case_code = $1) AS notes FROM cases WHERE code = $1",
      [caseCode],
    );
    expect(stored[0]).to.deep.equal({ status: "new", notes: 0 });
  });

  it("refuses a Zalo user id that is not one (the README's old placeholder) and accepts the README's example", async () => {
    const placeholder = await api.call("POST", "/api/v1/officers", { json: { name: "Placeholder", zaloUserId: "…" } });
    expect(placeholder.status).to.equal(400);
    expect(placeholder.json.error?.fields).to.have.length(1);
    expect(placeholder.json.error!.fields![0]!.path).to.equal("zaloUserId");
    expect(await officerNamed("Placeholder")).to.have.length(0);

    const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
    const example = /localhost:3000\/api\/v1\/officers \\\n\s+-d '(\{[^']+\})'/.exec(readme);
    expect(example, "the README's officer example").to.not.equal(null);
    const r = await api.call("POST", "/api/v1/officers", { json: JSON.parse(example![1]!) as unknown });
    expect(r.status, JSON.stringify(r.json)).to.equal(201);
    expect(r.json.officer).to.include({ zaloLinked: true });
  });

  it("a body that is not a JSON object: 415 for another type, 400 for an array", async () => {
    const text = await api.call("POST", "/api/v1/officers", { body: "name=X", headers: { "content-type": "text/plain" } });
    expect(text.status).to.equal(415);
    expect(text.json.error).to.include({ code: "unsupported_media_type" });
    const array = await api.call("POST", "/api/v1/officers", { json: [{ name: "X" }] });
    expect(array.status).to.equal(400);
    expect(array.json.error?.fields).to.deep.equal([{ path: "", message: "the body must be a JSON object" }]);
  });

  it("answers every error in English, also the reasons of rejected CSV rows", async () => {
    const messages: string[] = [];
    const record = async (r: Promise<{ status: number; json: { error?: { message: string } } }>) => {
      const { status, json } = await r;
      expect(status).to.be.within(400, 499);
      messages.push(json.error!.message);
    };
    await record(
      api.call("PUT", `/api/v1/dossiers/${CODE}`, {
        json: { procedure: "", channel: "fax", status: 11, received_at: "yesterday", due_at: "x" },
      }),
    );
    await record(api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: { ...DOSSIER, received_at: "02/12/2025", due_at: "01/12/2025" } }));
    await record(api.call("POST", "/api/v1/officers", { json: { name: "X", teamId: "nowhere" } }));
    await record(api.call("POST", `/api/v1/cases/${caseCode}/transitions`, { json: { to: "done" } }));
    await record(api.call("POST", "/api/v1/dossiers/import", { headers: { "content-type": "text/csv" }, body: "code,procedure\n1,2\n" }));
    const csv = await api.call("POST", "/api/v1/dossiers/import", {
      headers: { "content-type": "text/csv" },
      body: 'code,procedure,channel,status,received_at,due_at,finished_at\nbad,X,fax,11,nope,,\n"open,X\n',
    });
    for (const r of csv.json.rejected as { reason: string }[]) messages.push(r.reason);
    expect(messages.length).to.be.greaterThan(6);
    for (const m of messages) expect(m).to.not.match(VIETNAMESE);
  });

  it("/metrics labels a route the same for its 2xx and 4xx answers", async () => {
    const route = "/api/v1/dossiers/:code";
    await api.call("GET", `/api/v1/dossiers/${CODE}`); // 200 (stored above)
    await api.call("GET", "/api/v1/dossiers/000.00.21.H26-251201-0999"); // 404
    await api.call("PUT", `/api/v1/dossiers/${CODE}`, { json: { nope: 1 } }); // 400
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    const labels = (method: string, status: string) =>
      metrics
        .split("\n")
        .filter((l) => l.startsWith(`hotline_http_requests_total{method="${method}",`) && l.includes(`status="${status}"`))
        .map((l) => /route="([^"]*)"/.exec(l)![1]);
    expect(labels("GET", "200")).to.include(route);
    expect(labels("GET", "404")).to.include(route);
    expect(labels("PUT", "400")).to.include(route);
    expect(labels("PUT", "400")).to.not.include("/dossiers/:code");
  });
});
