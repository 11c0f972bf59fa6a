import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Queue, Worker } from "bullmq";
import { expect } from "chai";
import { Redis } from "ioredis";
import { runKeepPhotos } from "../../src/cases/case-jobs.js";
import { fileCase } from "../../src/cases/file-case.js";
import { createQueue } from "../../src/queues/factory.js";
import { createWorker } from "../../src/queues/worker.js";
import { exampleConfig } from "../commune/fixture.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";
import { ADMIN_TOKEN, type ApiServer, startApi } from "./support.js";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("photos that cannot be copied (postgres, real photos queue)", function () {
  this.timeout(120_000);
  let api: ApiServer;
  let dataDir: string;
  let server: Server;
  let base: string;
  let downHits = 0;
  let redis: Redis;
  let photos: Queue;
  let worker: Worker;
  const prefix = uniquePrefix("photo-failed");

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === "/ok.png") return void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
      if (req.url === "/page.html") return void res.writeHead(200, { "content-type": "text/html" }).end("<p>");
      downHits++;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dataDir = await mkdtemp(path.join(tmpdir(), "photo-failed-"));
    api = await startApi("postgres", { config: { ADMIN_TOKEN, DATA_DIR: dataDir } });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    photos = createQueue("photos", { connection: redis, prefix, retryDelayMs: 20 });
    worker = createWorker("photos", (job) => runKeepPhotos({ db: api.db, keeper: { dataDir, hosts: ["127.0.0.1"] } }, job), {
      connection: redis,
      prefix,
      concurrency: 1,
    });
  });
  after(async () => {
    await worker?.close();
    await photos?.close();
    redis?.disconnect();
    await dropPrefix(prefix);
    await api?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  let n = 0;
  const fileWithPhotos = async (urls: string[]) =>
    (
      await fileCase(api.db, exampleConfig(), {
        sourceKey: `photo-failed-${++n}`,
        category: "vat_lieu_phe_thai",
        location: { lat: 21.005, lng: 105.63 },
        description: "Đổ cát và gạch vụn chắn nửa lòng đường thôn",
        photos: urls,
      })
    ).case;

  it("after the last attempt the case says the copy failed and gives officers the original URL", async () => {
    const c = await fileWithPhotos([`${base}/ok.png`, `${base}/down.png?sig=abc`, `${base}/page.html`]);
    const job = await photos.add("keep-photos", { code: c.code }, { jobId: `keep-photos-${c.code}`, attempts: 3 });
    const deadline = Date.now() + 60_000;
    // Its last attempt records the failures and ends the job (nothing is left to retry).
    while ((await job.getState()) !== "completed") {
      if (Date.now() > deadline) throw new Error(`the photo job did not end: ${await job.getState()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(downHits).to.equal(3);

    const detail = await api.call("GET", `/api/v1/cases/${c.code}`);
    const [ok, down, page] = detail.json.photos as Record<string, unknown>[];
    expect(ok).to.include({ position: 1, copy: "kept", url: `/api/v1/cases/${c.code}/photos/1` });
    expect(ok).to.not.have.property("originalUrl");
    expect(down).to.include({ position: 2, copy: "failed", url: null, originalUrl: `${base}/down.png?sig=abc` });
    expect((down!.failure as { reason: string }).reason).to.equal("http_status: HTTP 503");
    expect(page).to.include({ position: 3, copy: "failed", originalUrl: `${base}/page.html` });
    expect((page!.failure as { reason: string }).reason).to.match(/^not_image: /);

    const photo = await api.call("GET", `/api/v1/cases/${c.code}/photos/2`);
    expect(photo.status).to.equal(404);
    expect(photo.json.error?.code).to.equal("photo_copy_failed");
    expect(photo.json.error?.message).to.not.contain("try again later");
  });

  it("a photo still being copied says so", async () => {
    const c = await fileWithPhotos([`${base}/down.png`]);
    const detail = await api.call("GET", `/api/v1/cases/${c.code}`);
    expect((detail.json.photos as Record<string, unknown>[])[0]).to.deep.equal({
      position: 1,
      proof: false,
      copy: "pending",
      url: null,
      contentType: null,
      bytes: null,
    });
    expect((await api.call("GET", `/api/v1/cases/${c.code}/photos/1`)).json.error?.code).to.equal("photo_not_found");
  });
});
