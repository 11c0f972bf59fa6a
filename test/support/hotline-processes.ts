import { freePort } from "./listen.js";
import { createReadStream } from "node:fs";
import { importDossiers } from "../../src/dossiers/import.js";
import { openPostgres } from "../../src/db/postgres.js";
import { createTestSchema, type TestSchema } from "./db.js";
import { fakeZaloEnv, testEnv } from "./env.js";
import { type FakeZalo, startFakeZalo } from "./fake-zalo.js";
import { runBuilt, type Started, waitForOutput } from "./process.js";
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from "./redis.js";
import { DOSSIERS_SAMPLE } from "./shared.js";
import { signedWebhook } from "./sign.js";

/**
 * The production layout on this machine: one `ROLE=web` and several `ROLE=worker` processes of
 * `src/main.ts` on PostgreSQL (a schema of their own) and Redis (a prefix of their own), sending
 * to a fake Zalo OA API in this process. Used by the reliability tests and by the bench.
 */
export class HotlineProcesses {
  readonly workers: Started[] = [];

  private constructor(
    readonly zalo: FakeZalo,
    readonly schema: TestSchema,
    readonly prefix: string,
    readonly env: Record<string, string>,
    readonly web: Started,
    readonly port: number,
  ) {}

  static async start(opts: {
    workers: number;
    env?: Record<string, string>;
    dossiers?: boolean;
    /** Runs once the fake Zalo is up, before the processes: more OAs, files; returns more environment. */
    prepare?: (zalo: FakeZalo) => Record<string, string>;
  }): Promise<HotlineProcesses> {
    const zalo = await startFakeZalo();
    const prepared = opts.prepare?.(zalo) ?? {};
    const schema = await createTestSchema({ migrate: true });
    if (opts.dossiers) {
      const db = openPostgres(schema.url, { max: 1 });
      await importDossiers(db, "kieu-phu", createReadStream(DOSSIERS_SAMPLE));
      await db.close();
    }
    const prefix = uniquePrefix("procs");
    const port = await freePort();
    const env = testEnv({
      DATABASE_URL: schema.url,
      REDIS_PREFIX: prefix,
      ...fakeZaloEnv(zalo),
      ...opts.env,
      ...prepared,
      LOG_LEVEL: "info",
    });
    const web = runBuilt("src/main.ts", { ...env, ROLE: "web", PORT: String(port) });
    const procs = new HotlineProcesses(zalo, schema, prefix, env, web, port);
    try {
      await waitForOutput(web, (o) => o.includes("hotline listening"), 60_000);
      await Promise.all(Array.from({ length: opts.workers }, () => procs.startWorker()));
    } catch (err) {
      await procs.stop();
      throw err;
    }
    return procs;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** One more `ROLE=worker` process; resolves once it runs its workers. */
  async startWorker(extraEnv: Record<string, string> = {}): Promise<Started> {
    const w = runBuilt("src/main.ts", { ...this.env, ROLE: "worker", ...extraEnv });
    this.workers.push(w);
    await waitForOutput(w, (o) => o.includes("hotline listening"), 60_000);
    return w;
  }

  /** Post a signed text as Zalo would (to the sandbox OA, or `oaId`); resolves with the HTTP status. */
  async postText(userId: string, msgId: string, text: string, oaId?: string): Promise<number> {
    const hook = signedWebhook({ type: "text", text }, { userId, msgId, ...(oaId ? { oaId } : {}) });
    const res = await fetch(`${this.url}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
    await res.arrayBuffer();
    return res.status;
  }

  /** Post like Zalo: again after each failed delivery (every `everyMs`, up to `times`); the last status. */
  async deliverText(userId: string, msgId: string, text: string, opts: { everyMs: number; times: number }): Promise<number> {
    let status = 0;
    for (let i = 0; i < opts.times; i++) {
      status = await this.postText(userId, msgId, text).catch(() => 0);
      if (status === 200) return status;
      await new Promise((r) => setTimeout(r, opts.everyMs));
    }
    return status;
  }

  async stop(): Promise<void> {
    const all = [this.web, ...this.workers].filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const p of all) p.child.kill("SIGTERM");
    const killer = setTimeout(() => all.forEach((p) => p.child.kill("SIGKILL")), 20_000);
    await Promise.all(all.map((p) => p.exited));
    clearTimeout(killer);
    await this.zalo.close();
    await this.schema.drop();
    await dropPrefix(this.prefix, this.env.REDIS_URL ?? TEST_REDIS_URL).catch(() => undefined);
  }
}
