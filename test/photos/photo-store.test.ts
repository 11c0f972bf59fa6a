import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { expect } from "chai";
import { keepPhotoCopy, photoStoredPath } from "../../src/cases/photos.js";
import { openPhotoStore } from "../../src/photos/open-photo-store.js";
import { PhotoKeyError, type PhotoStore, type StoredPhoto } from "../../src/photos/photo-store.js";
import { sweepUnreferencedPhotos, SWEEP_GRACE_MS } from "../../src/cases/photos-sweep.js";
import { fileCase } from "../../src/cases/file-case.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { exampleConfig } from "../commune/fixture.js";
import { openTestDatabase } from "../support/db.js";
import { dirPhotoStore } from "../../src/photos/store-dir.js";
import { ADMIN_TOKEN, startApi, type ApiServer } from "../api/support.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { samplePng } from "../support/sample-png.js";
import { type LocalS3, startLocalS3 } from "../support/s3-server.js";
import { parseConfig } from "../../src/config.js";
import { testEnv } from "../support/env.js";

// Photos where every process can read them (issue 23): one contract for the directory store and
// the S3-compatible one (against a local S3 server), then the photo keeper and the officer API on S3.
describe("photo stores", function () {
  this.timeout(30_000);
  let s3: LocalS3;
  let dir: string;

  before(async () => {
    s3 = await startLocalS3();
    dir = await mkdtemp(path.join(tmpdir(), "photo-store-"));
  });
  after(async () => {
    await s3?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const stores: [string, () => PhotoStore][] = [
    ["dir", () => dirPhotoStore(path.join(dir, "shared"))],
    ["s3", () => s3.store("deployment-a/")],
  ];

  for (const [name, make] of stores) {
    describe(`the ${name} store`, () => {
      const png = samplePng();
      const key = photoStoredPath("ab".repeat(32), "image/png");

      it("puts, tells, gets and deletes a photo by key", async () => {
        const store = make();
        expect(await store.exists(key)).to.equal(false);
        expect(await store.get(key)).to.equal(null);
        await store.put(key, png, "image/png");
        expect(await store.exists(key)).to.equal(true);
        const got = await store.get(key);
        expect(got?.bytes).to.equal(png.length);
        expect((await buffer(got!.body)).equals(png)).to.equal(true);
        // Same key again (a photo kept twice): harmless.
        await store.put(key, png, "image/png");
        await store.delete(key);
        expect(await store.exists(key)).to.equal(false);
        expect(await store.get(key)).to.equal(null);
        await store.delete(key);
      });

      it("streams a local file in (an officer's upload)", async () => {
        const store = make();
        const file = path.join(dir, `${name}-upload.tmp`);
        const big = Buffer.concat([png, Buffer.alloc(300_000, 9)]);
        await writeFile(file, big);
        const k = photoStoredPath("cd".repeat(32), "image/png");
        await store.put(k, { file, bytes: big.length }, "image/png");
        expect((await buffer((await store.get(k))!.body)).equals(big)).to.equal(true);
      });

      it("refuses keys that would reach outside it", async () => {
        const store = make();
        for (const bad of ["../etc/passwd", "/etc/passwd", "photos/../../x.png", "photos//x.png", "photos/x y.png"]) {
          const err = await store.exists(bad).then(
            () => null,
            (e: unknown) => e,
          );
          expect(err, bad).to.be.instanceOf(PhotoKeyError);
        }
      });
    });
  }

  // The nightly purge of photos no case refers to walks the store's listing, so it reaches an S3
  // bucket as it does a directory (it read DATA_DIR/photos only).
  for (const [name, make] of [
    ["dir", () => dirPhotoStore(path.join(dir, "sweep"))],
    ["s3", () => s3.store("sweep/")],
  ] as [string, () => PhotoStore][]) {
    it(`the ${name} store lists its photos with their times, and the purge of unreferenced photos goes through it`, async () => {
      const store = make();
      const png = samplePng();
      const [referenced, orphan] = ["a", "b"].map((c) => photoStoredPath(c.repeat(64), "image/png")) as [string, string];
      const other = "photos/notes.txt";
      const nested = photoStoredPath("e".repeat(64), "image/png").replace("photos/", "photos/old/");
      for (const key of [referenced, orphan, other, nested]) await store.put(key, png, "image/png");
      const before = Date.now();
      const listed: StoredPhoto[] = [];
      for await (const p of store.list("photos/")) listed.push(p);
      expect(listed.map((p) => p.key).sort()).to.deep.equal([referenced, orphan, other].sort());
      for (const p of listed)
        expect(p.lastModified)
          .to.be.instanceOf(Date)
          .and.satisfy((d: Date) => d.getTime() <= before + 1000);
      expect(await collect(store.list("elsewhere/"))).to.deep.equal([]);

      const db = await openTestDatabase("pglite");
      try {
        const commune = exampleConfig();
        await syncFromCommune(db, commune);
        await fileCase(db, commune, {
          sourceKey: `sweep:${name}`,
          category: "lan_chiem",
          areaId: "dong-but",
          description: "Nhà số 12 đổ móng lấn ra mặt đường",
          anonymous: true,
          keptPhotos: [{ storedPath: referenced, contentType: "image/png", bytes: png.length, sha256: "a".repeat(64) }],
        });
        // Young photos stay (a keeper writes the photo before the row that refers to it).
        expect(await sweepUnreferencedPhotos(db, store)).to.equal(0);
        expect(await store.exists(orphan)).to.equal(true);
        // A day on: the photo no case refers to goes; the referenced one and what is not a kept photo stay.
        const later = Math.max(...listed.map((p) => p.lastModified.getTime())) + SWEEP_GRACE_MS + 60_000;
        expect(await sweepUnreferencedPhotos(db, store, later)).to.equal(1);
        expect(await store.exists(orphan)).to.equal(false);
        for (const key of [referenced, other, nested]) expect(await store.exists(key), key).to.equal(true);
        // The case lets go of it: the next purge removes it too.
        await db.query("UPDATE case_photos SET stored_path = NULL WHERE stored_path = $1", [referenced]);
        expect(await sweepUnreferencedPhotos(db, store, later)).to.equal(1);
        expect((await collect(store.list("photos/"))).map((p) => p.key)).to.deep.equal([other]);
      } finally {
        await db.close();
      }
    });
  }

  it("keeps separate deployments apart by prefix in one bucket", async () => {
    const key = photoStoredPath("ef".repeat(32), "image/png");
    await s3.store("deployment-a/").put(key, samplePng(), "image/png");
    expect(await s3.store("deployment-b/").exists(key)).to.equal(false);
  });

  it("is chosen by PHOTO_STORE (dir by default, under PHOTO_DIR or DATA_DIR)", async () => {
    const base = testEnv({ DATA_DIR: path.join(dir, "data") });
    const key = photoStoredPath("12".repeat(32), "image/png");
    await (await openPhotoStore(parseConfig(base))).put(key, samplePng(), "image/png");
    expect(await readdir(path.join(dir, "data", "photos"))).to.deep.equal([path.basename(key)]);
    const s3Env = {
      ...base,
      PHOTO_STORE: "s3",
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    await (await openPhotoStore(parseConfig(s3Env))).put(key, samplePng(), "image/png");
    expect(await s3.store().exists(key)).to.equal(true);
    expect(() => parseConfig({ ...base, PHOTO_STORE: "s3" })).to.throw(/S3_BUCKET: is required with PHOTO_STORE=s3/);
    expect(() => parseConfig({ ...s3Env, S3_SECRET_ACCESS_KEY: undefined })).to.throw(/give both, or neither/);
  });

  it("the photo keeper copies a chat's photo into the bucket", async () => {
    const png = samplePng(40, 30);
    const server: Server = createServer((_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end(png));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const store = s3.store("keeper/");
      const kept = await keepPhotoCopy(
        { dataDir: path.join(dir, "unused"), store, hosts: ["127.0.0.1"] },
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/p.png`,
      );
      expect((await buffer((await store.get(kept.storedPath))!.body)).equals(png)).to.equal(true);
      expect(await readdir(dir)).not.to.include("unused");
    } finally {
      server.close();
    }
  });

  describe("the officer API on S3", () => {
    let api: ApiServer;
    let dataDir: string;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "photo-api-"));
      api = await startApi("pglite", { config: { ADMIN_TOKEN, DATA_DIR: dataDir }, photos: s3.store("api/") });
    });
    after(async () => {
      await api?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("keeps an uploaded photo in the bucket and serves it from there", async () => {
      const lead = (await createOfficer(api.db, "kieu-phu", { name: "Cán bộ một cửa", role: "lead", teamId: "mot-cua" })).token;
      const png = samplePng(64, 48);
      const form = new FormData();
      form.append("channel", "counter");
      form.append("category", "lan_chiem");
      form.append("areaId", "ngoc-bai");
      form.append("description", "Hàng quán lấn chiếm vỉa hè trước cổng chợ từ sáng sớm");
      form.append("photo", new Blob([new Uint8Array(png)], { type: "image/png" }), "vi-pham.png");
      const filed = await fetch(`${api.url}/api/v1/cases`, { method: "POST", headers: { authorization: `Bearer ${lead}` }, body: form });
      const json = (await filed.json()) as { code: string; photos: number };
      expect(filed.status, JSON.stringify(json)).to.equal(201);
      expect(json.photos).to.equal(1);
      // Nothing kept on this process's disk: only the scratch folder of uploads, emptied.
      expect(await readdir(path.join(dataDir, "photos"))).to.deep.equal([]);
      const res = await fetch(`${api.url}/api/v1/cases/${json.code}/photos/1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("image/png");
      expect(res.headers.get("cache-control")).to.equal("no-store");
      expect(Buffer.from(await res.arrayBuffer()).equals(png)).to.equal(true);
      // Gone from the bucket: the API says the copy is missing.
      const rows = await api.db.query<{ stored_path: string }>("SELECT stored_path FROM case_photos WHERE case_code = $1", [json.code]);
      await s3.store("api/").delete(rows[0]!.stored_path);
      const missing = await fetch(`${api.url}/api/v1/cases/${json.code}/photos/1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(missing.status).to.equal(404);
    });
  });
});

async function collect(photos: AsyncIterable<StoredPhoto>): Promise<StoredPhoto[]> {
  const all: StoredPhoto[] = [];
  for await (const p of photos) all.push(p);
  return all;
}
