import { randomBytes } from "node:crypto";
import { openPostgres } from "../src/db/postgres.js";
import { testEnv } from "../test/support/env.js";
import { type ServerChild, freePort, startChild } from "./child.js";
import { startFlags } from "./start-command.js";

export interface HotlineServerOptions {
  redisUrl: string;
  redisPrefix: string;
  /** PostgreSQL database in which a throw-away schema is made for this run. */
  databaseUrl: string;
  secret: string;
  /** When set, the child can be profiled (bench/hotline-profiled.ts); profiles are written here. */
  profileFile?: string;
  /** What-if: ioredis auto-pipelining on every connection of the child (see hotline-profiled.ts). */
  autoPipelining?: boolean;
  /** Node flags of the child; default: those of `npm start` (package.json). */
  nodeFlags?: string[];
  /**
   * What-if: another checkout's src/main.ts under tsx (an older commit, to compare in the same
   * harness against the same baseline); its node_modules must be installed.
   */
  repo?: string;
}

export interface HotlineServer extends ServerChild {
  /** Start sampling (profiled child only). */
  startProfile(): void;
  /** Stop sampling and wait until the profile is written; resolves to its path. */
  stopProfile(): Promise<string>;
  /** Stop the child, then drop its schema. */
  close(): Promise<number | null>;
}

/**
 * The real hotline, `ROLE=web`, started exactly as production starts it (`npm start`: the build
 * in dist/ with the node flags of package.json; NODE_ENV=production, LOG_LEVEL=info, JSON logs), in a child process of its own. The web role
 * migrates and syncs officers at start, then never touches the database per webhook; a fresh
 * schema keeps that start from writing into anyone else's tables.
 */
export async function startHotlineServer(opts: HotlineServerOptions): Promise<HotlineServer> {
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const admin = openPostgres(opts.databaseUrl, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  let dropped = false;
  const dropSchema = async () => {
    if (dropped) return;
    dropped = true;
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.close();
  };
  const url = new URL(opts.databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const port = await freePort();
  try {
    const child = await startChild({
      name: "hotline (ROLE=web)",
      // As production runs it: dist/ on plain node with npm start's flags. The profiled and
      // what-if children wrap src/main.ts under tsx (same code, same flags).
      entry: opts.repo ? "src/main.ts" : opts.profileFile || opts.autoPipelining ? "bench/hotline-profiled.ts" : "dist/src/main.js",
      ...(opts.repo ? { repo: opts.repo } : {}),
      nodeFlags: opts.nodeFlags ?? startFlags(),
      ipc: Boolean(opts.profileFile),
      port,
      readyPath: "/healthz",
      env: testEnv({
        ...(opts.profileFile ? { BENCH_PROFILE_OUT: opts.profileFile } : {}),
        ...(opts.autoPipelining ? { BENCH_AUTOPIPELINE: "1" } : {}),
        NODE_ENV: "production",
        // Production refuses to start without it.
        METRICS_TOKEN: "bench-metrics-token-0123456789",
        LOG_LEVEL: "info",
        ROLE: "web",
        PORT: String(port),
        REDIS_URL: opts.redisUrl,
        REDIS_PREFIX: opts.redisPrefix,
        DATABASE_URL: url.toString(),
        ZALO_OA_SECRET_KEY: opts.secret,
        // The pool's 1,000 citizens send ~75 events a minute each: measure storing them, not the
        // per-user limit turning them away (its count still runs on every event).
        USER_MESSAGES_PER_MINUTE: "10000",
      }),
    });
    const profileFile = opts.profileFile;
    return {
      ...child,
      startProfile() {
        if (!profileFile) throw new Error("the hotline was not started for profiling");
        child.child.send("profile:start");
      },
      stopProfile() {
        if (!profileFile) return Promise.reject(new Error("the hotline was not started for profiling"));
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no profile written within 30 s")), 30_000);
          child.child.once("message", () => {
            clearTimeout(timer);
            resolve(profileFile);
          });
          child.child.send("profile:stop");
        });
      },
      async close() {
        const code = await child.stop();
        await dropSchema();
        return code;
      },
    };
  } catch (err) {
    await dropSchema();
    throw err;
  }
}
