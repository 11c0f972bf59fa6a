import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { fileCase } from "../../src/cases/file-case.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { exampleConfig } from "../commune/fixture.js";
import { ADMIN_TOKEN, type ApiServer, startApi } from "./support.js";

// Every read of a reporter's contact or a report's photo is recorded — who, when, which case,
// from which surface — and only an admin reads the record (issues 23 and 25).
for (const backend of ["postgres", "pglite"] as const) {
  describe(`access audit of personal data (${backend})`, function () {
    this.timeout(30_000);
    const commune = exampleConfig();
    let api: ApiServer;
    let dataDir: string;
    let named: string;
    let anonymous: string;
    let officer: { id: string; token: string };

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "audit-"));
      api = await startApi(backend, { config: { ADMIN_TOKEN, DATA_DIR: dataDir } });
      const report = (n: number, anon: boolean) =>
        fileCase(api.db, commune, {
          sourceKey: `audit-${backend}-${n}`,
          category: "xay_dung_khong_phep",
          location: { lat: 21.005, lng: 105.61 },
          description: "Nhà dân đang đổ móng xây dựng không có biển báo giấy phép",
          anonymous: anon,
          ...(anon ? {} : { contact: { name: "Nguyễn Văn A", phone: "0912345678" } }),
          photos: ["https://photos.example.test/1.jpg"],
        });
      const a = await report(1, false);
      named = a.case.code;
      anonymous = (await report(2, true)).case.code;
      await mkdir(path.join(dataDir, "photos"), { recursive: true });
      await writeFile(path.join(dataDir, "photos", "a.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
      await api.db.query(
        "UPDATE case_photos SET stored_path = 'photos/a.jpg', content_type = 'image/jpeg', bytes = 4 WHERE case_code = $1",
        [named],
      );
      const o = await createOfficer(api.db, "kieu-phu", { id: `audit-${backend}`, name: "Cán bộ Bắc", teamId: a.case.teamId });
      officer = { id: o.officer.id, token: o.token };
    });
    after(async () => {
      await api?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("records each read of a contact or a photo, with the reader and the surface, and nothing for an anonymous case", async () => {
      expect((await api.call("GET", `/api/v1/cases/${named}`, { token: officer.token })).status).to.equal(200);
      expect(
        (await api.call("GET", `/api/v1/cases/${named}/photos/1`, { token: officer.token, headers: { "X-Hotline-Surface": "dashboard" } }))
          .status,
      ).to.equal(200);
      expect((await api.call("GET", `/api/v1/cases/${anonymous}`, { token: officer.token })).status).to.equal(200);

      const { status, json } = await api.call("GET", `/api/v1/access-audit?reader=${officer.id}`);
      expect(status).to.equal(200);
      const reads = (json.reads as { caseCode: string; what: string; surface: string; readerId: string; detail?: string }[]).map((r) => [
        r.caseCode,
        r.what,
        r.surface,
        r.readerId,
        r.detail ?? null,
      ]);
      expect(reads).to.deep.equal([
        [named, "photo", "dashboard", officer.id, "1"],
        [named, "contact", "api", officer.id, null],
      ]);
      const csv = await fetch(`${api.url}/api/v1/access-audit?case=${named}&format=csv`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const text = await csv.text();
      expect(text).to.include(`${named},photo,dashboard`).and.not.include("0912345678");
    });

    it("only an admin reads the audit", async () => {
      expect((await api.call("GET", "/api/v1/access-audit", { token: officer.token })).status).to.equal(403);
    });
  });
}
