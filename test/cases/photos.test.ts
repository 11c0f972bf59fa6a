import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { hostAllowance, isPublicAddress, PhotoDownloadError } from "../../src/cases/photo-download.js";
import { keepCasePhotos, keepPhotoCopy, type PhotoKeeperOptions } from "../../src/cases/photos.js";
import { stripPhotoMetadata } from "../../src/cases/photos-metadata.js";
import { dirPhotoStore } from "../../src/photos/store-dir.js";
import { sweepUnreferencedPhotos, SWEEP_GRACE_MS } from "../../src/cases/photos-sweep.js";
import { jpegWithGps, SAMPLE_GPS } from "../support/sample-jpeg.js";
import { getCase } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";

// A 1×1 transparent PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("photo keeper", () => {
  let server: Server;
  let base: string;
  let hits = 0;
  before(async () => {
    server = createServer((req, res) => {
      hits++;
      const url = req.url ?? "/";
      if (url === "/gps.jpg" || url === "/gps-again.jpg") {
        // The same picture twice, its metadata differing (a trailer the phone added the second time).
        const jpeg = jpegWithGps(6);
        res.writeHead(200, { "content-type": "image/jpeg" }).end(url === "/gps.jpg" ? jpeg : Buffer.concat([jpeg, Buffer.from("second")]));
      } else if (url.startsWith("/photo.png") || url.startsWith("/same.png")) {
        res.writeHead(200, { "content-type": "image/png" }).end(PNG);
      } else if (url === "/page.html") {
        res.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
      } else if (url === "/fake.png") {
        res.writeHead(200, { "content-type": "image/png" }).end("not really a png");
      } else if (url === "/big.jpg") {
        res.writeHead(200, { "content-type": "image/jpeg" }).end(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(2048)]));
      } else if (url === "/slow.png") {
        setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(PNG), 1000);
      } else if (url === "/drip.png") {
        // A byte at a time, forever: no pause is long enough for an idle timeout to fire.
        res.writeHead(200, { "content-type": "image/png" });
        const drip = setInterval(() => res.write(PNG.subarray(0, 1)), 100);
        res.on("close", () => clearInterval(drip));
      } else if (url === "/chunked-big.png") {
        res.writeHead(200, { "content-type": "image/png" });
        res.write(PNG);
        res.end(Buffer.alloc(4096));
      } else if (url.startsWith("/redirect?to=")) {
        res.writeHead(302, { location: decodeURIComponent(url.slice("/redirect?to=".length)) }).end();
      } else if (url === "/loop") {
        res.writeHead(301, { location: "/loop" }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  const dirs: string[] = [];
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const dir = () => {
    const d = mkdtempSync(path.join(tmpdir(), "photos-"));
    dirs.push(d);
    return d;
  };
  /** The test server is allowed by its address, exactly (as an operator would name a host). */
  const keeper = (dataDir: string, extra: Partial<PhotoKeeperOptions> = {}): PhotoKeeperOptions => ({
    dataDir,
    hosts: ["127.0.0.1"],
    ...extra,
  });
  /** The failure kind of keeping `url`, or "kept". */
  const kind = async (opts: PhotoKeeperOptions, url: string) => {
    try {
      await keepPhotoCopy(opts, url);
    } catch (err) {
      expect(err).to.be.instanceOf(PhotoDownloadError);
      return (err as PhotoDownloadError).kind;
    }
    return "kept";
  };

  it("keeps a PNG under photos/<sha256>.png, once for the same content", async () => {
    const dataDir = dir();
    const a = await keepPhotoCopy(keeper(dataDir), `${base}/photo.png?access=abc`);
    expect(a.storedPath).to.match(/^photos\/[0-9a-f]{64}\.png$/);
    expect(a).to.include({ contentType: "image/png", bytes: PNG.length });
    expect(readFileSync(path.join(dataDir, a.storedPath)).equals(PNG)).to.equal(true);
    const b = await keepPhotoCopy(keeper(dataDir), `${base}/same.png`);
    expect(b.storedPath).to.equal(a.storedPath);
    expect(readdirSync(path.join(dataDir, "photos"))).to.deep.equal([path.basename(a.storedPath)]);
  });

  it("keeps a JPEG without its EXIF (GPS, phone), named by what is left: the same picture is one file", async () => {
    const dataDir = dir();
    const a = await keepPhotoCopy(keeper(dataDir), `${base}/gps.jpg`);
    const kept = readFileSync(path.join(dataDir, a.storedPath));
    expect(kept.equals(stripPhotoMetadata(jpegWithGps(6), "image/jpeg"))).to.equal(true);
    expect(a.bytes).to.equal(kept.length);
    for (const gone of [SAMPLE_GPS.model, SAMPLE_GPS.make, "GPSLatitude"]) expect(kept.includes(Buffer.from(gone)), gone).to.equal(false);
    expect(a.sha256).to.equal(createHash("sha256").update(kept).digest("hex"));
    const b = await keepPhotoCopy(keeper(dataDir), `${base}/gps-again.jpg`);
    expect(b.storedPath).to.equal(a.storedPath);
    expect(readdirSync(path.join(dataDir, "photos"))).to.deep.equal([path.basename(a.storedPath)]);
  });

  it("refuses what is not an image, too large, missing or too slow", async () => {
    const dataDir = dir();
    expect(await kind(keeper(dataDir), `${base}/page.html`)).to.equal("not_image");
    expect(await kind(keeper(dataDir), `${base}/fake.png`)).to.equal("not_image");
    expect(await kind(keeper(dataDir, { maxBytes: 1024 }), `${base}/big.jpg`)).to.equal("too_large");
    expect(await kind(keeper(dataDir, { maxBytes: 1024 }), `${base}/chunked-big.png`)).to.equal("too_large");
    expect(await kind(keeper(dataDir), `${base}/missing.png`)).to.equal("http_status");
    expect(await kind(keeper(dataDir, { timeoutMs: 200 }), `${base}/slow.png`)).to.equal("timeout");
    expect(await kind(keeper(dataDir), "file:///etc/passwd")).to.equal("bad_url");
    expect(existsSync(path.join(dataDir, "photos"))).to.equal(false);
  });

  describe("only from the allowed hosts (SSRF)", () => {
    it("refuses a host that is not in the list, without connecting", async () => {
      const before = hits;
      expect(await kind(keeper(dir(), { hosts: ["*.zdn.vn", "*.zadn.vn"] }), `${base}/photo.png`)).to.equal("not_allowed");
      // localhost is this same server, but not the host the list names.
      expect(await kind(keeper(dir()), `${base.replace("127.0.0.1", "localhost")}/photo.png`)).to.equal("not_allowed");
      expect(hits).to.equal(before);
    });

    it("checks every redirect: to an allowed host it follows, to another it stops", async () => {
      expect(await kind(keeper(dir()), `${base}/redirect?to=${encodeURIComponent("/photo.png")}`)).to.equal("kept");
      const before = hits;
      const elsewhere = `${base.replace("127.0.0.1", "localhost")}/photo.png`;
      expect(await kind(keeper(dir()), `${base}/redirect?to=${encodeURIComponent(elsewhere)}`)).to.equal("not_allowed");
      expect(await kind(keeper(dir()), `${base}/redirect?to=${encodeURIComponent("file:///etc/passwd")}`)).to.equal("bad_url");
      expect(hits - before).to.equal(2);
      expect(await kind(keeper(dir()), `${base}/loop`)).to.equal("not_allowed");
    });

    it("a name allowed by a wildcard must resolve to public addresses", async () => {
      // *.localhost allows the name, but its address is loopback: refused after the look-up.
      const err = await keepPhotoCopy(
        keeper(dir(), { hosts: ["*.localhost", "*.1"] }),
        `${base.replace("127.0.0.1", "photos.localhost")}/photo.png`,
      ).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(PhotoDownloadError);
      expect((err as PhotoDownloadError).kind).to.be.oneOf(["not_allowed", "network"]);
      // An address literal under a wildcard connects without a look-up: checked all the same.
      expect(await kind(keeper(dir(), { hosts: ["*.1"] }), `${base}/photo.png`)).to.equal("not_allowed");
    });

    it("tells public addresses from private, loopback, link-local and mapped ones", () => {
      for (const a of ["8.8.8.8", "113.160.0.1", "2001:4860:4860::8888"]) expect(isPublicAddress(a), a).to.equal(true);
      for (const a of [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "not an ip",
      ]) {
        expect(isPublicAddress(a), a).to.equal(false);
      }
    });

    it("matches exact hosts and wildcards on name boundaries", () => {
      const hosts = ["*.zdn.vn", "cdn.example.org"];
      expect(hostAllowance("s120.zdn.vn", hosts)).to.equal("wildcard");
      expect(hostAllowance("a.b.zdn.vn.", hosts)).to.equal("wildcard");
      expect(hostAllowance("CDN.example.org", hosts)).to.equal("exact");
      for (const h of ["zdn.vn", "evilzdn.vn", "zdn.vn.evil.com", "example.org"]) expect(hostAllowance(h, hosts), h).to.equal(null);
    });

    it("gives up at the deadline on a server that drips a byte at a time", async () => {
      const started = Date.now();
      expect(await kind(keeper(dir(), { timeoutMs: 800 }), `${base}/drip.png`)).to.equal("timeout");
      // The deadline is for the whole download (the budget leaves room for a busy machine).
      expect(Date.now() - started).to.be.below(3000);
    });
  });

  for (const backend of BACKENDS) {
    describe(`keepCasePhotos (${backend})`, () => {
      let db: Database;
      const config = exampleConfig();
      before(async () => {
        db = await openTestDatabase(backend);
        await syncFromCommune(db, config);
      });
      after(async () => {
        await db?.close();
      });

      it("shares one file between the cases that sent the same picture, removed when no case refers to it", async () => {
        const dataDir = dir();
        const file = async (key: string, url: string) =>
          (
            await fileCase(db, config, {
              sourceKey: `shared-${key}-${backend}`,
              category: "vat_lieu_phe_thai",
              location: { lat: 21.005, lng: 105.63 },
              description: "Đổ cát và gạch vụn chắn nửa lòng đường thôn",
              photos: [url],
            })
          ).case.code;
        const one = await file("one", `${base}/gps.jpg`);
        const two = await file("two", `${base}/gps-again.jpg`);
        await keepCasePhotos(db, keeper(dataDir), one);
        await keepCasePhotos(db, keeper(dataDir), two);
        const stored = async (code: string) => (await getCase(db, code))!.photos[0]!.storedPath!;
        expect(await stored(one)).to.equal(await stored(two));
        const name = path.basename(await stored(one));
        // A file nobody refers to (a case's row gone), and one a keeper wrote a moment ago.
        const orphan = path.join(dataDir, "photos", `${"0".repeat(64)}.jpg`);
        const fresh = path.join(dataDir, "photos", `${"1".repeat(64)}.jpg`);
        writeFileSync(orphan, "x");
        writeFileSync(fresh, "y");
        const old = new Date(Date.now() - SWEEP_GRACE_MS - 60_000);
        for (const f of [orphan, path.join(dataDir, "photos", name)]) utimesSync(f, old, old);
        const listed = () => readdirSync(path.join(dataDir, "photos")).sort();
        expect(await sweepUnreferencedPhotos(db, dirPhotoStore(dataDir))).to.equal(1);
        expect(listed()).to.deep.equal([name, path.basename(fresh)].sort());

        // One case lets go of the photo: the other still refers to it, the file stays; then neither does.
        await db.query("UPDATE case_photos SET stored_path = NULL WHERE case_code = $1", [one]);
        expect(await sweepUnreferencedPhotos(db, dirPhotoStore(dataDir))).to.equal(0);
        await db.query("UPDATE case_photos SET stored_path = NULL WHERE case_code = $1", [two]);
        expect(await sweepUnreferencedPhotos(db, dirPhotoStore(dataDir))).to.equal(1);
        expect(listed()).to.deep.equal([path.basename(fresh)]);
      });

      it("fills stored_path for the photos not kept yet and leaves failures for a retry", async () => {
        const dataDir = dir();
        const { case: c } = await fileCase(db, config, {
          sourceKey: `photos-${backend}`,
          category: "vat_lieu_phe_thai",
          location: { lat: 21.005, lng: 105.63 },
          description: "Đổ cát và gạch vụn chắn nửa lòng đường thôn",
          photos: [`${base}/photo.png`, `${base}/missing.png`],
        });
        expect(await keepCasePhotos(db, keeper(dataDir), c.code)).to.deep.equal({ kept: 1, failed: 1, retryable: 1, givenUp: 0 });
        const d = (await getCase(db, c.code))!;
        expect(d.photos[0]).to.include({ contentType: "image/png", bytes: PNG.length });
        expect(d.photos[0]!.storedPath).to.match(/^photos\/.+\.png$/);
        expect(d.photos[1]!.storedPath).to.equal(null);
        const before = hits;
        // Only the missing one is tried again.
        expect(await keepCasePhotos(db, keeper(dataDir), c.code)).to.deep.equal({ kept: 0, failed: 1, retryable: 1, givenUp: 0 });
        expect(hits - before).to.equal(1);
        expect((await getCase(db, c.code))!.photos[1]!.copyFailure).to.equal(null);
      });

      it("records a copy that failed for good: at once when retrying cannot help, else on the last attempt", async () => {
        const dataDir = dir();
        const { case: c } = await fileCase(db, config, {
          sourceKey: `photos-failed-${backend}`,
          category: "vat_lieu_phe_thai",
          location: { lat: 21.005, lng: 105.63 },
          description: "Đổ cát và gạch vụn chắn nửa lòng đường thôn",
          photos: [`${base}/page.html`, `${base}/missing.png`],
        });
        expect(await keepCasePhotos(db, keeper(dataDir), c.code)).to.deep.equal({ kept: 0, failed: 2, retryable: 1, givenUp: 1 });
        let photos = (await getCase(db, c.code))!.photos;
        expect(photos[0]!.copyFailure?.reason).to.match(/^not_image: /);
        expect(photos[1]!.copyFailure).to.equal(null);
        expect(await keepCasePhotos(db, keeper(dataDir), c.code, { lastAttempt: true })).to.deep.equal({
          kept: 0,
          failed: 1,
          retryable: 0,
          givenUp: 1,
        });
        photos = (await getCase(db, c.code))!.photos;
        expect(photos[1]!.copyFailure?.reason).to.equal("http_status: HTTP 404");
        expect(photos[1]!.storedPath).to.equal(null);
        // Given up: never fetched again.
        const before = hits;
        expect(await keepCasePhotos(db, keeper(dataDir), c.code)).to.deep.equal({ kept: 0, failed: 0, retryable: 0, givenUp: 0 });
        expect(hits).to.equal(before);
      });
    });
  }
});
