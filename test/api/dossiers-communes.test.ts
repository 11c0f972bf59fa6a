import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import { FOREIGN_DOSSIER_REASON } from "../../src/dossiers/import.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import type { ProcedureCatalogue } from "../../src/procedures/catalogue.js";
import { loadCatalogue } from "../../src/procedures/repository.js";
import { exampleConfig } from "../commune/fixture.js";
import { type ApiServer, startApi } from "./support.js";

// The officer API of a province of two communes: dossiers and procedure catalogues are imported
// into the caller's commune, and one commune's dossier is neither read nor changed from the other.

const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const csv = (...lines: string[]) => [HEADER, ...lines].join("\r\n") + "\r\n";
const KIEU_PHU_CODE = "000.00.21.H26-251126-0001";
const PHU_XA_CODE = "000.00.22.H26-251126-0002";
const RECORD = {
  procedure: "Chứng thực chữ ký",
  channel: "direct",
  status: 10,
  received_at: "26/11/2025 08:00",
  finished_at: "27/11/2025 09:00",
};

const phuXa = (): CommuneConfig => ({ ...exampleConfig(), id: "phu-xa", name: "Xã Phú Xá", zalo: { oaId: "3000000000000000001" } });

describe("api: dossiers and procedure catalogues of two communes (postgres)", function () {
  this.timeout(30_000);
  let api: ApiServer;
  const imported: { communeId: string; catalogue: ProcedureCatalogue }[] = [];
  const postCsv = (query: string, body: string, token?: string) =>
    api.call("POST", `/api/v1/dossiers/import${query}`, { headers: { "content-type": "text/csv" }, body, ...(token ? { token } : {}) });
  before(async () => {
    api = await startApi("postgres", {
      communes: new Communes([exampleConfig(), phuXa()]),
      onProceduresImported: (communeId, catalogue) => void imported.push({ communeId, catalogue }),
    });
    const first = await postCsv("?communeId=kieu-phu", csv(`${KIEU_PHU_CODE},Đăng ký kết hôn,online,4,26/11/2025 16:34,01/12/2025 17:00,`));
    expect(first.json).to.deep.include({ inserted: 1, rejected: [] });
  });
  after(async () => {
    await api?.close();
  });

  it("the admin names the commune to import into", async () => {
    const r = await postCsv("", csv(`${PHU_XA_CODE},Đăng ký khai sinh,direct,2,26/11/2025 08:00,,`));
    expect(r.status).to.equal(400);
    expect(r.json.error?.code).to.equal("commune_required");
  });

  it("an import into one commune rejects the row of another commune's dossier and leaves that dossier alone", async () => {
    const r = await postCsv(
      "?communeId=phu-xa",
      csv(
        `${KIEU_PHU_CODE},Chứng thực chữ ký,direct,10,26/11/2025 16:34,,27/11/2025 09:00`,
        `${PHU_XA_CODE},Đăng ký khai sinh,direct,2,26/11/2025 08:00,,`,
      ),
    );
    expect(r.status).to.equal(200);
    expect(r.json).to.deep.include({ read: 2, inserted: 1, updated: 0, statusChanges: 0 });
    expect(r.json.rejected).to.deep.equal([{ line: 2, reason: FOREIGN_DOSSIER_REASON }]);
    const theirs = await api.call("GET", `/api/v1/dossiers/${KIEU_PHU_CODE}?communeId=kieu-phu`);
    expect(theirs.json).to.deep.include({ status: 4 });

    const put = await api.call("PUT", `/api/v1/dossiers/${KIEU_PHU_CODE}?communeId=phu-xa`, { json: RECORD });
    expect(put.status).to.equal(409);
    expect(put.json.error?.code).to.equal("dossier_of_another_commune");
    expect((await api.call("GET", `/api/v1/dossiers/${KIEU_PHU_CODE}?communeId=kieu-phu`)).json).to.deep.include({ status: 4 });
  });

  it("an officer reads their commune's dossiers, never another's", async () => {
    const { token } = await createOfficer(api.db, "kieu-phu", { name: "Cán bộ một cửa", teamId: "dia-chinh" });
    expect((await api.call("GET", `/api/v1/dossiers/${KIEU_PHU_CODE}`, { token })).status).to.equal(200);
    const other = await api.call("GET", `/api/v1/dossiers/${PHU_XA_CODE}`, { token });
    expect(other.status).to.equal(404);
    expect(other.json.error?.code).to.equal("dossier_not_found");
    expect((await api.call("GET", `/api/v1/dossiers/${PHU_XA_CODE}?communeId=phu-xa`, { token })).status).to.equal(403);
    expect((await api.call("GET", `/api/v1/dossiers/${PHU_XA_CODE}?communeId=phu-xa`)).status).to.equal(200);
  });

  it("a procedure catalogue is imported into the named commune and reaches that commune's conversations only", async () => {
    const kieuPhuBefore = await loadCatalogue(api.db, "kieu-phu");
    const procedure = {
      id: "cap-phep-thu-gom",
      name: "Cấp phép thu gom phế liệu",
      source: "Quyết định của UBND xã",
      sourceDate: "2026-11-30",
    };
    expect((await api.call("POST", "/api/v1/procedures/import", { json: { procedures: [procedure] } })).json.error?.code).to.equal(
      "commune_required",
    );
    const r = await api.call("POST", "/api/v1/procedures/import?communeId=phu-xa", { json: { procedures: [procedure] } });
    expect(r.status).to.equal(200);
    expect(r.json).to.deep.include({ communeId: "phu-xa", imported: 1 });
    expect(imported.map((i) => [i.communeId, i.catalogue.procedures.map((p) => p.id)])).to.deep.equal([["phu-xa", ["cap-phep-thu-gom"]]]);
    expect((await loadCatalogue(api.db, "phu-xa")).procedures.map((p) => p.id)).to.deep.equal(["cap-phep-thu-gom"]);
    expect(await loadCatalogue(api.db, "kieu-phu")).to.deep.equal(kieuPhuBefore);
  });
});
