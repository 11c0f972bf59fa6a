import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { DossierSourceUnavailableError, HttpDossierConnector, type DossierConnector } from "../../src/dossiers/connector.js";
import { lookupDossier } from "../../src/dossiers/lookup.js";
import { findByCode, follow, upsertDossiers } from "../../src/dossiers/repository.js";
import { openTestDatabase } from "../support/db.js";

const FOUND = "000.00.21.H26-251126-0001";
const MISSING = "000.00.21.H26-251126-0404";
const BROKEN = "000.00.21.H26-251126-0500";
const SLOW = "000.00.21.H26-251126-0999";
const BAD_SHAPE = "000.00.21.H26-251126-0777";
const OTHER_CODE = "000.00.21.H26-251126-0778";

const body = (status: number | string = "Đang xử lý") => ({
  code: FOUND,
  procedure: "Đăng ký kết hôn",
  channel: "online",
  status,
  received_at: "26/11/2025 16:34",
  due_at: "2025-12-01T17:00:00+07:00",
  finished_at: null,
  applicant_name: "never stored",
});

/** A stand-in for the province's one-stop system. */
function fakeOneStop(): Promise<{ server: Server; url: string; hits: string[]; setStatus: (s: number | string) => void }> {
  const hits: string[] = [];
  let status: number | string = "Đang xử lý";
  const server = createServer((req, res) => {
    const code = decodeURIComponent((req.url ?? "").replace(/^\/api\/dossiers\//, ""));
    hits.push(code);
    const json = (http: number, value: unknown) => {
      res.writeHead(http, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (code === FOUND) return json(200, body(status));
    if (code === BROKEN) return json(500, { error: "oops" });
    if (code === BAD_SHAPE) return json(200, { code: BAD_SHAPE, status: 99 });
    if (code === OTHER_CODE) return json(200, body());
    if (code === SLOW) return void setTimeout(() => json(200, body()), 1000);
    return json(404, { error: "not found" });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/api/`, hits, setStatus: (s) => (status = s) });
    }),
  );
}

describe("dossiers/connector and lookup", function () {
  this.timeout(30_000);
  let fake: Awaited<ReturnType<typeof fakeOneStop>>;
  let clock: number;
  let connector: HttpDossierConnector;
  let db: Database;

  before(async () => {
    fake = await fakeOneStop();
    db = await openTestDatabase("pglite");
  });
  after(async () => {
    fake?.server.close();
    await db?.close();
  });
  beforeEach(async () => {
    fake.hits.length = 0;
    clock = Date.parse("2025-12-01T00:00:00Z");
    connector = new HttpDossierConnector({ baseUrl: fake.url, timeoutMs: 300, now: () => clock });
    fake.setStatus("Đang xử lý");
    await db.exec("DELETE FROM dossier_followers; DELETE FROM dossiers;");
  });

  async function unavailable(code: string): Promise<unknown> {
    try {
      await connector.fetchDossier(code);
    } catch (err) {
      return err;
    }
    return null;
  }

  it("finds a dossier and keeps only the contract's fields", async () => {
    const d = await connector.fetchDossier(FOUND);
    expect(d).to.deep.include({ code: FOUND, procedure: "Đăng ký kết hôn", channel: "online", status: 4, finishedAt: null });
    expect(d!.receivedAt.toISOString()).to.equal("2025-11-26T09:34:00.000Z");
    expect(d!.dueAt!.toISOString()).to.equal("2025-12-01T10:00:00.000Z");
    expect(d).not.to.have.property("applicant_name");
    expect(fake.hits).to.deep.equal([FOUND]);
  });

  it("caches a found dossier for a minute", async () => {
    await connector.fetchDossier(FOUND);
    fake.setStatus(9);
    clock += 59_000;
    expect((await connector.fetchDossier(FOUND))!.status).to.equal(4);
    expect(fake.hits).to.have.length(1);
    clock += 2_000;
    expect((await connector.fetchDossier(FOUND))!.status).to.equal(9);
    expect(fake.hits).to.have.length(2);
  });

  it("not found is null, cached briefly", async () => {
    expect(await connector.fetchDossier(MISSING)).to.equal(null);
    expect(await connector.fetchDossier(MISSING)).to.equal(null);
    expect(fake.hits).to.have.length(1);
    clock += 16_000;
    expect(await connector.fetchDossier(MISSING)).to.equal(null);
    expect(fake.hits).to.have.length(2);
  });

  it("5xx, timeout, a wrong shape or another dossier's answer: unavailable, not cached", async () => {
    for (const code of [BROKEN, SLOW, BAD_SHAPE, OTHER_CODE]) {
      expect(await unavailable(code), code).to.be.instanceOf(DossierSourceUnavailableError);
    }
    expect(await unavailable(BROKEN)).to.be.instanceOf(DossierSourceUnavailableError);
    expect(fake.hits.filter((h) => h === BROKEN)).to.have.length(2);
  });

  it("a closed port: unavailable", async () => {
    const dead = new HttpDossierConnector({ baseUrl: "http://127.0.0.1:1", timeoutMs: 300 });
    let err: unknown;
    await dead.fetchDossier(FOUND).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(DossierSourceUnavailableError);
  });

  describe("lookupDossier", () => {
    it("answers from the table first", async () => {
      await upsertDossiers(db, "kieu-phu", [{ ...(await connector.fetchDossier(FOUND))!, status: 10 }]);
      fake.hits.length = 0;
      const r = await lookupDossier({ db, connector }, "kieu-phu", FOUND);
      expect(r).to.have.nested.property("found.status", 10);
      expect(fake.hits).to.deep.equal([]);
    });

    it("without a connector, an unknown code is not found", async () => {
      expect(await lookupDossier({ db }, "kieu-phu", FOUND)).to.deep.equal({ notFound: true });
      expect(await lookupDossier({ db, connector: null }, "kieu-phu", FOUND)).to.deep.equal({ notFound: true });
    });

    it("falls back to the connector and stores its answer so it can be followed", async () => {
      const r = await lookupDossier({ db, connector }, "kieu-phu", FOUND);
      expect(r).to.have.nested.property("found.code", FOUND);
      expect((await findByCode(db, "kieu-phu", FOUND))!.status).to.equal(4);
      expect(await follow(db, "kieu-phu", FOUND, "zalo", "u1")).to.equal(true);
    });

    it("does not store when persist is false", async () => {
      await lookupDossier({ db, connector, persist: false }, "kieu-phu", FOUND);
      expect(await findByCode(db, "kieu-phu", FOUND)).to.equal(null);
    });

    it("not found and unavailable are told apart, and nothing throws", async () => {
      expect(await lookupDossier({ db, connector }, "kieu-phu", MISSING)).to.deep.equal({ notFound: true });
      expect(await lookupDossier({ db, connector }, "kieu-phu", BROKEN)).to.deep.equal({ unavailable: true });
      expect(await lookupDossier({ db, connector }, "kieu-phu", SLOW)).to.deep.equal({ unavailable: true });
      const throwing: DossierConnector = { fetchDossier: () => Promise.reject(new Error("boom")) };
      expect(await lookupDossier({ db, connector: throwing }, "kieu-phu", FOUND)).to.deep.equal({ unavailable: true });
      const brokenDb = { query: () => Promise.reject(new Error("db down")), exec: () => Promise.resolve() };
      expect(await lookupDossier({ db: brokenDb, connector }, "kieu-phu", FOUND)).to.deep.equal({ unavailable: true });
    });
  });
});
