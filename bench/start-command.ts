import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "./child.js";

/** The node flags of `npm start`, read from package.json so a bench measures what runs. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = (pkg.scripts.start ?? "").split(/\s+/);
  return words.slice(
    words.indexOf("node") + 1,
    words.findIndex((w) => w.startsWith("dist/")),
  );
}

/** Build dist/ when a source is newer, as `npm start` does first. */
export function buildIfStale(): void {
  execFileSync(process.execPath, [path.join(REPO, "scripts/build.mjs"), "--if-stale"], { stdio: "inherit" });
}
