import { expect } from "chai";
import { fileReportWithContact } from "../support/filed-by.js";
import { Redis } from "ioredis";
import { Harness, type SeenReply } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";
import { everythingUnder } from "./support.js";

const PUBLIC = "https://hotline.example.gov.vn";

/** The code of the case the citizen filed, once the case worker has filed it. */

const linkIn = (replies: SeenReply[]): string => {
  const url = replies.flatMap((r) => r.buttons).find((b) => b.url)?.url;
  if (!url) throw new Error("no link button in the answer");
  return url;
};

describe("the file of a citizen's data through a one-time link, through the webhook (issue 25)", function () {
  this.timeout(60_000);
  let h: Harness;
  let redis: Redis;
  let ahead = 0;
  before(async () => {
    h = await Harness.start({ env: { PUBLIC_BASE_URL: PUBLIC }, clock: () => new Date(Date.now() + ahead) });
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  it("gives a link that names nobody, works once, and serves everything held in the commune", async () => {
    const c = h.citizen();
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const code = await fileReportWithContact(h, c, { name: "Trần Văn Bình", phone });
    await h.quiet(20_000);

    const answer = await c.send("tổng đài lưu gì về tôi");
    const link = linkIn(answer);
    expect(link.startsWith(`${PUBLIC}/du-lieu-ca-nhan/`)).to.equal(true);
    for (const secret of [c.userId, phone.slice(1), "Bình"]) expect(link).to.not.include(secret);
    await h.quiet();
    // Redis keeps the token's hash, never the token.
    const token = link.split("/").at(-1)!;
    expect(await everythingUnder(redis, h.prefix)).to.not.include(token);

    const local = link.replace(PUBLIC, h.url);
    const page = await fetch(local);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.include("một lần").and.include('method="post"');
    // Looking at the page (a link preview) does not spend the download.
    expect((await fetch(local)).status).to.equal(200);

    const file = await fetch(local, { method: "POST" });
    expect(file.status).to.equal(200);
    expect(file.headers.get("content-disposition")).to.include("attachment").and.include(".json");
    const data = (await file.json()) as {
      communeId: string;
      account: { userId: string };
      reportedCases: { code: string; contactPhone: string | null; contactName: string | null; description: string }[];
      requests: { kind: string }[];
    };
    expect(data.communeId).to.equal("kieu-phu");
    expect(data.account.userId).to.equal(c.userId);
    expect(data.reportedCases.map((r) => r.code)).to.deep.equal([code]);
    expect(data.reportedCases[0]!.contactName).to.equal("Trần Văn Bình");
    expect(data.reportedCases[0]!.contactPhone).to.include(phone.slice(1));
    expect(data.requests.map((r) => r.kind)).to.include("access");

    const again = await fetch(local, { method: "POST" });
    expect(again.status).to.equal(410);
    expect(await again.text()).to.include("đã được dùng");
    const look = await fetch(local);
    expect(look.status).to.equal(410);
    await look.arrayBuffer();
  });

  it("refuses an expired or unknown link with a 410 page in Vietnamese", async () => {
    const c = h.citizen();
    const local = linkIn(await c.send("xem dữ liệu của tôi")).replace(PUBLIC, h.url);
    await h.quiet();
    ahead = 25 * 3600_000;
    try {
      for (const method of ["GET", "POST"]) {
        const res = await fetch(local, { method });
        expect(res.status, method).to.equal(410);
        expect(await res.text()).to.include("hết hạn");
      }
    } finally {
      ahead = 0;
    }
    const unknown = await fetch(`${h.url}/du-lieu-ca-nhan/${"A".repeat(43)}`, { method: "POST" });
    expect(unknown.status).to.equal(410);
    expect(await unknown.text()).to.include("không còn hiệu lực");
  });
});
