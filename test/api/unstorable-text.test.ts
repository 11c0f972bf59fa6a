import { expect } from "chai";
import { fileCase } from "../../src/cases/file-case.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS } from "../support/db.js";
import { type ApiServer, startApi } from "./support.js";

const NUL = "contains the character U+0000 (NUL), which cannot be stored";
const SURROGATE = "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
const CODE = "000.00.21.H26-251201-0077";

for (const backend of BACKENDS) {
  describe(`api: text the database cannot store is a 400 naming the field (${backend})`, function () {
    this.timeout(120_000);
    let api: ApiServer;
    let caseCode: string;
    before(async () => {
      api = await startApi(backend);
      caseCode = (
        await fileCase(api.db, exampleConfig(), {
          sourceKey: `unstorable-${backend}`,
          category: "xay_dung_khong_phep",
          location: { lat: 21.005, lng: 105.61 },
          description: "Nhà dân đổ móng không có giấy phép",
          reporter: { channel: "zalo", userId: "5210000000000000778" },
        })
      ).case.code;
    });
    after(async () => {
      await api?.close();
    });

    const expectRefused = async (method: string, path: string, json: unknown, fields: { path: string; message: string }[]) => {
      const r = await api.call(method, path, { json });
      expect(r.status, JSON.stringify(r.json)).to.equal(400);
      expect(r.json.error?.code).to.equal("invalid_body");
      expect(r.json.error?.fields).to.deep.equal(fields);
    };

    it("notes and transitions", async () => {
      await expectRefused("POST", `/api/v1/cases/${caseCode}/notes`, { body: "Hẹn\u0000 thứ Hai" }, [{ path: "body", message: NUL }]);
      await expectRefused("POST", `/api/v1/cases/${caseCode}/transitions`, { to: "acknowledged", note: "Đã nhận \uDC00" }, [
        { path: "note", message: SURROGATE },
      ]);
      const stored = await api.db.query<{ status: string; notes: number }>(
        "SELECT status, (SELECT count(*)::int FROM case_notes WHERE case_code = $1) AS notes FROM cases WHERE code = $1",
        [caseCode],
      );
      expect(stored[0]).to.deep.equal({ status: "new", notes: 0 });
    });

    it("officer creation, also in a field name", async () => {
      await expectRefused("POST", "/api/v1/officers", { name: "Nguyễn\u0000Văn A", teamId: "trat-tu-bac" }, [
        { path: "name", message: NUL },
      ]);
      const r = await api.call("POST", "/api/v1/officers", { json: { name: "B", "x\u0000": 1 } });
      expect(r.status).to.equal(400);
      expect(r.json.error?.fields?.[0]).to.deep.equal({ path: "", message: `a field name ${NUL}` });
      expect(await api.db.query("SELECT 1 FROM officers WHERE name LIKE 'Nguy%A' OR name = 'B'")).to.have.length(0);
    });

    it("PUT /dossiers, once per field", async () => {
      await expectRefused(
        "PUT",
        `/api/v1/dossiers/${CODE}`,
        { procedure: "Chứng thực\u0000", channel: "direct", status: 2, received_at: "01/12/2025 08:30" },
        [{ path: "procedure", message: NUL }],
      );
      expect(await api.db.query("SELECT 1 FROM dossiers")).to.have.length(0);
    });

    it("the same text without the character is stored", async () => {
      const r = await api.call("POST", `/api/v1/cases/${caseCode}/notes`, { json: { body: "Hẹn thứ Hai 😀" } });
      expect(r.status).to.equal(201);
    });
  });
}
