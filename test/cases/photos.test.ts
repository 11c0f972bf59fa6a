import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { keepCasePhotos, keepPhotoCopy, PhotoDownloadError } from "../../src/cases/photos.js";
import { fileCase, getCase } from "../../src/cases/repository.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/registry.js";
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
      if (url.startsWith("/photo.png") || url.startsWith("/same.png")) {
        res.writeHead(200, { "content-type": "image/png" }).end(PNG);
      } else if (url === "/page.html") {
        res.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
      } else if (url === "/fake.png") {
        res.writeHead(200, { "content-type": "image/png" }).end("not really a png");
      } else if (url === "/big.jpg") {
        res.writeHead(200, { "content-type": "image/jpeg" }).end(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(2048)]));
      } else if (url === "/slow.png") {
        setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(PNG), 1000);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const dir = () => mkdtempSync(path.join(tmpdir(), "photos-"));

  it("keeps a PNG under photos/<sha256>.png, once for the same content", async () => {
    const dataDir = dir();
    const a = await keepPhotoCopy({ dataDir }, `${base}/photo.png?access=abc`);
    expect(a.storedPath).to.match(/^photos\/[0-9a-f]{64}\.png$/);
    expect(a).to.include({ contentType: "image/png", bytes: PNG.length });
    expect(readFileSync(path.join(dataDir, a.storedPath)).equals(PNG)).to.equal(true);
    const b = await keepPhotoCopy({ dataDir }, `${base}/same.png`);
    expect(b.storedPath).to.equal(a.storedPath);
    expect(readdirSync(path.join(dataDir, "photos"))).to.deep.equal([path.basename(a.storedPath)]);
  });

  it("refuses what is not an image, too large, missing or too slow", async () => {
    const dataDir = dir();
    const kind = async (url: string, opts: { maxBytes?: number; timeoutMs?: number } = {}) => {
      try {
        await keepPhotoCopy({ dataDir, ...opts }, url);
      } catch (err) {
        expect(err).to.be.instanceOf(PhotoDownloadError);
        return (err as PhotoDownloadError).kind;
      }
      return "kept";
    };
    expect(await kind(`${base}/page.html`)).to.equal("not_image");
    expect(await kind(`${base}/fake.png`)).to.equal("not_image");
    expect(await kind(`${base}/big.jpg`, { maxBytes: 1024 })).to.equal("too_large");
    expect(await kind(`${base}/missing.png`)).to.equal("http_status");
    expect(await kind(`${base}/slow.png`, { timeoutMs: 200 })).to.equal("network");
    expect(await kind("file:///etc/passwd")).to.equal("bad_url");
    expect(existsSync(path.join(dataDir, "photos"))).to.equal(false);
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

      it("fills stored_path for the photos not kept yet and leaves failures for a retry", async () => {
        const dataDir = dir();
        const { case: c } = await fileCase(db, config, {
          sourceKey: `photos-${backend}`,
          category: "vat_lieu_phe_thai",
          location: { lat: 21.005, lng: 105.63 },
          description: "Đổ cát và gạch vụn chắn nửa lòng đường thôn",
          photos: [`${base}/photo.png`, `${base}/missing.png`],
        });
        expect(await keepCasePhotos(db, dataDir, c.code)).to.deep.equal({ kept: 1, failed: 1, retryable: 1, givenUp: 0 });
        const d = (await getCase(db, c.code))!;
        expect(d.photos[0]).to.include({ contentType: "image/png", bytes: PNG.length });
        expect(d.photos[0]!.storedPath).to.match(/^photos\/.+\.png$/);
        expect(d.photos[1]!.storedPath).to.equal(null);
        const before = hits;
        // Only the missing one is tried again.
        expect(await keepCasePhotos(db, dataDir, c.code)).to.deep.equal({ kept: 0, failed: 1, retryable: 1, givenUp: 0 });
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
        expect(await keepCasePhotos(db, dataDir, c.code)).to.deep.equal({ kept: 0, failed: 2, retryable: 1, givenUp: 1 });
        let photos = (await getCase(db, c.code))!.photos;
        expect(photos[0]!.copyFailure?.reason).to.match(/^not_image: /);
        expect(photos[1]!.copyFailure).to.equal(null);
        expect(await keepCasePhotos(db, dataDir, c.code, { lastAttempt: true })).to.deep.equal({ kept: 0, failed: 1, retryable: 0, givenUp: 1 });
        photos = (await getCase(db, c.code))!.photos;
        expect(photos[1]!.copyFailure?.reason).to.equal("http_status: HTTP 404");
        expect(photos[1]!.storedPath).to.equal(null);
        // Given up: never fetched again.
        const before = hits;
        expect(await keepCasePhotos(db, dataDir, c.code)).to.deep.equal({ kept: 0, failed: 0, retryable: 0, givenUp: 0 });
        expect(hits).to.equal(before);
      });
    });
  }
});
