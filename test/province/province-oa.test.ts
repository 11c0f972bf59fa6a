import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { type Citizen, Harness, textOf, trackingCodeOf } from "../support/harness.js";
import { OA_B, OA_B_TOKENS, pinIn, provinceOfTwo, provinceTokensFile } from "../support/province.js";
import { testConnection } from "../support/redis.js";
import { SANDBOX } from "../support/sign.js";

/** The province-wide OA of the test province, and the token pair the fake Zalo knows it by. */
const OA_P = "4000000000000000001";
const OA_P_TOKENS = { accessToken: "oa-p-access-token-1", refreshToken: "oa-p-refresh-token-1" };

// Issue 24: a province that runs one OA for all its communes. Kiều Phú and Phú Xá keep their own
// OAs; the province OA serves both, the commune chosen per conversation.
describe("the province-wide OA: the commune chosen per conversation", function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  const { a, b } = provinceOfTwo();
  // Phú Xá's villages get names of their own, so that a village names one commune.
  b.areas = {
    ...b.areas,
    features: b.areas.features.map((f, i) => ({ ...f, properties: { ...f.properties, name: `Thôn Xá Đoài ${i + 1}`, aliases: [] } })),
  };
  for (const c of [a, b]) c.province = { name: "Thành phố Hà Nội", hotline: "1022" };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "province-oa-"));
    const tokens = await provinceTokensFile(dir);
    await writeFile(tokens, JSON.stringify({ ...JSON.parse(await readFile(tokens, "utf8")), [OA_P]: OA_P_TOKENS }));
    h = await Harness.start({
      communes: new Communes([a, b], { oaId: OA_P }),
      env: { ZALO_OA_TOKENS_FILE: tokens, DATA_DIR: dir, REDIS_SHARDS: "4" },
    });
    h.zalo.addOa(OA_B, OA_B_TOKENS);
    h.zalo.addOa(OA_P, OA_P_TOKENS);
  });
  after(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const onlyFromProvinceOa = (c: Citizen) =>
    expect(new Set(h.zalo.messagesFor(c.userId).map((m) => m.oaId))).to.deep.equal(new Set([OA_P]));

  const trackingCode = (c: Citizen) => trackingCodeOf(c);

  async function caseOf(code: string) {
    const rows = await h.db.query<{ commune_id: string; team_id: string }>("SELECT commune_id, team_id FROM cases WHERE code = $1", [code]);
    return rows[0]!;
  }

  it("a pin in B files B's case, answered from the province OA", async () => {
    const c = h.citizen(undefined, OA_P);
    const asked = textOf(await c.send("phan anh"));
    expect(asked).to.include("xã, phường nào");
    await c.act({ type: "location", ...pinIn(b) });
    const said = textOf(c.all());
    expect(said).to.include("UBND xã Phú Xá");
    await c.tap("Xây dựng không có giấy phép");
    await c.act({ type: "location", ...pinIn(b) });
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    const code = await trackingCode(c);
    const row = await caseOf(code);
    expect(row.commune_id).to.equal("phu-xa");
    expect(b.teams.map((t) => t.id)).to.include(row.team_id);
    await h.quiet();
    // B's officer moves the case later: the reporter hears of it through the province OA too.
    const { token } = await createOfficer(h.db, b.id, { name: "Lãnh đạo Phú Xá", role: "leader" });
    const moved = await fetch(`${h.url}/api/v1/cases/${code}/transitions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ to: "acknowledged" }),
    });
    expect(moved.status).to.equal(200);
    const notice = textOf(await c.waitForReplies(1));
    expect(notice).to.include(code);
    onlyFromProvinceOa(c);
    // The conversation's keys stayed under the province OA's shard: none under B's.
    const [home, shardB] = [await h.shardOf("@province"), await h.shardOf("phu-xa")];
    const redis = testConnection();
    const userKeys = async (p: string) => (await redis.keys(`{${p}}:*${c.userId}*`)).length;
    expect(await userKeys(home)).to.be.greaterThan(0);
    if (home !== shardB) expect(await userKeys(shardB)).to.equal(0);
    redis.disconnect();
  });

  it("a village of A named files in A", async () => {
    const c = h.citizen(undefined, OA_P);
    const first = textOf(await c.send("đống rác ở cổng làng Đồng Bụt lâu ngày không ai dọn"));
    expect(first).to.include("UBND xã Kiều Phú").and.not.include("xã, phường nào");
    expect(first).not.to.include("Phú Xá");
    await c.tap("Đúng địa điểm này");
    await c.tap("Bỏ qua ảnh");
    await c.send("Đống rác to chắn nửa lối đi vào làng từ tuần trước");
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    const row = await caseOf(await trackingCode(c));
    expect(row.commune_id).to.equal("kieu-phu");
    expect(a.teams.map((t) => t.id)).to.include(row.team_id);
    await h.quiet();
    onlyFromProvinceOa(c);
  });

  it("asks with buttons when nothing tells the commune; a typed answer works and the first message is answered", async () => {
    const c = h.citizen(undefined, OA_P);
    const asked = await c.send("giờ làm việc");
    expect(asked.flatMap((r) => r.buttons.map((x) => x.title))).to.include.members([a.name, b.name]);
    expect(textOf(await c.send("ok"))).to.include("chưa rõ");
    const answered = textOf(await c.send("phu xa"));
    expect(answered).to.include("UBND xã Phú Xá");
    // The first message, kept while the hotline asked, answered in Phú Xá's words.
    expect(answered).to.include(b.hotline);
    // Kept for the conversation: the next message needs no choice.
    expect(textOf(await c.send("giờ làm việc"))).not.to.include("xã, phường nào");
    onlyFromProvinceOa(c);
  });

  it("a tapped button chooses too, and naming the other commune moves the conversation", async () => {
    const c = h.citizen(undefined, OA_P);
    await c.act({ type: "follow" });
    expect(textOf(await c.tap(a.name))).to.include("UBND xã Kiều Phú");
    expect(textOf(await c.send("tôi muốn hỏi xã Phú Xá"))).to.include("UBND xã Phú Xá");
  });

  it("a pin outside every commune gets the province's hotline, and the question again", async () => {
    const c = h.citizen(undefined, OA_P);
    const said = textOf(await c.act({ type: "location", latitude: 10.77, longitude: 106.7 }));
    expect(said).to.include("1022").and.include("xã, phường nào");
  });

  it("never counts an event for the province OA as an unknown OA, and the communes' OAs work as before", async () => {
    // The metrics are the test process's (other files' unknown OAs may be counted there already):
    // what matters is that this event adds nothing to the count.
    const unknownOas = async () => {
      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      return metrics
        .split("\n")
        .filter((l) => l.startsWith("hotline_webhook_events_total{") && l.includes('outcome="unknown_oa"'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
    };
    const before = await unknownOas();
    const c = h.citizen(undefined, OA_P);
    const res = await h.post({ type: "text", text: "xin chào" }, c.userId, undefined, OA_P);
    expect(res.status).to.equal(200);
    expect(await unknownOas()).to.equal(before);
    const ca = h.citizen(undefined, SANDBOX.oaId);
    expect(textOf(await ca.send("giờ làm việc")))
      .to.include("Kiều Phú")
      .and.not.include("xã, phường nào");
  });
});

// The province that runs only the province OA: its communes have no OA of their own, and their
// officers are on the province OA (their zaloUserId is their id there).
describe("a province with one OA for all its communes", function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  const { a, b } = provinceOfTwo();
  delete a.zalo;
  delete b.zalo;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "province-oa-only-"));
    const tokens = path.join(dir, "oa-tokens.json");
    await writeFile(tokens, JSON.stringify({ [OA_P]: OA_P_TOKENS }));
    h = await Harness.start({
      communes: new Communes([a, b], { oaId: OA_P }),
      env: { ZALO_OA_TOKENS_FILE: tokens, DATA_DIR: dir },
    });
    h.zalo.addOa(OA_P, OA_P_TOKENS);
  });
  after(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("files a citizen's report in the commune of the pin, and that commune's officers hear of it on the province OA", async () => {
    const c = h.citizen(undefined, OA_P);
    expect(textOf(await c.send("phan anh"))).to.include("xã, phường nào");
    await c.tap(b.name);
    await c.tap("Xây dựng không có giấy phép");
    await c.act({ type: "location", ...pinIn(b) });
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
    await c.tap("Ẩn danh");
    await c.tap("Gửi");
    await h.quiet();
    const code = /PA-\d{6}-[A-Z0-9]{4}/.exec(textOf(c.all()))?.[0];
    expect(code, textOf(c.all())).to.be.a("string");
    const rows = await h.db.query<{ commune_id: string }>("SELECT commune_id FROM cases WHERE code = $1", [code]);
    expect(rows[0]!.commune_id).to.equal("phu-xa");
    const told = h.zalo.allMessages.filter((m) => (m.message.text as string | undefined)?.includes(code!) && m.userId !== c.userId);
    expect(told.length).to.be.greaterThan(0);
    // Phú Xá's officers (ids starting 6), through the province OA; nobody of Kiều Phú.
    expect(told.every((m) => m.oaId === OA_P && m.userId.startsWith("6"))).to.equal(true);
    expect(new Set(h.zalo.messagesFor(c.userId).map((m) => m.oaId))).to.deep.equal(new Set([OA_P]));
    // Phú Xá's officer, on the province OA, is their commune's officer there: the command answers.
    const hung = h.citizen("6210000000000000001", OA_P);
    expect(textOf(await hung.send(`#xem ${code!}`)))
      .to.include("Nhà số 12")
      .and.not.include("xã, phường nào");
    // Kiều Phú's officer sees none of Phú Xá's case.
    const kp = h.citizen("5210000000000000001", OA_P);
    expect(textOf(await kp.send(`#xem ${code!}`))).not.to.include("Nhà số 12");
  });
});
