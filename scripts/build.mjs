// `npm run build`: compile src/, flows/ and webhooks/ to dist/ and copy what the service reads at
// run time (SQL migrations, the example commune, static files). `--if-stale` builds only when
// dist/ is missing or older than a source: `npm start` runs it first, so a fresh clone starts.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, ".built");
const SOURCES = ["src", "flows", "webhooks"];
const INPUTS = [...SOURCES, "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

function* files(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return yield { path: p, mtimeMs: s.mtimeMs };
  for (const entry of readdirSync(p)) yield* files(path.join(p, entry));
}

function newestInput() {
  let newest = 0;
  for (const input of INPUTS) {
    const p = path.join(ROOT, input);
    if (existsSync(p)) for (const f of files(p)) newest = Math.max(newest, f.mtimeMs);
  }
  return newest;
}

if (process.argv.includes("--if-stale") && existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestInput()) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  console.error(
    "build: dist/ is missing or stale and TypeScript is not installed. Run `npm ci` (with dev dependencies), then `npm run build`.",
  );
  process.exit(1);
}
rmSync(DIST, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// Everything that is not TypeScript is read by the service beside its module (import.meta.url).
for (const dir of SOURCES) {
  for (const f of files(path.join(ROOT, dir))) {
    if (f.path.endsWith(".ts")) continue;
    const to = path.join(DIST, path.relative(ROOT, f.path));
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(f.path, to);
  }
}
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
console.log("build: dist/ is up to date");
