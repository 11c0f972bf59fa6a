import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../src/db/migrate.js";
import { openPglite, type PgliteSnapshot } from "../../src/db/pglite.js";
import { REPO } from "./process.js";

/**
 * The tests' migrated embedded database, made once and shared by every test process through a
 * file: initdb costs each process seconds of CPU (its own wasm compiled and run), a copy of the
 * file a fraction of one. The file is named by what makes it (PGlite's version, the migrations
 * and their runner), so a change to any of them makes a new one and a stale one is never used.
 */
const ENV = "HOTLINE_TEST_PGLITE_TEMPLATE";

function templateFile(): string {
  const hash = createHash("sha256");
  // PGlite's entry module: another version of PGlite, another file.
  hash.update(readFileSync(createRequire(import.meta.url).resolve("@electric-sql/pglite")));
  const migrations = path.join(REPO, "src/db/migrations");
  for (const f of readdirSync(migrations).sort()) hash.update(f).update(readFileSync(path.join(migrations, f)));
  for (const f of ["src/db/migrate.ts", "src/db/pglite.ts"]) hash.update(readFileSync(path.join(REPO, f)));
  return path.join(tmpdir(), `civic-hotline-test-pglite-${hash.digest("hex").slice(0, 16)}.tar`);
}

/**
 * In the global setup: name the file for the test processes and, unless an earlier run left it,
 * start making it. Not awaited: the first test files do not need it (see .mocharc.cjs), and the
 * test processes wait for it when they do.
 */
export function prepareTemplate(): void {
  const file = templateFile();
  process.env[ENV] = file;
  if (existsSync(file)) return;
  void (async () => {
    const db = await openPglite();
    try {
      await migrate(db);
      const tmp = `${file}.${process.pid}`;
      await writeFile(tmp, Buffer.from(await (await db.snapshot()).data.arrayBuffer()));
      await rename(tmp, file);
    } finally {
      await db.close();
    }
  })().catch((err: unknown) => writeFile(`${file}.error`, String((err as Error)?.stack ?? err)));
}

/** The template, in a test process: from the file of the global setup, or made here without one. */
export async function migratedTemplate(): Promise<PgliteSnapshot> {
  const file = process.env[ENV];
  if (!file) {
    const db = await openPglite();
    try {
      await migrate(db);
      return await db.snapshot();
    } finally {
      await db.close();
    }
  }
  const deadline = Date.now() + 120_000;
  while (!existsSync(file)) {
    if (existsSync(`${file}.error`)) throw new Error(`the test database template failed: ${readFileSync(`${file}.error`, "utf8")}`);
    if (Date.now() > deadline) throw new Error(`the test database template ${file} did not appear within 120 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { data: new Blob([await readFile(file)]) };
}
