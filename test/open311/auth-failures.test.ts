import { Communes } from "../../src/commune/communes.js";
import { type Listening, listenOnFreePort } from "../support/listen.js";
import { expect } from "chai";
import { Redis } from "ioredis";
import { AuthFailureLimiter } from "../../src/api/auth-failures.js";
import { apiRouter } from "../../src/api/router.js";
import { createApp } from "../../src/app.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { open311Router } from "../../src/open311/router.js";
import { open311 as wording } from "../../flows/messages.open311.vi.js";
import { exampleConfig } from "../commune/fixture.js";
import { openTestDatabase } from "../support/db.js";
import { TEST_REDIS_URL } from "../support/redis.js";

const ADMIN = "open311-limit-admin-token-0123456789";
const commune = exampleConfig();

/**
 * Open311's api_key is a token like the API's Bearer: wrong keys count against the client's
 * address in the same limiter as the API (the wiring shares one), so a guesser cannot get a
 * fresh budget by switching doors.
 */
describe("open311/v2 POST: wrong api_keys go through the auth-failure limiter", function () {
  this.timeout(30_000);
  let db: Database;
  let redis: Redis;
  let server: Listening | undefined;
  let url: string;
  let filed = 0;

  before(async () => {
    db = await openTestDatabase("postgres");
    await syncFromCommune(db, commune);
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    const failures = new AuthFailureLimiter({ maxFailures: 3 });
    const app = createApp({
      redis,
      db,
      routers: [
        apiRouter({
          db,
          communes: new Communes([commune]),
          config: { ADMIN_TOKEN: ADMIN, DATA_DIR: "./data" },
          triggerDossierNotices: async () => {},
          onCaseTransition: async () => {},
          onCaseReassigned: async () => {},
          onCaseFiled: async () => {},
          failures,
        }),
        open311Router({
          db,
          communes: new Communes([commune]),
          adminToken: ADMIN,
          wording,
          failures,
          photoHosts: [],
          onCaseFiled: async () => void filed++,
        }),
      ],
    });
    server = await listenOnFreePort(app);
    url = server.url;
  });
  after(async () => {
    await server?.close();
    redis?.disconnect();
    await db?.close();
  });

  const post = (fields: Record<string, string>) =>
    fetch(`${url}/open311/v2/requests.json`, {
      method: "POST",
      body: new URLSearchParams({
        service_code: "lan_chiem",
        lat: "21.005",
        long: "105.61",
        description: "Lấn chiếm vỉa hè để vật liệu xây dựng",
        ...fields,
      }),
    });

  it("counts wrong keys (not missing ones), answers 429 with Retry-After past the limit, still files with a valid key", async () => {
    // A request without a key is not a guess: not counted.
    for (let i = 0; i < 5; i++) expect((await post({})).status).to.equal(403);
    for (let i = 0; i < 3; i++) expect((await post({ api_key: `wrong-key-${i}-0123456789` })).status).to.equal(403);
    const limited = await post({ api_key: "wrong-key-3-0123456789" });
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get("retry-after"))).to.be.within(1, 60);
    const body = (await limited.json()) as { code: number; description: string }[];
    expect(body).to.deep.equal([{ code: 429, description: body[0]!.description }]);
    // The same address is limited at the API's door too: one budget.
    expect((await fetch(`${url}/api/v1/me`, { headers: { authorization: "Bearer wrong-bearer-0123456789" } })).status).to.equal(429);
    // A valid key from that address is never held back.
    const ok = await post({ api_key: ADMIN });
    expect(ok.status, await ok.clone().text()).to.equal(201);
    expect(filed).to.equal(1);
  });
});
