import { expect } from "chai";
import { parseConfig } from "../../src/config.js";
import { type Hotline, startHotline } from "../../src/hotline.js";
import { TEST_DATABASE_URL } from "../support/db.js";
import { testEnv } from "../support/env.js";
import { tcpProxy } from "../support/tcp-proxy.js";
import { dropPrefix, uniquePrefix } from "../support/redis.js";

async function readyz(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; down?: string[] } };
}

describe("GET /readyz", () => {
  let hotline: Hotline | undefined;
  const prefix = uniquePrefix("readyz");
  afterEach(async () => {
    await hotline?.stop();
    hotline = undefined;
    await dropPrefix(prefix);
  });

  it("answers 200 when Redis and the database answer", async () => {
    hotline = await startHotline(parseConfig(testEnv({ ROLE: "web", DATABASE_URL: TEST_DATABASE_URL, REDIS_PREFIX: prefix })));
    const r = await readyz(hotline.port!);
    expect(r.status).to.equal(200);
    expect(r.body.status).to.equal("ready");
  });

  it("answers 503 naming Redis when Redis is unreachable (a closed port)", async () => {
    hotline = await startHotline(parseConfig(testEnv({ ROLE: "web", DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: "redis://127.0.0.1:1" })));
    const r = await readyz(hotline.port!);
    expect(r.status).to.equal(503);
    expect(r.body.down).to.deep.equal(["redis"]);
  });

  it("answers 503 naming the database when it becomes unreachable", async () => {
    const proxy = await tcpProxy(5432);
    const url = new URL(TEST_DATABASE_URL);
    url.port = String(proxy.port);
    try {
      hotline = await startHotline(parseConfig(testEnv({ ROLE: "web", DATABASE_URL: url.toString(), REDIS_PREFIX: prefix })));
      expect((await readyz(hotline.port!)).status).to.equal(200);
      await proxy.cut();
      const r = await readyz(hotline.port!);
      expect(r.status).to.equal(503);
      expect(r.body.down).to.deep.equal(["database"]);
    } finally {
      await proxy.close();
    }
  });
});
