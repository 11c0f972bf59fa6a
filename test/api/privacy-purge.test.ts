import { expect } from "chai";
import { createOfficer } from "../../src/officers/create-officer.js";
import { DEFAULT_RETENTION_DAYS } from "../../src/privacy/settings.js";
import { BACKENDS } from "../support/db.js";
import { type ApiServer, startApi } from "./support.js";

// Issue 25: what the nightly retention purge did, per kind of data, on the admin's page.
for (const backend of BACKENDS) {
  describe(`the retention purge's report in the API (${backend})`, function () {
    this.timeout(30_000);
    let api: ApiServer;
    before(async () => {
      api = await startApi(backend);
      for (const [at, photos] of [
        ["2027-03-09T19:30:00Z", 4],
        ["2027-03-10T19:30:00Z", 2],
      ] as const)
        await api.db.query("INSERT INTO privacy_purges (commune_id, ran_at, counts) VALUES ('kieu-phu', $1, $2)", [
          new Date(at),
          JSON.stringify({ closedCasePhotos: photos, accessAudit: 1 }),
        ]);
      await api.db.query("INSERT INTO privacy_purges (commune_id, ran_at, counts) VALUES ('phu-xa', $1, $2)", [
        new Date("2027-03-11T19:30:00Z"),
        JSON.stringify({ closedCasePhotos: 9 }),
      ]);
    });
    after(async () => {
      await api?.close();
    });

    it("gives the commune's latest run with its counts per kind and the periods in force, or the last few", async () => {
      const { status, json } = await api.call("GET", "/api/v1/privacy/purge");
      expect(status).to.equal(200);
      expect(json).to.deep.equal({
        communeId: "kieu-phu",
        retentionDays: { ...DEFAULT_RETENTION_DAYS },
        runs: [{ ranAt: "2027-03-10T19:30:00.000Z", counts: { closedCasePhotos: 2, accessAudit: 1 } }],
      });
      const two = await api.call("GET", "/api/v1/privacy/purge?limit=2");
      expect((two.json.runs as { ranAt: string }[]).map((r) => r.ranAt)).to.deep.equal([
        "2027-03-10T19:30:00.000Z",
        "2027-03-09T19:30:00.000Z",
      ]);
      expect((await api.call("GET", "/api/v1/privacy/purge?limit=0")).status).to.equal(400);
      expect((await api.call("GET", "/api/v1/privacy/purge?since=2027")).status).to.equal(400);
    });

    it("is not for an officer", async () => {
      const o = await createOfficer(api.db, "kieu-phu", { id: `purge-${backend}`, name: "Cán bộ Nam" });
      expect((await api.call("GET", "/api/v1/privacy/purge", { token: o.token })).status).to.equal(403);
    });
  });
}
