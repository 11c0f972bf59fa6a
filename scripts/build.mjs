// `npm run build`: compile src/, flows/ and webhooks/ to dist/ and copy what the service reads at
// run time (SQL migrations, the example commune, static files). `--if-stale` builds only when
// dist/ is missing or older than a source: `npm start` and the tests run it first, so a fresh
// clone starts and the tests' child processes run what `npm start` runs.
//
// esbuild strips the types file by file, as tsx does for the tests and `npm run chat`, so dist/ is
// the code the tests ran; types are checked once, by `npm run typecheck`, not again on each build.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, ".built");
const SOURCES = ["src", "flows", "webhooks"];
const INPUTS = [...SOURCES, "tsconfig.json", "package-lock.json", "scripts/build.mjs"];

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

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.error(
    "build: dist/ is missing or stale and esbuild is not installed. Run `npm ci` (with dev dependencies), then `npm run build`.",
  );
  process.exit(1);
}

const typescript = (f) => f.endsWith(".ts") && !f.endsWith(".d.ts");
// The dashboard's page is served as written (plain JavaScript, checked by tsconfig.page.json).
const servedAsWritten = (f) => f.startsWith(path.join(ROOT, "src/dashboard/page") + path.sep);
const sources = SOURCES.flatMap((dir) => [...files(path.join(ROOT, dir))].map((f) => f.path));

rmSync(DIST, { recursive: true, force: true });
try {
  await esbuild.build({
    entryPoints: sources.filter((f) => typescript(f) && !servedAsWritten(f)),
    outdir: DIST,
    outbase: ROOT,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "warning",
  });
} catch {
  // esbuild has printed the error with its place in the source.
  process.exit(1);
}

// Everything that is not TypeScript is read by the service beside its module (import.meta.url).
for (const f of sources) {
  if (typescript(f) || f.endsWith(".d.ts")) continue;
  const to = path.join(DIST, path.relative(ROOT, f));
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(f, to);
}
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
console.log("build: dist/ is up to date");
