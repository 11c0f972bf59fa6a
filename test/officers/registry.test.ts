import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { hashApiToken, issueApiToken } from "../../src/officers/api-tokens.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createOfficer, OfficerConflictError, UnknownTeamError } from "../../src/officers/create-officer.js";
import { ConfigOwnedError, deactivateOfficer, setOnDuty, updateOfficer } from "../../src/officers/officer-changes.js";
import {
  getOfficer,
  findByApiToken,
  findByZaloUserId,
  leaders,
  listOfficers,
  onDutyOfficersOfTeam,
  teamLead,
} from "../../src/officers/officer-queries.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

for (const backend of BACKENDS) {
  describe(`officer registry (${backend})`, () => {
    let db: Database;
    const config = exampleConfig();
    before(async () => {
      db = await openTestDatabase(backend);
    });
    after(async () => {
      await db?.close();
    });

    it("syncs teams, officers and leadership from the config, idempotently", async () => {
      await syncFromCommune(db, config);
      await syncFromCommune(db, config);
      const teams = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM teams");
      expect(teams[0]!.n).to.equal(config.teams.length);
      const all = await listOfficers(db, "kieu-phu");
      expect(all).to.have.length(config.teams.reduce((n, t) => n + t.officers.length, 0) + config.leadership.length);
      expect((await leaders(db, "kieu-phu")).map((o) => o.id)).to.deep.equal(["chu-tich", "pho-chu-tich"]);
      expect((await leaders(db, "kieu-phu"))[0]!.teamId).to.equal(null);
    });

    it("keeps on-duty flags, tokens and linked Zalo ids across syncs", async () => {
      await setOnDuty(db, "tran-thi-lan", false);
      await db.query("UPDATE officers SET zalo_user_id = 'self-linked' WHERE id = 'pham-minh-duc'");
      const token = await issueApiToken(db, "tran-thi-lan");
      await syncFromCommune(db, config);
      expect((await findByApiToken(db, token!))?.id).to.equal("tran-thi-lan");
      expect((await findByZaloUserId(db, "kieu-phu", "self-linked"))?.id).to.equal("pham-minh-duc");
      const onDuty = await onDutyOfficersOfTeam(db, "trat-tu-bac");
      expect(onDuty.map((o) => o.id)).to.deep.equal(["nguyen-van-hung", "pham-minh-duc"]);
      await setOnDuty(db, "tran-thi-lan", true);
    });

    it("finds the team lead and officers by Zalo id", async () => {
      expect((await teamLead(db, "trat-tu-nam"))?.id).to.equal("le-quang-vinh");
      expect(await teamLead(db, "no-team")).to.equal(null);
      expect((await findByZaloUserId(db, "kieu-phu", "5210000000000000004"))?.name).to.equal("Đỗ Thu Trang");
      expect(await findByZaloUserId(db, "kieu-phu", "nobody")).to.equal(null);
    });

    it("creates an officer with a one-time token stored only as a hash", async () => {
      const { officer, token } = await createOfficer(db, "kieu-phu", {
        id: "can-bo-moi",
        name: "Cán bộ Mới",
        teamId: "moi-truong",
        zaloUserId: "5210000000000000999",
      });
      expect(officer).to.include({ id: "can-bo-moi", role: "officer", teamId: "moi-truong", onDuty: true });
      expect(token).to.match(/^hl_/);
      const rows = await db.query<{ api_token_hash: string }>("SELECT api_token_hash FROM officers WHERE id = 'can-bo-moi'");
      expect(rows[0]!.api_token_hash).to.equal(hashApiToken(token)).and.not.include(token);
      expect((await findByApiToken(db, token))?.id).to.equal("can-bo-moi");
      expect(await findByApiToken(db, "hl_wrong")).to.equal(null);
      expect(await findByApiToken(db, "")).to.equal(null);
    });

    it("deactivation revokes the token at once, hides the officer from notices and survives a restart's sync", async () => {
      const token = await issueApiToken(db, "do-thu-trang");
      const keeper = await issueApiToken(db, "le-quang-vinh");
      expect((await findByApiToken(db, token!))?.id).to.equal("do-thu-trang");
      const off = await deactivateOfficer(db, "do-thu-trang");
      expect(off).to.include({ id: "do-thu-trang", active: false, fromConfig: true });
      expect(await findByApiToken(db, token!)).to.equal(null);
      expect(await findByZaloUserId(db, "kieu-phu", "5210000000000000004")).to.equal(null);
      expect((await onDutyOfficersOfTeam(db, "trat-tu-nam")).map((o) => o.id)).to.deep.equal(["le-quang-vinh"]);
      // Refused for the deactivated: on duty, a token.
      expect(await setOnDuty(db, "do-thu-trang", true)).to.equal(false);
      expect(await issueApiToken(db, "do-thu-trang")).to.equal(null);

      await syncFromCommune(db, config);
      expect(await getOfficer(db, "do-thu-trang")).to.include({ active: false });
      expect(await findByApiToken(db, token!)).to.equal(null);
      expect((await findByApiToken(db, keeper!))?.id).to.equal("le-quang-vinh");

      // Reactivated: back in the notices, but the old token stays revoked.
      expect(await updateOfficer(db, "do-thu-trang", { active: true })).to.include({ active: true });
      expect(await findByApiToken(db, token!)).to.equal(null);
      expect((await onDutyOfficersOfTeam(db, "trat-tu-nam")).map((o) => o.id)).to.deep.equal(["do-thu-trang", "le-quang-vinh"]);
    });

    it("a deactivated lead or leader is not escalated to", async () => {
      await deactivateOfficer(db, "le-quang-vinh");
      await deactivateOfficer(db, "pho-chu-tich");
      expect(await teamLead(db, "trat-tu-nam")).to.equal(null);
      expect((await leaders(db, "kieu-phu")).map((o) => o.id)).to.deep.equal(["chu-tich"]);
      await updateOfficer(db, "le-quang-vinh", { active: true });
      await updateOfficer(db, "pho-chu-tich", { active: true });
      expect((await teamLead(db, "trat-tu-nam"))?.id).to.equal("le-quang-vinh");
    });

    it("changes an officer; the config's fields of a config officer are refused", async () => {
      const { officer } = await createOfficer(db, "kieu-phu", { id: "doi-ten", name: "Tên Cũ", teamId: "moi-truong" });
      expect(officer).to.include({ active: true, fromConfig: false });
      const changed = await updateOfficer(db, "doi-ten", {
        name: "Tên Mới",
        role: "lead",
        teamId: "dia-chinh",
        zaloUserId: "5210000000000000888",
        onDuty: false,
      });
      expect(changed).to.include({ name: "Tên Mới", role: "lead", teamId: "dia-chinh", zaloUserId: "5210000000000000888", onDuty: false });
      expect(await updateOfficer(db, "khong-co-ai", { onDuty: false })).to.equal(null);
      await expectReject(updateOfficer(db, "doi-ten", { teamId: "khong-co" }), UnknownTeamError);
      await expectReject(updateOfficer(db, "doi-ten", { zaloUserId: "5210000000000000001" }), OfficerConflictError);
      await expectReject(updateOfficer(db, "nguyen-van-hung", { name: "Đổi tên", teamId: "dia-chinh" }), ConfigOwnedError);
      // The same values, on-duty and a Zalo id are fine for a config officer.
      expect(await updateOfficer(db, "nguyen-van-hung", { name: "Nguyễn Văn Hùng", onDuty: true })).to.include({ teamId: "trat-tu-bac" });
    });

    it("refuses a taken id or Zalo id and an unknown team", async () => {
      await expectReject(createOfficer(db, "kieu-phu", { id: "can-bo-moi", name: "X" }), OfficerConflictError);
      await expectReject(createOfficer(db, "kieu-phu", { name: "Y", zaloUserId: "5210000000000000999" }), OfficerConflictError);
      await expectReject(createOfficer(db, "kieu-phu", { name: "Z", teamId: "khong-co" }), UnknownTeamError);
    });
  });
}

async function expectReject(p: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(type);
    return;
  }
  expect.fail("should have been rejected");
}
