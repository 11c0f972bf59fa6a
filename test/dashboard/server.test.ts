import { type Listening, listenOnFreePort } from "../support/listen.js";
import type { Queue } from "bullmq";
import { expect } from "chai";
import { Redis } from "ioredis";
import { AuthFailureLimiter } from "../../src/api/auth-failures.js";
import { createApp } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import { BOARD_SESSION_SECONDS, isBoardSession, newBoardSession } from "../../src/dashboard/board-session.js";
import { dashboardCsp, tileSource } from "../../src/dashboard/csp.js";
import { queueBoardRouter } from "../../src/dashboard/queue-board.js";
import { dashboardRouter } from "../../src/dashboard/router.js";
import type { Database } from "../../src/db/database.js";
import { createQueue } from "../../src/queues/factory.js";
import { QUEUE } from "../../src/queues/names.js";
import { openTestDatabase } from "../support/db.js";
import { testEnv } from "../support/env.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

const ADMIN = "dashboard-admin-token-0123456789-abcdef";
const TILES = "https://{s}.tiles.example.vn/osm/{z}/{x}/{y}.png";

describe("dashboard: the page's files, its CSP, MAP_TILE_URL", function () {
  this.timeout(30_000);
  let db: Database;
  let redis: Redis;
  let server: Listening | undefined;
  let url: string;
  let queues: Queue[];
  let prefix: string;
  let now = new Date("2026-11-30T08:00:00Z");

  before(async () => {
    db = await openTestDatabase("postgres");
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    prefix = uniquePrefix("board");
    queues = Object.values(QUEUE).map((name) => createQueue(name, { connection: redis, prefix }));
    const failures = new AuthFailureLimiter({ maxFailures: 5 });
    const app = createApp({
      redis,
      db,
      routers: [
        dashboardRouter({ mapTileUrl: TILES, communeName: 'Xã "Kiều" <Phú>' }),
        queueBoardRouter({ queues, adminToken: ADMIN, failures, clock: () => now }),
      ],
    });
    server = await listenOnFreePort(app);
    url = server.url;
  });
  after(async () => {
    await server?.close();
    await Promise.all(queues.map((q) => q.close()));
    redis?.disconnect();
    await dropPrefix(prefix);
    await db?.close();
  });

  it("MAP_TILE_URL: the OpenStreetMap tiles by default; a template with {z}/{x}/{y} required", () => {
    expect(parseConfig(testEnv()).MAP_TILE_URL).to.equal("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    expect(parseConfig(testEnv({ MAP_TILE_URL: TILES })).MAP_TILE_URL).to.equal(TILES);
    expect(() => parseConfig(testEnv({ MAP_TILE_URL: "https://tiles.example.vn/map.png" }))).to.throw(
      /MAP_TILE_URL: must be a tile URL template/,
    );
    expect(() => parseConfig(testEnv({ MAP_TILE_URL: "ftp://tiles.example.vn/{z}/{x}/{y}.png" }))).to.throw(/MAP_TILE_URL/);
  });

  it("the CSP allows the hotline itself and images from the tile host, nothing more", () => {
    expect(tileSource("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).to.equal("https://tile.openstreetmap.org");
    expect(tileSource(TILES)).to.equal("https://*.tiles.example.vn");
    expect(tileSource("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png")).to.equal("http://10.0.0.5:8080");
    expect(dashboardCsp(TILES)).to.equal(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://*.tiles.example.vn; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("serves the page with that CSP, the commune's name and tile URL escaped, scripts from the hotline only", async () => {
    const res = await fetch(`${url}/dashboard`);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-security-policy")).to.equal(dashboardCsp(TILES));
    expect(res.headers.get("content-type")).to.equal("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).to.contain("Xã &#34;Kiều&#34; &#60;Phú&#62;").and.not.contain("<Phú>");
    expect(html).to.contain(`data-tiles="${TILES}"`);
    const sources = [...html.matchAll(/(?:src="|<link [^>]*href=")([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).to.be.greaterThan(3);
    for (const s of sources) expect(s, s).to.match(/^\/dashboard\//);
  });

  it("files from memory: gzipped when accepted, an ETag and 304, no-cache; unknown names 404", async () => {
    const plain = await fetch(`${url}/dashboard/vendor/leaflet.js`, { headers: { "accept-encoding": "identity" } });
    const body = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get("content-type")).to.equal("text/javascript; charset=utf-8");
    expect(plain.headers.get("cache-control")).to.equal("no-cache");
    expect(body.toString("utf8", 0, 200)).to.contain("Leaflet");
    const gz = await fetch(`${url}/dashboard/vendor/leaflet.js`, { headers: { "accept-encoding": "gzip" } });
    // fetch inflates the body itself; the headers tell what went over the wire (about a third).
    expect(gz.headers.get("content-encoding")).to.equal("gzip");
    expect(Buffer.from(await gz.arrayBuffer()).equals(body)).to.equal(true);
    const again = await fetch(`${url}/dashboard/app/app.js`, { headers: { "if-none-match": plain.headers.get("etag") ?? "" } });
    expect(again.status).to.equal(200);
    const etag = (await fetch(`${url}/dashboard/app/app.js`)).headers.get("etag")!;
    expect((await fetch(`${url}/dashboard/app/app.js`, { headers: { "if-none-match": etag } })).status).to.equal(304);
    for (const p of [
      "/dashboard/vendor/package.json",
      "/dashboard/app/globals.d.ts",
      "/dashboard/app/..%2F..%2Fconfig.ts",
      "/dashboard/app/index.html",
    ]) {
      expect((await fetch(url + p)).status, p).to.equal(404);
    }
  });

  it("board sessions: signed by the admin token, 15 minutes, refused when changed or expired", () => {
    const s = newBoardSession(ADMIN, now);
    expect(isBoardSession(s, ADMIN, now)).to.equal(true);
    expect(isBoardSession(s, ADMIN, new Date(now.getTime() + BOARD_SESSION_SECONDS * 1000 - 1))).to.equal(true);
    expect(isBoardSession(s, ADMIN, new Date(now.getTime() + BOARD_SESSION_SECONDS * 1000))).to.equal(false);
    expect(isBoardSession(s, `${ADMIN}-rotated`, now)).to.equal(false);
    const [exp, sig] = s.split(".");
    expect(isBoardSession(`${Number(exp) + 3_600_000}.${sig}`, ADMIN, now)).to.equal(false);
    expect(isBoardSession(`${exp}.${sig!.slice(0, -1)}A`, ADMIN, now)).to.equal(sig!.endsWith("A"));
  });

  it("/admin/queues: the admin token only, as Bearer or as the short cookie the dashboard gets", async () => {
    expect((await fetch(`${url}/admin/queues/`)).status).to.equal(401);
    expect((await fetch(`${url}/admin/queues/`, { headers: { authorization: "Bearer an-officer-token-0123456789" } })).status).to.equal(
      401,
    );
    const page = await fetch(`${url}/admin/queues/`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(page.status).to.equal(200);
    expect(page.headers.get("content-security-policy")).to.contain("script-src 'self'").and.not.contain("googleapis");
    const listed = await fetch(`${url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const names = ((await listed.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).to.have.members(Object.values(QUEUE));

    expect((await fetch(`${url}/admin/queues/session`, { method: "POST" })).status).to.equal(401);
    const session = await fetch(`${url}/admin/queues/session`, { method: "POST", headers: { authorization: `Bearer ${ADMIN}` } });
    expect(session.status).to.equal(204);
    const setCookie = session.headers.get("set-cookie")!;
    expect(setCookie).to.match(/^hotline_board=\d+\.[\w-]+; Max-Age=900; Path=\/admin\/queues; Expires=.+; HttpOnly; SameSite=Strict$/);
    expect(setCookie).to.not.contain(ADMIN);
    const cookie = setCookie.split(";")[0]!;
    expect((await fetch(`${url}/admin/queues/api/queues`, { headers: { cookie } })).status).to.equal(200);
    // A change with the cookie must come from the hotline's own page.
    const pause = `${url}/admin/queues/api/queues/${QUEUE.photos}/pause`;
    expect((await fetch(pause, { method: "PUT", headers: { cookie, origin: "https://evil.example" } })).status).to.equal(403);
    expect((await fetch(pause, { method: "PUT", headers: { cookie } })).status).to.equal(403);
    expect((await fetch(pause, { method: "PUT", headers: { cookie, origin: url } })).status).to.equal(200);
    expect(await queues.find((q) => q.name === QUEUE.photos)!.isPaused()).to.equal(true);
    // Fifteen minutes later the cookie is worth nothing.
    now = new Date(now.getTime() + BOARD_SESSION_SECONDS * 1000);
    expect((await fetch(`${url}/admin/queues/api/queues`, { headers: { cookie } })).status).to.equal(401);
  });

  it("wrong board tokens count with the other doors' failures: 429 past the limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(`${url}/admin/queues/`, { headers: { authorization: `Bearer wrong-${i}-0123456789` } })).status);
    // One wrong token was spent in the previous test (5 allowed in all).
    expect(statuses).to.deep.equal([401, 401, 401, 401, 429, 429]);
    expect((await fetch(`${url}/admin/queues/`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).to.equal(200);
  });
});
