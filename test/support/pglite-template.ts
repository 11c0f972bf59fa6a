import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { migrate } from "../../src/db/migrate.js";
import { openPglite, type PgliteSnapshot } from "../../src/db/pglite.js";
import { REPO } from "./process.js";

/**
 * The tests' embedded databases, made once and shared by every test process through files: a
 * fresh one (initdb only, for the migration tests) and a migrated one. initdb costs each process
 * seconds of CPU (its own wasm compiled and run), a copy of a file a fraction of one. The files
 * are named by what makes them (PGlite's version, the migrations and their runner), so a change
 * to any of them makes new ones and a stale one is never used.
 */
const TEMPLATES = ["fresh", "migrated"] as const;
export type Template = (typeof TEMPLATES)[number];
const ENV = "HOTLINE_TEST_PGLITE_TEMPLATE";

function templateStem(dir: string): string {
  const hash = createHash("sha256");
  // PGlite's entry module: another version of PGlite, another file.
  hash.update(readFileSync(createRequire(import.meta.url).resolve("@electric-sql/pglite")));
  const migrations = path.join(REPO, "src/db/migrations");
  for (const f of readdirSync(migrations).sort()) hash.update(f).update(readFileSync(path.join(migrations, f)));
  for (const f of ["src/db/migrate.ts", "src/db/pglite.ts"]) hash.update(readFileSync(path.join(REPO, f)));
  return path.join(dir, `pglite-${hash.digest("hex").slice(0, 16)}`);
}

const fileOf = (stem: string, template: Template) => `${stem}-${template}.tar`;

/**
 * In the global setup: name the files (in `dir`, kept from run to run) for the test processes and,
 * unless an earlier run left them, start making them. Not awaited by the setup: the first test
 * files do not need them (see .mocharc.mjs), and the test processes wait for them when they do;
 * the teardown awaits the promise, so that a short run leaves no half-written file behind.
 */
export function prepareTemplates(dir: string): Promise<void> {
  const stem = templateStem(dir);
  process.env[ENV] = stem;
  if (TEMPLATES.every((t) => existsSync(fileOf(stem, t)))) return Promise.resolve();
  rmSync(`${stem}.error`, { force: true }); // an earlier run's failure, not this one's
  const write = async (template: Template, snapshot: PgliteSnapshot) => {
    const tmp = `${fileOf(stem, template)}.${process.pid}`;
    await writeFile(tmp, Buffer.from(await snapshot.data.arrayBuffer()));
    await rename(tmp, fileOf(stem, template));
  };
  return (async () => {
    const db = await openPglite();
    try {
      await write("fresh", await db.snapshot());
      await migrate(db);
      await write("migrated", await db.snapshot());
    } finally {
      await db.close();
    }
  })().catch((err: unknown) => writeFile(`${stem}.error`, String((err as Error)?.stack ?? err)));
}

/** A template, in a test process: from the files of the global setup, or made here without them. */
export async function pgliteTemplate(template: Template): Promise<PgliteSnapshot> {
  const stem = process.env[ENV];
  if (!stem) {
    const db = await openPglite();
    try {
      if (template === "migrated") await migrate(db);
      return await db.snapshot();
    } finally {
      await db.close();
    }
  }
  const file = fileOf(stem, template);
  const deadline = Date.now() + 120_000;
  while (!existsSync(file)) {
    if (existsSync(`${stem}.error`)) throw new Error(`the test database templates failed: ${readFileSync(`${stem}.error`, "utf8")}`);
    if (Date.now() > deadline) throw new Error(`the test database template ${file} did not appear within 120 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { data: new Blob([await readFile(file)]) };
}
