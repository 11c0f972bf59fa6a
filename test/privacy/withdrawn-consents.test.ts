import { expect } from "chai";
import { fileReportWithContact } from "../support/filed-by.js";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testEnv } from "../support/env.js";
import { Harness, textOf } from "../support/harness.js";

const ADMIN = { authorization: `Bearer ${testEnv({}).ADMIN_TOKEN}`, "content-type": "application/json" };
const CHAIRMAN = "5210000000000000101";

/** The code of the case the citizen filed, once the case worker has filed it. */

describe("acting on withdrawn consents, and reads through Zalo commands in the audit (issue 25)", function () {
  this.timeout(90_000);
  let h: Harness;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "withdrawn-"));
    h = await Harness.start({ env: { DATA_DIR: dataDir } });
  });
  after(async () => {
    await h?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function report(phone: string): Promise<{ code: string; c: ReturnType<Harness["citizen"]> }> {
    const c = h.citizen();
    const code = await fileReportWithContact(h, c, { name: "Hà Văn Tuấn", phone });
    await h.quiet(20_000);
    return { code, c };
  }
  const move = async (code: string, to: string) => {
    const res = await fetch(`${h.url}/api/v1/cases/${code}/transitions`, { method: "POST", headers: ADMIN, body: JSON.stringify({ to }) });
    expect(res.status, `to ${to}`).to.equal(200);
    await res.arrayBuffer();
    await h.quiet();
  };

  it("records an officer's #xem of the contact with surface zalo, and hides the phone once the call-back consent is withdrawn", async () => {
    const { code, c } = await report("0913000444");
    const chairman = h.citizen(CHAIRMAN);
    expect(textOf(await chairman.send(`#xem ${code}`))).to.include("0913000444");
    await h.quiet();
    const reads = await h.db.query<{ reader_id: string; what: string; surface: string }>(
      "SELECT reader_id, what, surface FROM access_audit WHERE case_code = $1",
      [code],
    );
    expect(reads).to.deep.equal([{ reader_id: "chu-tich", what: "contact", surface: "zalo" }]);

    await c.send("rút đồng ý gọi lại");
    await h.quiet();
    const seen = textOf(await chairman.send(`#xem ${code}`));
    expect(seen).to.include(code).and.include("Hà Văn Tuấn");
    expect(seen).to.not.include("0913000444");
    const detail = (await (await fetch(`${h.url}/api/v1/cases/${code}`, { headers: ADMIN })).json()) as {
      contact: { name: string | null; phone: string | null };
    };
    expect(detail.contact).to.deep.equal({ name: "Hà Văn Tuấn", phone: null });
  });

  it("asks no rating of one who withdrew the survey, and deletes the report's photos at closing when keeping them was withdrawn", async () => {
    const { code, c } = await report("0913000555");
    await c.send("rút đồng ý khảo sát");
    await c.send("rút đồng ý giữ ảnh");
    await h.quiet();
    mkdirSync(path.join(dataDir, "photos"), { recursive: true });
    for (const [position, proof] of [
      [0, false],
      [1, true],
    ] as const) {
      const stored = `photos/${code}-${position}.jpg`;
      writeFileSync(path.join(dataDir, stored), "jpeg");
      await h.db.query(
        "INSERT INTO case_photos (case_code, position, source_url, stored_path, content_type, bytes, proof) VALUES ($1, $2, $3, $4, 'image/jpeg', 4, $5)",
        [code, position, `http://127.0.0.1/p${position}.jpg`, stored, proof],
      );
    }

    await move(code, "acknowledged");
    await move(code, "resolved");
    const asked = await c.waitForReplies(1);
    expect(textOf(asked)).to.include("[Đã xử lý]");
    const answered = textOf(await c.tap("Đã xử lý"));
    expect(answered).to.not.include("hài lòng thế nào");

    await move(code, "closed");
    const left = await h.db.query<{ position: number; proof: boolean }>("SELECT position, proof FROM case_photos WHERE case_code = $1", [
      code,
    ]);
    expect(left).to.deep.equal([{ position: 1, proof: true }]);
    expect(existsSync(path.join(dataDir, `photos/${code}-0.jpg`))).to.equal(false);
    expect(existsSync(path.join(dataDir, `photos/${code}-1.jpg`))).to.equal(true);
  });
});
