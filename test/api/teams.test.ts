import { expect } from "chai";
import { Redis } from "ioredis";
import { apiRouter } from "../../src/api/router.js";
import { createApp } from "../../src/app.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { getOfficer } from "../../src/officers/officer-queries.js";
import { TeamRosters } from "../../src/officers/team-roster.js";
import { getTeam } from "../../src/officers/teams.js";
import { openTestDatabase } from "../support/db.js";
import { listenOnFreePort } from "../support/listen.js";
import { provinceOfTwo } from "../support/province.js";
import { TEST_REDIS_URL } from "../support/redis.js";

const ADMIN_TOKEN = "teams-admin-token-0123456789-abcdefghij";
const A = "kieu-phu";
const B = "phu-xa";
type Json = Record<string, unknown> & { error?: { code: string; fields?: { path: string; message: string }[] } };
interface TeamJson {
  id: string;
  name: string;
  active: boolean;
  fromConfig: boolean;
  requiredAs: string | null;
  openCases: number;
  casesGoTo: { teamId: string; teamName: string | null; pairs: { areaId: string | null; categoryId: string }[] }[];
}

describe("api/teams: a commune's teams made, renamed and deactivated by its admins (issue 24, postgres)", function () {
  this.timeout(60_000);
  let db: Database;
  let redis: Redis;
  let url: string;
  let close: () => Promise<void>;
  let a: CommuneConfig;
  let b: CommuneConfig;
  let rosters: TeamRosters;
  const token = {} as Record<"communeAdmin" | "communeAdminB" | "provinceAdmin" | "province" | "leader" | "lead" | "officer", string>;
  let n = 0;

  before(async () => {
    const province = provinceOfTwo();
    ({ a, b } = province);
    db = await openTestDatabase("postgres");
    await syncFromCommune(db, a);
    await syncFromCommune(db, b);
    rosters = new TeamRosters(db, province.communes);
    const make = async (key: keyof typeof token, communeId: string | null, role: string, teamId?: string) => {
      token[key] = (
        await createOfficer(db, communeId, {
          name: `Thử ${key}`,
          role: role as "officer",
          ...(teamId ? { teamId } : {}),
        })
      ).token;
    };
    await make("communeAdmin", A, "commune_admin");
    await make("communeAdminB", B, "commune_admin");
    await make("provinceAdmin", null, "province_admin");
    await make("province", null, "province");
    await make("leader", A, "leader");
    await make("lead", A, "lead", "trat-tu-bac");
    await make("officer", A, "officer", "trat-tu-bac");
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    const api = apiRouter({
      db,
      communes: province.communes,
      config: { ADMIN_TOKEN, DATA_DIR: "/nonexistent" },
      triggerDossierNotices: async () => {},
      onCaseTransition: async () => {},
      onCaseReassigned: async () => {},
      onCaseFiled: async () => {},
      onTeamsChanged: () => rosters.refresh(),
    });
    ({ url, close } = await listenOnFreePort(createApp({ redis, db, routers: [api] })));
  });
  after(async () => {
    await close?.();
    redis?.disconnect();
    await db?.close();
  });

  async function call(method: string, path: string, who: string, json?: unknown): Promise<{ status: number; json: Json }> {
    const headers: Record<string, string> = { authorization: `Bearer ${who}` };
    if (json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Json) : {} };
  }
  const teamsOf = async (communeId: string, who = ADMIN_TOKEN) =>
    (await call("GET", `/teams?communeId=${communeId}`, who)).json.teams as TeamJson[];
  const file = async (commune: CommuneConfig, category: string, areaId: string) =>
    (
      await fileCase(db, commune, {
        sourceKey: `teams:${++n}`,
        category,
        areaId,
        description: "Đống vật liệu phế thải đổ ra lề đường liên thôn",
        anonymous: true,
      })
    ).case;

  it("lists the file's teams in its order, each with where its new cases would go", async () => {
    const teams = await teamsOf(A, token.communeAdmin);
    expect(teams.map((t) => t.id)).to.deep.equal(a.teams.map((t) => t.id));
    expect(teams.every((t) => t.fromConfig && t.active)).to.equal(true);
    expect(teams.find((t) => t.id === "dia-chinh")).to.include({ requiredAs: "fallbackTeam" });
    expect(teams.find((t) => t.id === "mot-cua")).to.include({ requiredAs: "handoffTeam" });
    const moiTruong = teams.find((t) => t.id === "moi-truong")!;
    // Its two category rules skipped: the village's team where a village rule matches, else the fallback team.
    const goes = Object.fromEntries(moiTruong.casesGoTo.map((g) => [g.teamId, g.pairs]));
    expect(Object.keys(goes).sort()).to.deep.equal(["dia-chinh", "trat-tu-bac", "trat-tu-nam"]);
    expect(goes["trat-tu-bac"]).to.deep.include({ areaId: "dong-but", categoryId: "vat_lieu_phe_thai" });
    expect(goes["dia-chinh"]).to.deep.include({ areaId: null, categoryId: "ve_sinh_moi_truong" });
    // Ngọc Bài's waste already goes to trat-tu-nam by its own rule: not moi-truong's to give.
    expect(goes["trat-tu-nam"]).to.not.deep.include({ areaId: "ngoc-bai", categoryId: "vat_lieu_phe_thai" });
    expect(moiTruong.casesGoTo.find((g) => g.teamId === "trat-tu-bac")).to.include({ teamName: a.teams[0]!.name });
  });

  it("a commune admin creates a team (its id made from the name); strict bodies; a taken id is 409", async () => {
    const r = await call("POST", "/teams", token.communeAdmin, { name: "Tổ Môi trường Đồng Bụt" });
    expect(r.status, JSON.stringify(r.json)).to.equal(201);
    expect(r.json.team).to.deep.include({
      id: "to-moi-truong-dong-but",
      communeId: A,
      active: true,
      fromConfig: false,
      openCases: 0,
      casesGoTo: [],
    });
    expect((await teamsOf(A)).at(-1)).to.include({ id: "to-moi-truong-dong-but" });
    // The same name again gets the next free id.
    expect((await call("POST", "/teams", token.communeAdmin, { name: "Tổ Môi trường Đồng Bụt" })).json.team).to.include({
      id: "to-moi-truong-dong-but-2",
    });
    const typo = await call("POST", "/teams", token.communeAdmin, { name: "Tổ X", team: "x" });
    expect(typo.status).to.equal(400);
    expect(typo.json.error?.fields?.map((f) => f.path)).to.deep.equal(["team"]);
    expect(typo.json.error?.fields?.[0]?.message).to.match(/^unknown field/);
    expect((await call("POST", "/teams", token.communeAdmin, { name: "  " })).status).to.equal(400);
    expect((await call("POST", "/teams", token.communeAdmin, { id: "Có Dấu", name: "Tổ Y" })).status).to.equal(400);
    // Ids are the province's: B's team id is taken for A too.
    const taken = await call("POST", "/teams", token.communeAdmin, { id: "px-dia-chinh", name: "Tổ Y" });
    expect(taken.status).to.equal(409);
    expect(taken.json.error).to.include({ code: "conflict" });
    expect((await getTeam(db, "px-dia-chinh"))!.communeId).to.equal(B);
  });

  it("rights: a commune admin its own commune only; the province admin and the admin token any; readers read", async () => {
    // Naming another commune is 403; another commune's team is 404.
    expect((await call("GET", `/teams?communeId=${B}`, token.communeAdmin)).status).to.equal(403);
    expect((await call("POST", "/teams", token.communeAdmin, { communeId: B, name: "Tổ Z" })).status).to.equal(403);
    const otherTeam = await call("PATCH", "/teams/px-moi-truong", token.communeAdmin, { name: "Tổ của xã khác" });
    expect(otherTeam.status).to.equal(404);
    expect(otherTeam.json.error).to.include({ code: "team_not_found" });
    expect((await call("PATCH", "/teams/khong-co", token.communeAdmin, { name: "Tổ Z" })).status).to.equal(404);
    expect((await call("PATCH", "/teams/moi-truong", token.communeAdminB, { active: false })).status).to.equal(404);
    // The province admin names the commune (two communes here), and may act in either.
    expect((await call("POST", "/teams", token.provinceAdmin, { name: "Tổ Z" })).json.error).to.include({ code: "commune_required" });
    const inB = await call("POST", "/teams", token.provinceAdmin, { communeId: B, name: "Tổ Phản ứng nhanh" });
    expect(inB.status).to.equal(201);
    expect(inB.json.team).to.include({ communeId: B });
    expect((await call("PATCH", "/teams/px-moi-truong", ADMIN_TOKEN, { name: "Tổ Môi trường (Phú Xá)" })).status).to.equal(200);
    // Readers: the leader and the province's users list; neither changes.
    expect((await call("GET", `/teams?communeId=${A}`, token.leader)).status).to.equal(200);
    expect((await call("GET", `/teams?communeId=${B}`, token.province)).status).to.equal(200);
    expect((await call("POST", "/teams", token.leader, { name: "Tổ Z" })).status).to.equal(403);
    expect((await call("PATCH", "/teams/moi-truong", token.province, { active: false })).status).to.equal(403);
    expect((await call("PATCH", "/teams/moi-truong", token.lead, { active: false })).status).to.equal(403);
    expect((await call("GET", "/teams", token.officer)).status).to.equal(403);
    expect((await getTeam(db, "moi-truong"))!.active).to.equal(true);
  });

  it("a deactivated team gets no new case (its rules skipped, as a missing rule) and no member; reactivated, it does again", async () => {
    expect((await file(a, "vat_lieu_phe_thai", "dong-but")).teamId).to.equal("moi-truong");
    const off = await call("PATCH", "/teams/moi-truong", token.communeAdmin, { active: false });
    expect(off.status, JSON.stringify(off.json)).to.equal(200);
    expect(off.json.team).to.include({ active: false });
    expect((await file(a, "vat_lieu_phe_thai", "dong-but")).teamId).to.equal("trat-tu-bac");
    expect((await file(a, "ve_sinh_moi_truong", "yen-thai")).teamId).to.equal("trat-tu-nam");
    // B's team of the same rules is B's: still routed.
    expect((await file(b, "vat_lieu_phe_thai", "dong-but")).teamId).to.equal("px-moi-truong");
    // Its open case stays with it, and is counted.
    expect((await teamsOf(A)).find((t) => t.id === "moi-truong")).to.include({ active: false, openCases: 1 });
    // Nobody joins it, by the API or at creation.
    const officer = await createOfficer(db, A, { name: "Cán bộ mới" });
    const join = await call("PATCH", `/officers/${officer.officer.id}`, token.communeAdmin, { teamId: "moi-truong" });
    expect(join.status).to.equal(400);
    expect(join.json.error?.fields).to.deep.equal([{ path: "teamId", message: 'team "moi-truong" is deactivated: reactivate it first' }]);
    expect((await call("POST", "/officers", token.communeAdmin, { name: "Cán bộ khác", teamId: "moi-truong" })).status).to.equal(400);
    // Nor is it a hand-over target any more (the roster the API re-read).
    expect(a.teams.map((t) => t.id)).to.not.include("moi-truong");
    const code = (await file(a, "lan_chiem", "dong-but")).code;
    const handOver = await call("POST", `/cases/${code}/reassign`, ADMIN_TOKEN, { teamId: "moi-truong" });
    expect(handOver.status).to.equal(400);
    expect(handOver.json.error).to.include({ code: "unknown_team" });

    expect((await call("PATCH", "/teams/moi-truong", token.communeAdmin, { active: true })).status).to.equal(200);
    expect((await file(a, "vat_lieu_phe_thai", "dong-but")).teamId).to.equal("moi-truong");
    expect(a.teams.map((t) => t.id)).to.include("moi-truong");
  });

  it("the fallback and front-desk teams of the file stay active (409 team_required); a bad change is 400", async () => {
    for (const id of ["dia-chinh", "mot-cua"]) {
      const r = await call("PATCH", `/teams/${id}`, token.communeAdmin, { active: false });
      expect(r.status, id).to.equal(409);
      expect(r.json.error).to.include({ code: "team_required" });
      expect((await getTeam(db, id))!.active).to.equal(true);
    }
    expect((await call("PATCH", "/teams/moi-truong", token.communeAdmin, {})).status).to.equal(400);
    expect((await call("PATCH", "/teams/moi-truong", token.communeAdmin, { active: "no" })).status).to.equal(400);
    expect((await call("PATCH", "/teams/moi-truong", token.communeAdmin, { name: "X", communeId: A })).status).to.equal(400);
  });

  it("a team made on the page takes members and hand-overs; its name shows wherever the team is named", async () => {
    const made = (await call("POST", "/teams", token.communeAdmin, { id: "phan-ung-nhanh", name: "Tổ Phản ứng nhanh" })).json
      .team as TeamJson;
    const officer = (await createOfficer(db, A, { name: "Cán bộ Phản ứng" })).officer;
    const joined = await call("PATCH", `/officers/${officer.id}`, token.communeAdmin, { teamId: made.id });
    expect(joined.status, JSON.stringify(joined.json)).to.equal(200);
    expect(await getOfficer(db, officer.id)).to.include({ teamId: "phan-ung-nhanh" });
    const code = (await file(a, "lan_chiem", "dong-but")).code;
    const handOver = await call("POST", `/cases/${code}/reassign`, ADMIN_TOKEN, { teamId: "phan-ung-nhanh" });
    expect(handOver.status, JSON.stringify(handOver.json)).to.equal(200);
    expect(handOver.json.team).to.deep.equal({ id: "phan-ung-nhanh", name: "Tổ Phản ứng nhanh" });
    const commune = (await call("GET", `/commune?communeId=${A}`, token.communeAdmin)).json.teams as { id: string }[];
    expect(commune.map((t) => t.id)).to.include("phan-ung-nhanh");
  });

  it("the file seeds, the page's word wins: a page name and a deactivation outlive a restart; a file-only name follows the file", async () => {
    expect((await call("PATCH", "/teams/trat-tu-nam", token.communeAdmin, { name: "Tổ Trật tự phía Nam" })).status).to.equal(200);
    expect((await call("PATCH", "/teams/moi-truong", token.communeAdmin, { active: false })).status).to.equal(200);
    // A restart with a file that renames both teams and trat-tu-bac too.
    const renamed = provinceOfTwo().a;
    renamed.teams = renamed.teams.map((t) => ({ ...t, name: `${t.name} (tệp mới)` }));
    await syncFromCommune(db, renamed);
    const teams = await teamsOf(A);
    expect(teams.find((t) => t.id === "trat-tu-nam")).to.include({ name: "Tổ Trật tự phía Nam", active: true });
    expect(teams.find((t) => t.id === "moi-truong")).to.include({ active: false, name: `${renamed.teams[3]!.name}` });
    expect(teams.find((t) => t.id === "trat-tu-bac")!.name).to.match(/\(tệp mới\)$/);
    // A team made on the page that the file later lists: the file's now, its page name kept.
    const listed = provinceOfTwo().a;
    listed.teams.push({ id: "phan-ung-nhanh", name: "Tên trong tệp", officers: [] });
    await syncFromCommune(db, listed);
    expect((await teamsOf(A)).find((t) => t.id === "phan-ung-nhanh")).to.include({ fromConfig: true, name: "Tổ Phản ứng nhanh" });
    await call("PATCH", "/teams/moi-truong", token.communeAdmin, { active: true });
  });
});
