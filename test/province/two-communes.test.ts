import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { createOfficer } from "../../src/officers/create-officer.js";
import { type Citizen, Harness, textOf, trackingCodeOf } from "../support/harness.js";
import { OA_B, OA_B_TOKENS, PHU_XA_EAST_DEG, provinceOfTwo, provinceTokensFile } from "../support/province.js";
import { SANDBOX } from "../support/sign.js";
import { testEnv } from "../support/env.js";

// Issue 23's first "done when": two communes (two OAs) in one process answer their own citizens
// with their own token and name, a report goes to its commune's team, and commune A's officer
// meets 404 on B's case through every surface (API, Open311, Zalo commands).
describe("a province of two communes in one process", function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  const { a, b, communes } = provinceOfTwo();

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "province-"));
    h = await Harness.start({ communes, env: { ZALO_OA_TOKENS_FILE: await provinceTokensFile(dir), DATA_DIR: dir } });
    h.zalo.addOa(OA_B, OA_B_TOKENS);
  });
  after(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const trackingCode = (c: Citizen) => trackingCodeOf(c);

  /** Files a report pinned in a village of the commune whose OA `c` writes to (Phú Xá lies `east` of Kiều Phú). */
  async function report(c: Citizen, east = 0): Promise<string> {
    await c.send("phan anh");
    await c.tap("Xây dựng không có giấy phép");
    await c.act({ type: "location", latitude: 20.996, longitude: 105.605 + east });
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    return trackingCode(c);
  }

  const api = (token: string, url: string, init: RequestInit = {}) =>
    fetch(`${h.url}${url}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
    });

  let codeB: string;

  it("answers each citizen from their own commune's OA, with its token and its name", async () => {
    const ca = h.citizen(undefined, SANDBOX.oaId);
    const cb = h.citizen(undefined, OA_B);
    expect(textOf(await ca.send("giờ làm việc"))).to.include("Kiều Phú");
    const fromB = textOf(await cb.send("giờ làm việc"));
    expect(fromB).to.include("Phú Xá").and.not.include("Kiều Phú");
    expect(new Set(h.zalo.messagesFor(ca.userId).map((m) => m.oaId))).to.deep.equal(new Set([SANDBOX.oaId]));
    expect(new Set(h.zalo.messagesFor(cb.userId).map((m) => m.oaId))).to.deep.equal(new Set([OA_B]));
  });

  it("files a report sent to B's OA as B's case, with B's team, told from B's OA", async () => {
    const cb = h.citizen(undefined, OA_B);
    codeB = await report(cb, PHU_XA_EAST_DEG);
    const rows = await h.db.query<{ commune_id: string; team_id: string }>("SELECT commune_id, team_id FROM cases WHERE code = $1", [
      codeB,
    ]);
    expect(rows[0]!.commune_id).to.equal("phu-xa");
    expect(b.teams.map((t) => t.id)).to.include(rows[0]!.team_id);
    expect(h.zalo.messagesFor(cb.userId).every((m) => m.oaId === OA_B)).to.equal(true);
    await h.quiet();
    // B's on-duty officers hear of it on B's OA; nobody of A does.
    const told = h.zalo.allMessages.filter((m) => (m.message.text as string | undefined)?.includes(codeB) && m.userId !== cb.userId);
    expect(told.length).to.be.greaterThan(0);
    expect(told.every((m) => m.oaId === OA_B && m.userId.startsWith("6"))).to.equal(true);
  });

  it("A's officer meets 404 on B's case through the API, and sees none of B's cases", async () => {
    const { token: leaderA } = await createOfficer(h.db, a.id, { name: "Lãnh đạo Kiều Phú", role: "leader" });
    const { token: leaderB } = await createOfficer(h.db, b.id, { name: "Lãnh đạo Phú Xá", role: "leader" });
    expect((await api(leaderA, `/api/v1/cases/${codeB}`)).status).to.equal(404);
    expect((await api(leaderB, `/api/v1/cases/${codeB}`)).status).to.equal(200);
    const moved = await api(leaderA, `/api/v1/cases/${codeB}/transitions`, {
      method: "POST",
      body: JSON.stringify({ to: "acknowledged" }),
    });
    expect(moved.status).to.equal(404);
    const listA = (await (await api(leaderA, "/api/v1/cases?limit=100")).json()) as { cases: { code: string }[] };
    expect(listA.cases.map((c) => c.code)).not.to.include(codeB);
    expect((await api(leaderA, "/api/v1/cases?communeId=phu-xa")).status).to.equal(403);
    const officersA = (await (await api(leaderA, "/api/v1/officers")).json()) as { officers: { id: string }[] };
    expect(officersA.officers.some((o) => o.id.startsWith("px-"))).to.equal(false);
    const statsB = (await (await api(leaderB, "/api/v1/stats")).json()) as { cases: { total: number } };
    const statsA = (await (await api(leaderA, "/api/v1/stats")).json()) as { cases: { total: number } };
    expect(statsB.cases.total).to.be.greaterThan(0);
    expect(statsA.cases.total).to.equal(0);
  });

  it("gives the province each commune's figures and its own from their sums; a commune's leader gets 403", async () => {
    const ADMIN_TOKEN = testEnv().ADMIN_TOKEN!;
    const res = await api(ADMIN_TOKEN, "/api/v1/stats/province");
    expect(res.status).to.equal(200);
    type Figures = { dossiers: { total: number }; cases: { total: number; acknowledge: unknown } };
    const body = (await res.json()) as { communes: { id: string; stats: Figures }[]; province: Figures };
    expect(body.communes.map((c) => c.id)).to.deep.equal(["kieu-phu", "phu-xa"]);
    const sum = body.communes.reduce((n, c) => n + c.stats.cases.total, 0);
    expect(body.province.cases.total).to.equal(sum).and.be.greaterThan(0);
    expect((await api(ADMIN_TOKEN, "/api/v1/stats")).status).to.equal(400);
    expect((await api(ADMIN_TOKEN, "/api/v1/stats?communeId=phu-xa")).status).to.equal(200);
    const { token: leaderA } = await createOfficer(h.db, a.id, { name: "Chủ tịch Kiều Phú", role: "leader" });
    expect((await api(leaderA, "/api/v1/stats/province")).status).to.equal(403);
  });

  it("Open311 needs jurisdiction_id with two communes, and A's key reads B's request as the public does", async () => {
    const { token: keyA } = await createOfficer(h.db, a.id, { name: "Cán bộ Kiều Phú", role: "leader" });
    expect((await fetch(`${h.url}/open311/v2/requests.json`)).status).to.equal(400);
    expect((await fetch(`${h.url}/open311/v2/services.json?jurisdiction_id=nowhere`)).status).to.equal(400);
    const inB = await fetch(`${h.url}/open311/v2/requests/${codeB}.json?jurisdiction_id=phu-xa`, { headers: { "X-Api-Key": keyA } });
    expect(inB.status).to.equal(200);
    const [req] = (await inB.json()) as { description: string | null }[];
    expect(req!.description).to.equal(null);
    expect((await fetch(`${h.url}/open311/v2/requests/${codeB}.json?jurisdiction_id=kieu-phu`)).status).to.equal(404);
  });

  it("A's officer on Zalo does not find B's case", async () => {
    const hung = h.citizen("5210000000000000001", SANDBOX.oaId);
    expect(textOf(await hung.send(`#xem ${codeB}`))).not.to.include("Nhà số 12");
    const hungB = h.citizen("6210000000000000001", OA_B);
    expect(textOf(await hungB.send(`#xem ${codeB}`))).to.include("Nhà số 12");
  });
});
