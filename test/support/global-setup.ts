import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { TEST_DATABASE_URL } from "./db.js";
import { prepareTemplates } from "./pglite-template.js";
import { REPO } from "./process.js";
import { TEST_REDIS_URL } from "./redis.js";
import { endTempFolder, startTempFolder } from "./temp-folder.js";

let templates: Promise<void> = Promise.resolve();

/**
 * Before any test: give the run its temp folder (TMPDIR, see temp-folder.ts), start making the embedded database's templates, build dist/ when stale, make sure the real services answer, and create the test
 * database if this machine has never run the tests. A clear message beats a hundred failures.
 */
export async function mochaGlobalSetup(): Promise<void> {
  const { root } = startTempFolder();
  templates = prepareTemplates(root);
  // Child processes run the build, as `npm start` does; building takes a fraction of a second.
  await promisify(execFile)(process.execPath, [path.join(REPO, "scripts/build.mjs"), "--if-stale"], { cwd: REPO });
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${admin.host} (${(err as Error).message}). Start it, or set TEST_DATABASE_URL.`, {
      cause: err,
    });
  }
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!found.rowCount)
      await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`).catch((err: { code?: string }) => {
        // Two test runs starting together: the other one created it.
        if (err.code !== "42P04") throw err;
      });
  } finally {
    await client.end();
  }
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${(err as Error).message}). Start it, or set TEST_REDIS_URL.`, {
      cause: err,
    });
  } finally {
    redis.disconnect();
  }
}

/** After the last test: the templates finished, and the run's temp folder empty (else the run fails). */
export async function mochaGlobalTeardown(): Promise<void> {
  await templates;
  endTempFolder();
}
