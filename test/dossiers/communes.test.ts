import { Readable } from "node:stream";
import { expect } from "chai";
import { Redis } from "ioredis";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import { contextFactory } from "../../src/conversation/context.js";
import { emptySession } from "../../src/conversation/session.js";
import type { Database } from "../../src/db/database.js";
import type { DossierConnector } from "../../src/dossiers/connector.js";
import type { Dossier } from "../../src/dossiers/dossier.js";
import { FOREIGN_DOSSIER_REASON, importDossiers } from "../../src/dossiers/import.js";
import { lookupDossier } from "../../src/dossiers/lookup.js";
import {
  codesEndingWith,
  findByCode,
  follow,
  followedBy,
  pendingNotices,
  unfollow,
  upsertDossiers,
} from "../../src/dossiers/repository.js";
import { HandoffStore } from "../../src/handoff/store.js";
import { loadCatalogueFile, sha256 } from "../../src/procedures/catalogue.js";
import { openProcedureCatalogues } from "../../src/procedures/open.js";
import { replaceCatalogue } from "../../src/procedures/repository.js";
import { dossiersReceivedIn } from "../../src/stats/repository.js";
import { exampleConfig } from "../commune/fixture.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.js";

// Two communes in one database: each one's dossiers and procedure catalogue are its own. Dossier
// codes are unique in the province, so a code names one commune's dossier; the other commune
// neither sees nor changes it.

const HEADER = "code,procedure,channel,status,received_at,due_at,finished_at";
const csv = (...lines: string[]) => Readable.from([[HEADER, ...lines].join("\n") + "\n"]);
const A_CODE = "000.00.21.H26-251126-0001";
const B_CODE = "000.00.22.H26-251126-0002";

const kieuPhu = (): CommuneConfig => ({ ...exampleConfig(), procedureCatalogue: undefined });
const phuXa = (): CommuneConfig => ({
  ...exampleConfig(),
  id: "phu-xa",
  name: "Xã Phú Xá",
  zalo: { oaId: "3000000000000000001" },
  procedureCatalogue: undefined,
});

function textEvent(communeId: string, userId: string, text: string): PlatformEvent {
  return { kind: "text", eventId: `e-${Math.random()}`, channel: "zalo", communeId, userId, at: Date.now(), text };
}

for (const backend of BACKENDS) {
  describe(`dossiers and procedure catalogues per commune on ${backend}`, function () {
    this.timeout(60_000);
    let db: Database;
    const A = kieuPhu();
    const B = phuXa();
    beforeEach(async () => {
      db = await openTestDatabase(backend);
      const a = await importDossiers(db, A.id, csv(`${A_CODE},Đăng ký kết hôn,online,4,26/11/2025 16:34,01/12/2025 17:00,`));
      expect(a).to.deep.include({ inserted: 1, rejected: [] });
    });
    afterEach(async () => {
      await db?.close();
    });

    it("an import never overwrites another commune's dossier: its row is rejected with the reason, the rest imported", async () => {
      const s = await importDossiers(
        db,
        B.id,
        csv(
          `${A_CODE},Chứng thực chữ ký,direct,10,26/11/2025 16:34,,27/11/2025 09:00`,
          `${B_CODE},Đăng ký khai sinh,direct,2,26/11/2025 08:00,,`,
        ),
      );
      expect(s).to.deep.include({ read: 2, inserted: 1, updated: 0, unchanged: 0 });
      expect(s.rejected).to.deep.equal([{ line: 2, reason: FOREIGN_DOSSIER_REASON }]);
      expect(s.statusChanges).to.deep.equal([]);
      const a = (await findByCode(db, A.id, A_CODE))!;
      expect(a).to.deep.include({ procedure: "Đăng ký kết hôn", channel: "online", status: 4, finishedAt: null });
      const owners = await db.query<{ code: string; commune_id: string }>("SELECT code, commune_id FROM dossiers ORDER BY code");
      expect(owners).to.deep.equal([
        { code: A_CODE, commune_id: A.id },
        { code: B_CODE, commune_id: B.id },
      ]);
      // The same row through the batch writer of one dossier (the API's PUT): "foreign", nothing written.
      const put = await upsertDossiers(db, B.id, [{ ...a, status: 10 }]);
      expect(put).to.deep.equal({ outcomes: [{ code: A_CODE, outcome: "foreign" }], statusChanges: [] });
      expect((await findByCode(db, A.id, A_CODE))!.status).to.equal(4);
    });

    it("look-ups, completions and follows stay in the commune", async () => {
      await importDossiers(db, B.id, csv(`${B_CODE},Đăng ký khai sinh,direct,2,26/11/2025 08:00,,`));
      expect(await findByCode(db, B.id, A_CODE)).to.equal(null);
      expect((await findByCode(db, A.id, A_CODE))?.code).to.equal(A_CODE);
      expect(await codesEndingWith(db, A.id, "251126-0001")).to.deep.equal([A_CODE]);
      expect(await codesEndingWith(db, B.id, "251126-0001")).to.deep.equal([]);
      expect(await codesEndingWith(db, B.id, "251126-0002")).to.deep.equal([B_CODE]);

      // Zalo user ids are per OA: the same id at B's OA is another person, who cannot follow A's dossier.
      const user = "5210000000000000001";
      expect(await follow(db, B.id, A_CODE, "zalo", user)).to.equal(false);
      expect(await follow(db, A.id, A_CODE, "zalo", user)).to.equal(true);
      expect(await followedBy(db, A.id, "zalo", user)).to.deep.equal([A_CODE]);
      expect(await followedBy(db, B.id, "zalo", user)).to.deep.equal([]);
      await unfollow(db, B.id, A_CODE, "zalo", user);
      expect(await followedBy(db, A.id, "zalo", user)).to.deep.equal([A_CODE]);

      // A follower's notice goes out through the dossier's commune's OA.
      await importDossiers(db, A.id, csv(`${A_CODE},Đăng ký kết hôn,online,5,26/11/2025 16:34,01/12/2025 17:00,`));
      expect((await pendingNotices(db)).map((n) => [n.communeId, n.code, n.userId])).to.deep.equal([[A.id, A_CODE, user]]);
    });

    it("another commune's code is not found, and the one-stop system is not asked for it", async () => {
      const asked: string[] = [];
      const connector: DossierConnector = {
        async fetchDossier(code): Promise<Dossier> {
          asked.push(code);
          return { ...(await findByCode(db, A.id, A_CODE))!, code };
        },
      };
      expect(await lookupDossier({ db, connector }, B.id, A_CODE)).to.deep.equal({ notFound: true });
      expect(asked).to.deep.equal([]);
      expect(await lookupDossier({ db }, B.id, A_CODE)).to.deep.equal({ notFound: true });
      expect(await lookupDossier({ db, connector }, A.id, A_CODE)).to.have.property("found");
      // A code no commune holds is the asking commune's once the one-stop system knows it.
      expect(await lookupDossier({ db, connector }, B.id, B_CODE)).to.have.property("found");
      expect(asked).to.deep.equal([B_CODE]);
      expect((await findByCode(db, B.id, B_CODE))?.code).to.equal(B_CODE);
    });

    it("the figures count the commune's dossiers only", async () => {
      await importDossiers(db, B.id, csv(`${B_CODE},Đăng ký khai sinh,direct,2,26/11/2025 08:00,,`));
      // A row without a commune (before the start claims it) is nobody's figure.
      await db.query(
        "INSERT INTO dossiers (code, procedure, channel, status, received_at) VALUES ('000.00.21.H26-251126-0009', 'x', 'online', 1, '2025-11-26T03:00:00Z')",
      );
      const november = { from: "2025-11-01", to: "2025-11-30" };
      expect((await dossiersReceivedIn(db, A.id, november)).map((d) => d.channel)).to.deep.equal(["online"]);
      expect((await dossiersReceivedIn(db, B.id, november)).map((d) => d.channel)).to.deep.equal(["direct"]);
    });

    it("a citizen at one commune's OA sees that commune's dossiers and procedure catalogue only", async () => {
      await importDossiers(db, B.id, csv(`${B_CODE},Đăng ký khai sinh,direct,2,26/11/2025 08:00,,`));
      const example = exampleConfig().procedureCatalogue!;
      const all = loadCatalogueFile(example).catalogue;
      await replaceCatalogue(db, A.id, { catalogue: { ...all, procedures: all.procedures.slice(0, 2) }, sha256: sha256("a") }, "api");
      await replaceCatalogue(db, B.id, { catalogue: { ...all, procedures: all.procedures.slice(2, 3) }, sha256: sha256("b") }, "api");
      const communes = new Communes([A, B]);
      const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
      try {
        const contextFor = contextFactory({
          db,
          communes,
          connector: null,
          lookupLimit: { max: 10, windowMs: 60_000 },
          handoffs: new HandoffStore(redis, uniquePrefix("ctx")),
          procedures: await openProcedureCatalogues(db, communes),
          phoneHash: () => "x",
        });
        const user = "5210000000000000001";
        const atB = await contextFor(textEvent(B.id, user, A_CODE), emptySession());
        expect(await atB.lookupDossier(A_CODE)).to.deep.equal({ notFound: true });
        expect(await atB.completeDossierCode("251126-0001")).to.deep.equal([]);
        expect(await atB.lookupDossier(B_CODE)).to.have.property("found");
        expect(atB.procedures.procedures.map((p) => p.id)).to.deep.equal([all.procedures[2]!.id]);

        const atA = await contextFor(textEvent(A.id, user, A_CODE), emptySession());
        expect(await atA.lookupDossier(A_CODE)).to.have.property("found");
        expect(await atA.completeDossierCode("251126-0001")).to.deep.equal([A_CODE]);
        expect(atA.procedures.procedures.map((p) => p.id)).to.deep.equal(all.procedures.slice(0, 2).map((p) => p.id));
        await follow(db, A.id, A_CODE, "zalo", user);
        expect(await atA.followedDossiers()).to.deep.equal([A_CODE]);
        expect(await atB.followedDossiers()).to.deep.equal([]);
      } finally {
        redis.disconnect();
      }
    });

    it("a commune's catalogue import replaces its own, never another's", async () => {
      const all = loadCatalogueFile(exampleConfig().procedureCatalogue!).catalogue;
      // The same ids and positions in both communes.
      await replaceCatalogue(db, A.id, { catalogue: all, sha256: sha256("a") }, "api");
      await replaceCatalogue(db, B.id, { catalogue: all, sha256: sha256("b") }, "api");
      await replaceCatalogue(db, B.id, { catalogue: { ...all, procedures: all.procedures.slice(0, 1) }, sha256: sha256("b2") }, "api");
      const catalogues = await openProcedureCatalogues(db, new Communes([A, B]));
      expect((await catalogues.of(A.id).current()).procedures).to.have.length(all.procedures.length);
      expect((await catalogues.of(B.id).current()).procedures).to.have.length(1);
    });
  });
}
